package io.pipescope.query.rules;

import java.util.ArrayList;
import java.util.List;

/** Splits the content of one template action into tokens. */
final class TemplateLexer {
  enum Kind { PIPE, LPAREN, RPAREN, DECLARE, VAR, FIELD, LITERAL, IDENT }

  static final class Tok {
    final Kind kind;
    final String text;
    final List<String> path;
    final Object value;

    Tok(Kind kind, String text, List<String> path, Object value) {
      this.kind = kind;
      this.text = text;
      this.path = path;
      this.value = value;
    }
  }

  private final String s;
  private int i;

  TemplateLexer(String s) {
    this.s = s;
  }

  List<Tok> tokens() throws TemplateException {
    List<Tok> out = new ArrayList<>();
    while (true) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= s.length()) {
        return out;
      }
      char c = s.charAt(i);
      if (c == '|') {
        out.add(new Tok(Kind.PIPE, "|", List.of(), null));
        i++;
      } else if (c == '(') {
        out.add(new Tok(Kind.LPAREN, "(", List.of(), null));
        i++;
      } else if (c == ')') {
        out.add(new Tok(Kind.RPAREN, ")", List.of(), null));
        i++;
      } else if (s.startsWith(":=", i)) {
        out.add(new Tok(Kind.DECLARE, ":=", List.of(), null));
        i += 2;
      } else if (c == '"') {
        out.add(new Tok(Kind.LITERAL, "string", List.of(), quoted()));
      } else if (c == '`') {
        int end = s.indexOf('`', i + 1);
        if (end < 0) {
          throw new TemplateException("unterminated raw quoted string");
        }
        out.add(new Tok(Kind.LITERAL, "string", List.of(), s.substring(i + 1, end)));
        i = end + 1;
      } else if (c == '$') {
        int start = i++;
        word();
        String name = s.substring(start, i);
        out.add(new Tok(Kind.VAR, name, path(), null));
      } else if (c == '.' && (i + 1 >= s.length() || !Character.isDigit(s.charAt(i + 1)))) {
        out.add(new Tok(Kind.FIELD, ".", path(), null));
      } else if (Character.isDigit(c) || c == '-' || c == '+' || c == '.') {
        out.add(new Tok(Kind.LITERAL, "number", List.of(), number()));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        word();
        String w = s.substring(start, i);
        if (w.equals("true") || w.equals("false")) {
          out.add(new Tok(Kind.LITERAL, w, List.of(), Boolean.parseBoolean(w)));
        } else if (w.equals("nil")) {
          out.add(new Tok(Kind.LITERAL, w, List.of(), null));
        } else {
          out.add(new Tok(Kind.IDENT, w, List.of(), null));
        }
      } else {
        throw new TemplateException("unexpected \"" + c + "\" in command");
      }
    }
  }

  private void word() {
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
  }

  /** Zero or more {@code .name} after a variable or at the dot. */
  private List<String> path() throws TemplateException {
    List<String> path = new ArrayList<>();
    while (i < s.length() && s.charAt(i) == '.') {
      i++;
      int start = i;
      word();
      if (start == i) {
        if (path.isEmpty()) {
          return path; // the bare dot
        }
        throw new TemplateException("bad field name");
      }
      path.add(s.substring(start, i));
    }
    return path;
  }

  private Object number() throws TemplateException {
    int start = i;
    while (i < s.length() && "0123456789+-.eExXabcdefABCDEF_".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String n = s.substring(start, i).replace("_", "");
    try {
      if (n.matches("[+-]?\\d+")) {
        return Long.parseLong(n);
      }
      return Double.parseDouble(n);
    } catch (NumberFormatException e) {
      throw new TemplateException("bad number syntax: \"" + n + "\"");
    }
  }

  private String quoted() throws TemplateException {
    StringBuilder b = new StringBuilder();
    i++;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= s.length()) {
        break;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case '\\' -> b.append('\\');
        case '"' -> b.append('"');
        case '\'' -> b.append('\'');
        case 'x' -> {
          b.append((char) Integer.parseInt(s.substring(i, i + 2), 16));
          i += 2;
        }
        case 'u' -> {
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw new TemplateException("invalid syntax in string escape \\" + e);
      }
    }
    throw new TemplateException("unterminated quoted string");
  }
}
