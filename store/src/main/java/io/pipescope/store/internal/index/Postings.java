package io.pipescope.store.internal.index;

import java.util.ArrayList;
import java.util.List;

/**
 * An iterator over sorted, distinct series references (Prometheus's {@code index.Postings}):
 * {@code while (p.next()) use(p.at());}. The combinators are lazy: they walk their inputs with
 * {@link #next()} and {@link #seek(long)} and never copy them.
 */
public interface Postings {
  /** Moves to the next reference; false when there is none, and from then on. */
  boolean next();

  /**
   * Moves to the first reference at or after {@code ref}; false when there is none. Never moves
   * backwards: when the current reference is already at or after {@code ref} it stays. Usable
   * before the first {@link #next()}.
   */
  boolean seek(long ref);

  /** The current reference; valid only after {@link #next()} or {@link #seek(long)} returned true. */
  long at();

  static Postings empty() {
    return EmptyPostings.INSTANCE;
  }

  /** @throws IllegalArgumentException unless the references increase strictly */
  static Postings of(long... refs) {
    for (int i = 1; i < refs.length; i++) {
      if (refs[i] <= refs[i - 1]) {
        throw new IllegalArgumentException(
            "postings must increase strictly, got " + refs[i - 1] + " then " + refs[i] + " at " + i);
      }
    }
    return refs.length == 0 ? empty() : new ListPostings(refs.clone(), refs.length);
  }

  /** References present in every input; no inputs give no references. */
  static Postings intersect(Postings... inputs) {
    return intersect(List.of(inputs));
  }

  static Postings intersect(List<Postings> inputs) {
    if (inputs.isEmpty() || inputs.contains(empty())) {
      return empty();
    }
    return inputs.size() == 1 ? inputs.get(0) : new IntersectPostings(inputs);
  }

  /** References present in any input (the union). */
  static Postings merge(Postings... inputs) {
    return merge(List.of(inputs));
  }

  static Postings merge(List<Postings> inputs) {
    List<Postings> nonEmpty = new ArrayList<>(inputs.size());
    for (Postings p : inputs) {
      if (p != empty()) {
        nonEmpty.add(p);
      }
    }
    return switch (nonEmpty.size()) {
      case 0 -> empty();
      case 1 -> nonEmpty.get(0);
      default -> new MergedPostings(nonEmpty);
    };
  }

  /** References of {@code full} that are not in {@code drop}. */
  static Postings without(Postings full, Postings drop) {
    if (full == empty() || drop == empty()) {
      return full;
    }
    return new WithoutPostings(full, drop);
  }
}
