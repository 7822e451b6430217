package io.pipescope.query.promql.parser;

import java.util.List;

/**
 * How a binary operation between two instant vectors pairs their elements.
 *
 * @param matchingLabels the labels of {@code on(...)} when {@code on}, else of {@code ignoring(...)}
 * @param include the labels of {@code group_left(...)} / {@code group_right(...)}
 */
public record VectorMatching(
    Cardinality card, List<String> matchingLabels, boolean on, List<String> include) {

  /** Which side may have several elements per match group. */
  public enum Cardinality {
    ONE_TO_ONE("one-to-one"),
    MANY_TO_ONE("many-to-one"),
    ONE_TO_MANY("one-to-many"),
    MANY_TO_MANY("many-to-many");

    private final String text;

    Cardinality(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  public VectorMatching {
    matchingLabels = List.copyOf(matchingLabels);
    include = List.copyOf(include);
  }

  static VectorMatching oneToOne() {
    return new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
  }

  VectorMatching withCard(Cardinality c) {
    return new VectorMatching(c, matchingLabels, on, include);
  }
}
