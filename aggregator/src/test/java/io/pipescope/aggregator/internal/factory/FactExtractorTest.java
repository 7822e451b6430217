package io.pipescope.aggregator.internal.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.pipescope.aggregator.FactoryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactExtractorTest {
  private static final FactoryConfig STEP_NAME_ALIAS = new FactoryConfig("",
      Map.of("checker_name", List.of("step.name")), Map.of(), FactoryConfig.defaultStageNames(), 2000, 128, 10_000,
      Duration.ofMinutes(10), 2, FactoryConfig.DEFAULTS.durationBuckets(), FactoryConfig.DEFAULTS.leadTimeBuckets(),
      FactoryConfig.DEFAULTS.tokenBuckets(), FactoryConfig.DEFAULTS.timeToRestoreBuckets());

  private final FactExtractor extractor = new FactExtractor(STEP_NAME_ALIAS, List.of());

  @Test
  void semconvAttributeWinsOverAliasesWhicheverComesFirst() {
    List<KeyValue> semconvLast = List.of(
        attr("step.name", "configured"), attr("checker.name", "plain"), attr("cicd.pipeline.task.name", "semconv"));
    List<KeyValue> semconvFirst = new ArrayList<>(semconvLast);
    Collections.reverse(semconvFirst);

    assertEquals("semconv", checkerName(semconvLast));
    assertEquals("semconv", checkerName(semconvFirst));
  }

  @Test
  void defaultAliasWinsOverConfiguredAliasWhicheverComesFirst() {
    assertEquals("plain", checkerName(List.of(attr("step.name", "configured"), attr("checker.name", "plain"))));
    assertEquals("plain", checkerName(List.of(attr("checker.name", "plain"), attr("step.name", "configured"))));
    assertEquals("configured", checkerName(List.of(attr("step.name", "configured"))));
  }

  @Test
  void aReusedFactsObjectForgetsTheEarlierSpansRanks() {
    SpanFacts facts = extractor.newFacts();
    extractor.extract(List.of(attr("cicd.pipeline.task.name", "semconv")), facts);
    facts.clear();
    extractor.extract(List.of(attr("step.name", "configured")), facts);
    assertEquals("configured", facts.string(FactField.CHECKER_NAME));
  }

  @Test
  void spanAttributesWinOverResourceAttributesAndOnlyResourceFactsAreFilled() {
    SpanFacts resource = extractor.newFacts();
    extractor.extract(List.of(attr("deployment.environment.name", "staging"),
        attr("cicd.pipeline.task.name", "from-resource")), resource);
    SpanFacts span = extractor.newFacts();
    extractor.extract(List.of(attr("environment", "production")), span);
    span.fillFrom(resource);

    assertEquals("production", span.string(FactField.ENVIRONMENT), "a span's plain name beats the resource");
    assertFalse(span.has(FactField.CHECKER_NAME), "a checker name is never taken from the resource");
  }

  private String checkerName(List<KeyValue> attributes) {
    SpanFacts facts = extractor.newFacts();
    extractor.extract(attributes, facts);
    return facts.string(FactField.CHECKER_NAME);
  }

  private static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }
}
