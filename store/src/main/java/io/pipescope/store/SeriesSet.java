package io.pipescope.store;

/** Series returned by a select, consumed once: {@code while (set.next()) use(set.at());}. */
public interface SeriesSet {
  boolean next();

  Series at();

  /** Set when reading failed; the series returned before it are still valid. */
  default Exception error() {
    return null;
  }

  static SeriesSet empty() {
    return new SeriesSet() {
      @Override
      public boolean next() {
        return false;
      }

      @Override
      public Series at() {
        throw new IllegalStateException("empty series set");
      }
    };
  }
}
