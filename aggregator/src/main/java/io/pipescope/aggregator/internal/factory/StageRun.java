package io.pipescope.aggregator.internal.factory;

import com.google.protobuf.ByteString;

/**
 * What the feature assembler needs of one span: when it ran, what kind of stage it was, how it
 * ended. Filled per span into a reused instance.
 */
final class StageRun {
  String checker;
  StageKind kind;
  StageResult result;
  /** The attempt number from the span, or 0 when the span does not say. */
  long attempt;
  long startNanos;
  long endNanos;
  boolean root;
  String featureId;
  String featureType;
  String featureName;
  String environment;
  boolean rollback;
  long tokens;
  /** The span's ids, for exemplars. */
  ByteString traceId;
  ByteString spanId;
}
