package io.pipescope.aggregator.internal.factory;

import com.google.protobuf.ByteString;

/**
 * A closed feature, ready to be counted.
 *
 * @param leadTimeSeconds first span start to deployed and healthy; NaN when the feature did not get there
 * @param reworkStages checkers that needed more than one run
 */
record FeatureSummary(String featureType, FeatureOutcome outcome, double leadTimeSeconds, int reworkStages,
    long tokens, String closedBy, ByteString traceId, long endMillis) {}
