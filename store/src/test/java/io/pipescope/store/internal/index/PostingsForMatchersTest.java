package io.pipescope.store.internal.index;

import static io.pipescope.store.internal.index.ExpandedPostings.expand;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipescope.aggregator.metrics.Labels;
import io.pipescope.store.LabelMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PostingsForMatchersTest {
  private static final Map<Long, Labels> FIXTURE = new LinkedHashMap<>();

  static {
    FIXTURE.put(10L, Labels.of("__name__", "up", "job", "api", "a", "1", "b", "2"));
    FIXTURE.put(20L, Labels.of("__name__", "up", "job", "api", "a", "2", "b", "x"));
    FIXTURE.put(30L, Labels.of("__name__", "up", "job", "db", "a", "10"));
    FIXTURE.put(40L, Labels.of("__name__", "down", "job", "db", "b", "2"));
    FIXTURE.put(50L, Labels.of("__name__", "down", "a", "1", "b", "3"));
    FIXTURE.put(60L, Labels.of("__name__", "requests_total", "job", "web", "a", "11", "b", "2"));
    FIXTURE.put(70L, Labels.of("__name__", "up", "a", "", "b", "x"));
    FIXTURE.put(80L, Labels.of("__name__", "down", "job", "web", "a", "2", "b", "2"));
    FIXTURE.put(90L, Labels.of("__name__", "requests_total"));
    FIXTURE.put(100L, Labels.of("job", "batch", "a", "1"));
  }

  private static final long[] ALL = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

  static Stream<Arguments> selectors() {
    return Stream.of(
        Arguments.of("{a=\"1\"}", new long[] {10, 50, 100}),
        Arguments.of("{a!=\"1\"}", new long[] {20, 30, 40, 60, 70, 80, 90}),
        Arguments.of("{a=\"\"}", new long[] {40, 70, 90}),
        Arguments.of("{a!=\"\"}", new long[] {10, 20, 30, 50, 60, 80, 100}),
        Arguments.of("{a=~\"1|2\"}", new long[] {10, 20, 50, 80, 100}),
        Arguments.of("{a=~\".*\"}", ALL),
        Arguments.of("{a=~\".+\"}", new long[] {10, 20, 30, 50, 60, 80, 100}),
        Arguments.of("{a!~\"1|2\"}", new long[] {30, 40, 60, 70, 90}),
        Arguments.of("{a!~\".*\"}", new long[] {}),
        Arguments.of("{a=\"1\",b=\"2\"}", new long[] {10}),
        Arguments.of("{a=\"1\",b!=\"2\"}", new long[] {50, 100}),
        Arguments.of("{a=~\"1.*\",b!~\"x\"}", new long[] {10, 30, 50, 60, 100}),
        Arguments.of("{__name__=\"up\"}", new long[] {10, 20, 30, 70}),
        Arguments.of("{__name__=~\"up|down\",job!=\"\"}", new long[] {10, 20, 30, 40, 80}),
        // Beyond the required ones: the other fast paths and how matchers on one label combine.
        Arguments.of("{a!~\".+\"}", new long[] {40, 70, 90}),
        Arguments.of("{a=~\"1|\"}", new long[] {10, 40, 50, 70, 90, 100}),
        Arguments.of("{a=~\"1|\",b=\"2\"}", new long[] {10, 40}),
        Arguments.of("{a=~\".*\",a!=\"1\"}", new long[] {20, 30, 40, 60, 70, 80, 90}),
        Arguments.of("{a=~\".+\",a!=\"1\"}", new long[] {20, 30, 60, 80}),
        Arguments.of("{a=~\".*\",a!=\"\"}", new long[] {10, 20, 30, 50, 60, 80, 100}),
        Arguments.of("{a=~\"1|2|\",a!=\"\",a!=\"1\"}", new long[] {20, 80}),
        Arguments.of("{a=\"\",b=\"\"}", new long[] {90}),
        Arguments.of("{a!=\"1\",b!=\"2\",job!~\"api|db\"}", new long[] {70, 90}),
        Arguments.of("{missing=\"\"}", ALL),
        Arguments.of("{missing=\"x\"}", new long[] {}),
        Arguments.of("{missing!=\"x\",a=\"2\"}", new long[] {20, 80}),
        Arguments.of("{__name__=~\"req.*\"}", new long[] {60, 90}),
        Arguments.of("{__name__!~\"up\",job=~\"web|batch\"}", new long[] {60, 80, 100}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("selectors")
  void selectsExactlyTheSeriesTheMatchersAcceptReadingAnAbsentLabelAsEmpty(String selector, long[] expected) {
    LabelMatcher[] matchers = Selectors.parse(selector);

    List<Long> selected = expand(PostingsForMatchers.select(index(FIXTURE), matchers));

    assertEquals(LongStream.of(expected).boxed().toList(), selected);
    assertEquals(BruteForceSelection.select(FIXTURE, matchers), selected);
  }

  @Test
  void noMatchersSelectEverySeries() {
    assertEquals(LongStream.of(ALL).boxed().toList(), expand(PostingsForMatchers.select(index(FIXTURE))));
  }

  @Test
  void deletedSeriesAreNotSelected() {
    MemPostings index = index(FIXTURE);
    index.delete(Set.of(10L, 70L));

    assertEquals(List.of(20L, 30L), expand(PostingsForMatchers.select(index, Selectors.parse("{__name__=\"up\"}"))));
    assertEquals(List.of(40L, 90L), expand(PostingsForMatchers.select(index, Selectors.parse("{a=\"\"}"))));
  }

  @Test
  void aLabelWithAnEmptyNameIsNotMistakenForTheAllSeriesKey() {
    MemPostings index = new MemPostings();
    index.add(1, Labels.of("", "x"));
    index.add(2, Labels.of("", "y"));
    index.add(3, Labels.of("job", "api"));
    // Every value of the label "" must be set and be x or y; of those, "" or y is accepted.
    LabelMatcher[] matchers = {
      LabelMatcher.of(LabelMatcher.Type.REGEX, "", "|y"), LabelMatcher.of(LabelMatcher.Type.REGEX, "", "x|y")
    };

    assertEquals(List.of(2L), expand(PostingsForMatchers.select(index, matchers)));
  }

  /**
   * Random label sets over three names with four values each (a label may be absent, or present
   * with an empty value), added in random order, some then deleted; random matchers of every type
   * over those names and one no series has. The postings must equal the brute-force answer.
   */
  @Test
  void randomSelectionsAgreeWithBruteForce() {
    List<String> names = List.of("a", "b", "c");
    List<String> values = List.of("1", "2", "10", "x");
    List<String> matcherNames = List.of("a", "b", "c", "d");
    List<String> matcherValues =
        List.of("1", "2", "10", "x", "", "1|2", ".*", ".+", "1.*", "x|", "1|10|x", "nope", "[0-9]+", "2|");
    Random random = new Random(42L);
    for (int c = 0; c < 4000; c++) {
      Map<Long, Labels> series = randomSeries(random, names, values);
      MemPostings index = new MemPostings();
      List<Long> addOrder = new ArrayList<>(series.keySet());
      Collections.shuffle(addOrder, random);
      for (long ref : addOrder) {
        index.add(ref, series.get(ref));
      }
      if (random.nextInt(3) == 0) {
        Set<Long> deleted =
            series.keySet().stream().filter(r -> random.nextInt(4) == 0).collect(Collectors.toCollection(HashSet::new));
        index.delete(deleted);
        series.keySet().removeAll(deleted);
      }
      LabelMatcher[] matchers = new LabelMatcher[random.nextInt(4)];
      for (int i = 0; i < matchers.length; i++) {
        matchers[i] =
            LabelMatcher.of(
                LabelMatcher.Type.values()[random.nextInt(4)],
                matcherNames.get(random.nextInt(matcherNames.size())),
                matcherValues.get(random.nextInt(matcherValues.size())));
      }

      int caseNumber = c;
      assertEquals(
          BruteForceSelection.select(series, matchers),
          expand(PostingsForMatchers.select(index, matchers)),
          () -> "case " + caseNumber + ": " + Arrays.toString(matchers) + " over " + series);
    }
  }

  private static Map<Long, Labels> randomSeries(Random random, List<String> names, List<String> values) {
    Map<Long, Labels> series = new LinkedHashMap<>();
    int count = random.nextInt(25);
    while (series.size() < count) {
      List<String> pairs = new ArrayList<>();
      for (String name : names) {
        int roll = random.nextInt(10);
        if (roll < 3) {
          continue; // absent
        }
        pairs.add(name);
        pairs.add(roll == 3 ? "" : values.get(random.nextInt(values.size())));
      }
      series.put(1L + random.nextInt(200), Labels.of(pairs.toArray(new String[0])));
    }
    return series;
  }

  static MemPostings index(Map<Long, Labels> series) {
    MemPostings index = new MemPostings();
    series.forEach(index::add);
    return index;
  }
}
