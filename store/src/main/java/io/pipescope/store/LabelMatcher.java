package io.pipescope.store;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * A label matcher as PromQL writes them: {@code =}, {@code !=}, {@code =~}, {@code !~}. Regular
 * expressions use RE2 syntax through RE2/J (linear time, as Go's regexp in Prometheus) and are
 * anchored at both ends, as Prometheus anchors them. An absent label matches as the empty string.
 */
public final class LabelMatcher {
  /** The four matcher types. */
  public enum Type {
    EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

    private final String operator;

    Type(String operator) {
      this.operator = operator;
    }

    public String operator() {
      return operator;
    }
  }

  private final Type type;
  private final String name;
  private final String value;
  private final Pattern pattern;

  private LabelMatcher(Type type, String name, String value) {
    this.type = Objects.requireNonNull(type);
    this.name = Objects.requireNonNull(name);
    this.value = Objects.requireNonNull(value);
    this.pattern = type == Type.REGEX || type == Type.NOT_REGEX ? compile(value) : null;
  }

  /** @throws IllegalArgumentException for a regular expression RE2 does not accept */
  public static LabelMatcher of(Type type, String name, String value) {
    return new LabelMatcher(type, name, value);
  }

  public static LabelMatcher equal(String name, String value) {
    return new LabelMatcher(Type.EQUAL, name, value);
  }

  private static Pattern compile(String regex) {
    try {
      // Parsed alone first: once wrapped, an unbalanced "a)|(b" would pass as "^(?:a)|(b)$".
      Pattern.compile(regex, Pattern.DOTALL);
      return Pattern.compile("^(?:" + regex + ")$", Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription(), e);
    }
  }

  public boolean matches(String labelValue) {
    String v = labelValue == null ? "" : labelValue;
    return switch (type) {
      case EQUAL -> v.equals(value);
      case NOT_EQUAL -> !v.equals(value);
      case REGEX -> pattern.matches(v);
      case NOT_REGEX -> !pattern.matches(v);
    };
  }

  /** Whether a series without this label (value "") matches. */
  public boolean matchesEmpty() {
    return matches("");
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher m && type == m.type && name.equals(m.name) && value.equals(m.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, value);
  }

  @Override
  public String toString() {
    return name + type.operator + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
