package io.pipescope.query.promql.engine;

import java.util.List;

/** The functions over a range of samples of one series (functions.go: rate, *_over_time, ...). */
final class RangeFunctions {
  private RangeFunctions() {}

  static Double rate(Series s, FunctionTable.RangeCall call) {
    return extrapolatedRate(s.points(), call.range(), true, true);
  }

  static Double increase(Series s, FunctionTable.RangeCall call) {
    return extrapolatedRate(s.points(), call.range(), true, false);
  }

  static Double delta(Series s, FunctionTable.RangeCall call) {
    return extrapolatedRate(s.points(), call.range(), false, false);
  }

  /**
   * The increase over the range, extrapolated to the range's ends when the samples come close enough
   * to them (within 1.1 average intervals), else by half an average interval; never below zero for
   * counters.
   */
  static Double extrapolatedRate(List<FPoint> pts, Evaluator.RangeArg r, boolean isCounter, boolean isRate) {
    if (pts.size() < 2) {
      return null;
    }
    int last = pts.size() - 1;
    long firstT = pts.get(0).t();
    long lastT = pts.get(last).t();
    double result = pts.get(last).v() - pts.get(0).v();
    if (isCounter) {
      double prev = pts.get(0).v();
      for (int i = 1; i < pts.size(); i++) {
        double cur = pts.get(i).v();
        if (cur < prev) {
          result += prev;
        }
        prev = cur;
      }
    }
    double durationToStart = (firstT - r.rangeStart()) / 1000.0;
    double durationToEnd = (r.rangeEnd() - lastT) / 1000.0;
    double sampledInterval = (lastT - firstT) / 1000.0;
    double averageInterval = sampledInterval / last;
    double threshold = averageInterval * 1.1;
    if (durationToStart >= threshold) {
      durationToStart = averageInterval / 2;
    }
    if (isCounter) {
      // A counter cannot go below zero: do not extrapolate past the point where it would be zero.
      double durationToZero = durationToStart;
      if (result > 0 && pts.get(0).v() >= 0) {
        durationToZero = sampledInterval * (pts.get(0).v() / result);
      }
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    if (durationToEnd >= threshold) {
      durationToEnd = averageInterval / 2;
    }
    double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    if (isRate) {
      factor /= r.rangeSeconds();
    }
    return result * factor;
  }

  /** irate and idelta: from the last two samples; a counter reset counts from zero. */
  static Double instantValue(List<FPoint> pts, boolean isRate) {
    if (pts.size() < 2) {
      return null;
    }
    FPoint prev = pts.get(pts.size() - 2);
    FPoint last = pts.get(pts.size() - 1);
    long interval = last.t() - prev.t();
    if (interval == 0) {
      return null;
    }
    double v = last.v();
    if (!isRate || !(last.v() < prev.v())) {
      v = last.v() - prev.v();
    }
    if (isRate) {
      v /= interval / 1000.0;
    }
    return v;
  }

  static double avg(List<FPoint> pts) {
    Aggregations.Mean mean = new Aggregations.Mean();
    for (FPoint p : pts) {
      mean.add(p.v());
    }
    return mean.result();
  }

  static double sum(List<FPoint> pts) {
    double sum = 0;
    double c = 0;
    for (FPoint p : pts) {
      double[] r = Aggregations.kahanSumInc(p.v(), sum, c);
      sum = r[0];
      c = r[1];
    }
    return sum + c;
  }

  static double minMax(List<FPoint> pts, boolean max) {
    double v = pts.get(0).v();
    for (FPoint p : pts) {
      if ((max ? v < p.v() : v > p.v()) || Double.isNaN(v)) {
        v = p.v();
      }
    }
    return v;
  }

  static double tsOfMinMax(List<FPoint> pts, boolean max) {
    double v = pts.get(0).v();
    long t = pts.get(0).t();
    for (FPoint p : pts) {
      if ((max ? v <= p.v() : v >= p.v()) || Double.isNaN(v)) {
        v = p.v();
        t = p.t();
      }
    }
    return t / 1000.0;
  }

  static double variance(List<FPoint> pts) {
    double count = 0;
    double mean = 0;
    double meanC = 0;
    double aux = 0;
    double auxC = 0;
    for (FPoint p : pts) {
      count++;
      double delta = p.v() - (mean + meanC);
      double[] r = Aggregations.kahanSumInc(delta / count, mean, meanC);
      mean = r[0];
      meanC = r[1];
      double[] r2 = Aggregations.kahanSumInc(delta * (p.v() - (mean + meanC)), aux, auxC);
      aux = r2[0];
      auxC = r2[1];
    }
    return (aux + auxC) / count;
  }

  static double[] values(List<FPoint> pts) {
    double[] out = new double[pts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = pts.get(i).v();
    }
    return out;
  }

  static double mad(List<FPoint> pts) {
    double[] vals = values(pts);
    for (double v : vals) {
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
    }
    double median = MathFunctions.quantile(0.5, vals);
    double[] dev = new double[vals.length];
    for (int i = 0; i < vals.length; i++) {
      dev[i] = Math.abs(vals[i] - median);
    }
    return MathFunctions.quantile(0.5, dev);
  }

  static double changes(List<FPoint> pts) {
    int changes = 0;
    double prev = pts.get(0).v();
    for (int i = 1; i < pts.size(); i++) {
      double cur = pts.get(i).v();
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
      prev = cur;
    }
    return changes;
  }

  static double resets(List<FPoint> pts) {
    int resets = 0;
    double prev = pts.get(0).v();
    for (int i = 1; i < pts.size(); i++) {
      double cur = pts.get(i).v();
      if (cur < prev) {
        resets++;
      }
      prev = cur;
    }
    return resets;
  }

  static Double doubleExponentialSmoothing(Series s, FunctionTable.RangeCall call) {
    double sf = call.params()[0];
    double tf = call.params()[1];
    if (sf <= 0 || sf >= 1) {
      throw PromqlException.of("invalid smoothing factor. Expected: 0 < sf < 1, got: %f", sf);
    }
    if (tf <= 0 || tf >= 1) {
      throw PromqlException.of("invalid trend factor. Expected: 0 < tf < 1, got: %f", tf);
    }
    List<FPoint> pts = s.points();
    if (pts.size() < 2) {
      return null;
    }
    double s0 = 0;
    double s1 = pts.get(0).v();
    double b = pts.get(1).v() - pts.get(0).v();
    for (int i = 1; i < pts.size(); i++) {
      double x = sf * pts.get(i).v();
      if (i > 1) {
        b = tf * (s1 - s0) + (1 - tf) * b;
      }
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  }
}
