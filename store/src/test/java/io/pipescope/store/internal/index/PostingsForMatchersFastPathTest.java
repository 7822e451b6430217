package io.pipescope.store.internal.index;

import static io.pipescope.store.internal.index.ExpandedPostings.expand;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipescope.aggregator.metrics.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which lookups a selection makes: literal alternatives and the {@code .*} and {@code .+} shapes are
 * answered without testing every value of the label, as Prometheus answers them.
 */
class PostingsForMatchersFastPathTest {

  /** Records each lookup as a short line, then answers from a real index. */
  private static final class RecordingReader implements PostingsReader {
    final List<String> lookups = new ArrayList<>();
    private final MemPostings index = new MemPostings();

    RecordingReader() {
      index.add(1, Labels.of("a", "1", "b", "x"));
      index.add(2, Labels.of("a", "2"));
      index.add(3, Labels.of("a", "3", "b", "y"));
      index.add(4, Labels.of("b", "x"));
    }

    @Override
    public Postings allPostings() {
      lookups.add("all");
      return index.allPostings();
    }

    @Override
    public Postings postings(String name, String value) {
      lookups.add(name + "=" + value);
      return index.postings(name, value);
    }

    @Override
    public Postings postingsForLabelMatching(String name, Predicate<String> predicate) {
      lookups.add("scan " + name);
      return index.postingsForLabelMatching(name, predicate);
    }

    @Override
    public Postings postingsForAllLabelValues(String name) {
      lookups.add("has " + name);
      return index.postingsForAllLabelValues(name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "{a=\"1\"}; a=1; 1",
        "{a=~\"1|2\"}; a=1 a=2; 1 2",
        "{a!~\"1|2\"}; all a=1 a=2; 3 4",
        "{a=~\".*\"}; all; 1 2 3 4",
        "{a!~\".*\"}; ; ",
        "{a=~\".+\"}; has a; 1 2 3",
        "{a!~\".+\"}; all has a; 4",
        "{a!=\"\"}; has a; 1 2 3",
        "{a=\"\"}; all has a; 4",
        "{a=~\".*\",b=\"x\"}; b=x; 1 4",
        "{a=~\".*\",a=\"1\"}; a=1; 1",
        "{a=~\"[12]\"}; scan a; 1 2",
      })
  void selectionsMakeTheseLookups(String selector, String lookups, String refs) {
    RecordingReader reader = new RecordingReader();

    List<Long> selected = expand(PostingsForMatchers.select(reader, Selectors.parse(selector)));

    assertEquals(words(lookups), String.join(" ", reader.lookups));
    assertEquals(words(refs), selected.stream().map(String::valueOf).reduce((x, y) -> x + " " + y).orElse(""));
  }

  private static String words(String csvField) {
    return csvField == null ? "" : csvField;
  }
}
