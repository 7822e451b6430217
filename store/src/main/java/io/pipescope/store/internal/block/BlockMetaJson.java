package io.pipescope.store.internal.block;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code meta.json} in the shape Prometheus gives it (ulid, minTime, maxTime,
 * stats, compaction.level/sources, version), tab-indented as Go's encoder writes it.
 */
final class BlockMetaJson {
  static final String FILE_NAME = "meta.json";

  private BlockMetaJson() {}

  static String encode(BlockMeta meta) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n");
    sb.append("\t\"ulid\": ").append(quote(meta.ulid())).append(",\n");
    sb.append("\t\"minTime\": ").append(meta.minTime()).append(",\n");
    sb.append("\t\"maxTime\": ").append(meta.maxTime()).append(",\n");
    sb.append("\t\"stats\": {\n");
    sb.append("\t\t\"numSamples\": ").append(meta.stats().numSamples()).append(",\n");
    sb.append("\t\t\"numSeries\": ").append(meta.stats().numSeries()).append(",\n");
    sb.append("\t\t\"numChunks\": ").append(meta.stats().numChunks()).append("\n");
    sb.append("\t},\n");
    sb.append("\t\"compaction\": {\n");
    sb.append("\t\t\"level\": ").append(meta.compaction().level()).append(",\n");
    sb.append("\t\t\"sources\": [");
    List<String> sources = meta.compaction().sources();
    for (int i = 0; i < sources.size(); i++) {
      sb.append(i == 0 ? "\n" : ",\n").append("\t\t\t").append(quote(sources.get(i)));
    }
    sb.append(sources.isEmpty() ? "]\n" : "\n\t\t]\n");
    sb.append("\t},\n");
    sb.append("\t\"version\": ").append(meta.version()).append("\n");
    sb.append("}\n");
    return sb.toString();
  }

  /**
   * @throws CorruptBlockException when the file is not JSON (naming the offset), lacks a field,
   *     has one of the wrong type, or declares a version this build does not read
   */
  static BlockMeta read(Path file) throws IOException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CorruptBlockException(file, FILE_NAME, CorruptBlockException.NO_OFFSET, "not valid UTF-8");
    }
    return decode(file, text);
  }

  static BlockMeta decode(Path file, String text) throws CorruptBlockException {
    Object root;
    try {
      root = JsonParser.parse(text);
    } catch (JsonParser.MalformedJsonException e) {
      // A character offset: the byte offset too, for the ASCII this writer produces.
      throw new CorruptBlockException(file, FILE_NAME, e.offset(), e.getMessage());
    }
    Members json = new Members(file, root, "the document");
    int version = json.integer("version");
    if (version != BlockMeta.CURRENT_VERSION) {
      throw json.corrupt("version", "block version " + version + " is not readable; this build reads version "
          + BlockMeta.CURRENT_VERSION);
    }
    String ulid = json.string("ulid");
    if (!Ulid.isValid(ulid)) {
      throw json.corrupt("ulid", "\"" + ulid + "\" is not a ULID");
    }
    long minTime = json.number("minTime");
    long maxTime = json.number("maxTime");
    if (minTime >= maxTime) {
      throw json.corrupt("maxTime", "maxTime " + maxTime + " is not after minTime " + minTime);
    }
    Members stats = json.object("stats");
    Members compaction = json.object("compaction");
    List<String> sources = new ArrayList<>();
    for (Object source : compaction.array("sources")) {
      if (!(source instanceof String s) || !Ulid.isValid(s)) {
        throw compaction.corrupt("sources", "holds " + source + ", not a ULID");
      }
      sources.add(s);
    }
    return new BlockMeta(ulid, minTime, maxTime,
        new BlockMeta.Stats(stats.number("numSeries"), stats.number("numChunks"), stats.number("numSamples")),
        new BlockMeta.Compaction(compaction.integer("level"), sources),
        version);
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** Typed access to the members of one JSON object, failing with the member's path. */
  private static final class Members {
    private final Path file;
    private final Map<?, ?> members;
    private final String path;

    Members(Path file, Object value, String path) throws CorruptBlockException {
      if (!(value instanceof Map<?, ?> map)) {
        throw new CorruptBlockException(file, FILE_NAME, CorruptBlockException.NO_OFFSET, path + " is not an object");
      }
      this.file = file;
      this.members = map;
      this.path = path;
    }

    long number(String name) throws CorruptBlockException {
      if (!(get(name) instanceof Long n)) {
        throw corrupt(name, "is not an integer");
      }
      return n;
    }

    int integer(String name) throws CorruptBlockException {
      long n = number(name);
      if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
        throw corrupt(name, n + " is out of range");
      }
      return (int) n;
    }

    String string(String name) throws CorruptBlockException {
      if (!(get(name) instanceof String s)) {
        throw corrupt(name, "is not a string");
      }
      return s;
    }

    Members object(String name) throws CorruptBlockException {
      return new Members(file, get(name), field(name));
    }

    List<?> array(String name) throws CorruptBlockException {
      if (!(get(name) instanceof List<?> list)) {
        throw corrupt(name, "is not an array");
      }
      return list;
    }

    private Object get(String name) throws CorruptBlockException {
      if (!members.containsKey(name)) {
        throw corrupt(name, "is missing");
      }
      return members.get(name);
    }

    private String field(String name) {
      return path.equals("the document") ? name : path + "." + name;
    }

    CorruptBlockException corrupt(String name, String problem) {
      return new CorruptBlockException(file, FILE_NAME + " field " + field(name), CorruptBlockException.NO_OFFSET, problem);
    }
  }
}
