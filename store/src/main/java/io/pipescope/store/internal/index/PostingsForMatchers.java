package io.pipescope.store.internal.index;

import io.pipescope.store.LabelMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The series a list of label matchers selects (Prometheus's {@code tsdb.PostingsForMatchers}). A
 * series without a label reads it as the empty string, so {@code {a=""}} selects the series
 * without {@code a} and {@code {a!="1"}} includes them.
 *
 * <p>Each matcher either intersects or subtracts. It intersects when some matcher on its label
 * rejects the empty string and it is not a negation that accepts it: then the series it keeps all
 * carry the label, and it contributes those whose value it accepts. Otherwise it subtracts the
 * series that carry the label with a value it rejects. With nothing to intersect, the base is every
 * series. Matchers on the same label may be repeated; no matchers at all select every series.
 */
public final class PostingsForMatchers {
  private static final String ANY = ".*";
  private static final String ANY_NON_EMPTY = ".+";

  private PostingsForMatchers() {}

  /** The selected series, sorted and distinct, read lazily from snapshots of {@code index}. */
  public static Postings select(PostingsReader index, LabelMatcher... matchers) {
    Set<String> mustBeSet = new HashSet<>();
    for (LabelMatcher m : matchers) {
      if (!m.matchesEmpty()) {
        mustBeSet.add(m.name());
      }
    }
    List<LabelMatcher> intersecting = new ArrayList<>();
    List<LabelMatcher> subtracting = new ArrayList<>();
    for (LabelMatcher m : matchers) {
      boolean negatesEmpty = isNegation(m) && m.matchesEmpty();
      (mustBeSet.contains(m.name()) && !negatesEmpty ? intersecting : subtracting).add(m);
    }

    // The base is read before the lists subtracted from it: a series added in between may then
    // appear in a subtracted list but never in the base alone, so it cannot slip through.
    List<Postings> base = new ArrayList<>();
    for (LabelMatcher m : intersecting) {
      if (m.type() == LabelMatcher.Type.REGEX && m.value().equals(ANY)) {
        continue; // Another matcher on this label already demands that it be set.
      }
      Postings p = withAcceptedValue(index, m);
      if (p == Postings.empty()) {
        return Postings.empty();
      }
      base.add(p);
    }
    Postings selected = base.isEmpty() ? index.allPostings() : Postings.intersect(base);
    for (LabelMatcher m : subtracting) {
      selected = Postings.without(selected, withRejectedValue(index, m));
    }
    return selected;
  }

  private static boolean isNegation(LabelMatcher m) {
    return m.type() == LabelMatcher.Type.NOT_EQUAL || m.type() == LabelMatcher.Type.NOT_REGEX;
  }

  /** Series that carry the label of {@code m} with a value {@code m} accepts. */
  private static Postings withAcceptedValue(PostingsReader index, LabelMatcher m) {
    String name = m.name();
    String value = m.value();
    return switch (m.type()) {
      case EQUAL -> value.isEmpty() ? Postings.empty() : index.postings(name, value);
      case NOT_EQUAL -> value.isEmpty()
          ? index.postingsForAllLabelValues(name)
          : index.postingsForLabelMatching(name, m::matches);
      case REGEX -> value.equals(ANY_NON_EMPTY)
          ? index.postingsForAllLabelValues(name)
          : literalsOrScan(index, m, m::matches);
      case NOT_REGEX -> value.equals(ANY)
          ? Postings.empty()
          : index.postingsForLabelMatching(name, m::matches);
    };
  }

  /** Series that carry the label of {@code m} with a value {@code m} rejects. */
  private static Postings withRejectedValue(PostingsReader index, LabelMatcher m) {
    String name = m.name();
    String value = m.value();
    return switch (m.type()) {
      case EQUAL -> value.isEmpty()
          ? index.postingsForAllLabelValues(name)
          : index.postingsForLabelMatching(name, v -> !m.matches(v));
      case NOT_EQUAL -> value.isEmpty() ? Postings.empty() : index.postings(name, value);
      case REGEX -> value.equals(ANY)
          ? Postings.empty()
          : index.postingsForLabelMatching(name, v -> !m.matches(v));
      case NOT_REGEX -> value.equals(ANY) || value.equals(ANY_NON_EMPTY)
          ? index.postingsForAllLabelValues(name)
          : literalsOrScan(index, m, v -> !m.matches(v));
    };
  }

  /**
   * Series whose value is one of the literal alternatives that make up the regular expression of
   * {@code m}, looked up directly; for any other expression, series whose value {@code scan} accepts.
   */
  private static Postings literalsOrScan(PostingsReader index, LabelMatcher m, Predicate<String> scan) {
    List<String> literals = LiteralAlternatives.of(m.value());
    if (literals == null) {
      return index.postingsForLabelMatching(m.name(), scan);
    }
    // Empty values are never indexed; looking one up could also hit the index's all-series key.
    literals.removeIf(String::isEmpty);
    return index.postings(m.name(), literals);
  }
}
