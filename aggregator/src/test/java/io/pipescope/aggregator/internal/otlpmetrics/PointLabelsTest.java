package io.pipescope.aggregator.internal.otlpmetrics;

import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.attrs;
import static io.pipescope.aggregator.internal.otlpmetrics.OtlpMetrics.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order in which Prometheus builds a point's labels, and what wins. */
class PointLabelsTest {
  private static final ResourceLabels NO_RESOURCE = ResourceLabels.of(resource(), Set.of());

  @Test
  void keysThatSanitiseAlikeJoinTheirValuesInKeyOrder() {
    // Byte order of the original keys: '-' < '.' < '_'.
    assertEquals(Map.of("http_method", "POST;GET;PUT"),
        PointLabels.of(attrs("http_method", "PUT", "http.method", "GET", "http-method", "POST"), NO_RESOURCE));
  }

  @Test
  void anEmptyValueMeansNoLabel() {
    assertEquals(Map.of("b", "x"), PointLabels.of(attrs("a", "", "b", "x"), NO_RESOURCE));
  }

  @Test
  void jobAndInstanceComeFromTheServiceAndWinOverAttributes() {
    ResourceLabels resource = ResourceLabels.of(
        resource("service.namespace", "shop", "service.name", "cart", "service.instance.id", "pod-1"), Set.of());
    assertEquals(Map.of("job", "shop/cart", "instance", "pod-1"),
        PointLabels.of(attrs("job", "mine", "instance", "mine"), resource));
  }

  @Test
  void jobIsTheServiceNameAloneWithoutANamespace() {
    ResourceLabels resource = ResourceLabels.of(resource("service.name", "cart"), Set.of());
    assertEquals(Map.of("job", "cart"), PointLabels.of(attrs(), resource));
  }

  @Test
  void promotedResourceAttributesDoNotOverrideThePointsOwn() {
    ResourceLabels resource = ResourceLabels.of(
        resource("k8s.namespace.name", "prod", "region", "eu", "unpromoted", "x"), Set.of("k8s.namespace.name", "region"));
    assertEquals(Map.of("k8s_namespace_name", "prod", "region", "us"),
        PointLabels.of(attrs("region", "us"), resource));
  }

  @Test
  void anAttributeWithNoValidLabelNameRefusesThePoint() {
    assertNull(PointLabels.of(attrs("ok", "1", "ようこそ", "2"), NO_RESOURCE));
  }
}
