package io.pipescope.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A factory at work, in waves: each wave sends three features through the real OpenTelemetry SDK
 * and waits until pipescope's store holds what they counted. Between them the features rework a
 * stage (test coverage, build) or pass clean, use three models, find security issues of four
 * severities, and break production once (a failed health check after a deploy) and restore it with
 * the next.
 * Counters only show an increase between two stored samples, so a trend needs two waves or more.
 */
public final class FactoryTraffic {
  /** Stage runs and features each wave adds. */
  public static final int RUNS_PER_WAVE = 23;
  public static final int FEATURES_PER_WAVE = 3;
  private static final long SECOND = 1_000_000_000L;
  private static final long WAVE_SPACING = 150 * SECOND;

  private final RunningPipescope server;
  private final FactoryScenario factory;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final long firstWaveNanos;
  private int waves;

  /** Features are dated in the last minutes before now, in wave order, so they lie in any picked range. */
  public FactoryTraffic(RunningPipescope server, FactoryScenario factory, int plannedWaves) {
    this.server = server;
    this.factory = factory;
    this.firstWaveNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - (plannedWaves + 1) * WAVE_SPACING;
  }

  /** Sends one wave and waits until the store has counted all of it. */
  public void wave() {
    long t = firstWaveNanos + waves * WAVE_SPACING;
    int n = waves + 1;

    FactoryScenario.Feature profile = factory.feature("FEAT-" + n + "01", "crud", "Add user profile endpoint #" + n, t);
    profile.stage("schema_validation", 0, 800, true)
        .stage("code_generation", 100, 4200, true, 1, profile.codeGeneration("gpt-4o", 1250))
        .stage("build", 100, 2100, true)
        .stage("test_coverage", 100, 6300, false, 1, Attributes.empty())
        .stage("test_coverage", 200, 8100, true, 2, Attributes.empty())
        .stage("security_scan", 100, 1900, true, 1, findings(3, "high", 1, "medium", 2))
        .stage("deploy", 100, 3200, true, 1, profile.deploy("staging", "deploy-s" + n))
        .stage("health_check", 100, 400, true, 1, profile.health("staging", 120));
    profile.end();

    // Production breaks after this deploy: one change failure, an outage until the next feature, and
    // no lead time (the feature never became healthy).
    FactoryScenario.Feature invoices = factory.feature("FEAT-" + n + "02", "complex", "Export invoices as PDF #" + n,
        t + 40 * SECOND);
    invoices.stage("schema_validation", 0, 700, true)
        .stage("code_generation", 100, 9800, true, 1, invoices.codeGeneration("claude-sonnet-4", 3400))
        .stage("build", 100, 2600, false, 1, Attributes.empty())
        .stage("build", 150, 2400, true, 2, Attributes.empty())
        .stage("test_coverage", 100, 7200, true)
        .stage("security_scan", 100, 2300, true, 1, findings(2, "critical", 1, "low", 1))
        .stage("deploy", 100, 3500, true, 1, invoices.deploy("production", "deploy-p" + n + "a"))
        .stage("health_check", 100, 900, false, 1, invoices.health("production", 900));
    invoices.end();

    FactoryScenario.Feature login = factory.feature("FEAT-" + n + "03", "crud", "Sign in with SSO #" + n,
        t + 80 * SECOND);
    login.stage("schema_validation", 0, 600, true)
        .stage("code_generation", 100, 2500, true, 1, login.codeGeneration("gpt-4o-mini", 600))
        .stage("build", 100, 1800, true)
        .stage("test_coverage", 100, 5100, true)
        .stage("security_scan", 100, 1500, true, 1, login.findings(0))
        .stage("deploy", 100, 2900, true, 1, login.deploy("production", "deploy-p" + n + "b"))
        .stage("health_check", 100, 300, true, 1, login.health("production", 140));
    login.end();

    factory.flush();
    waves++;
    awaitStored("sum(checker_runs_total)", waves * RUNS_PER_WAVE);
    awaitStored("sum(features_completed_total)", waves * FEATURES_PER_WAVE);
  }

  public int waves() {
    return waves;
  }

  private static Attributes findings(long total, String severity1, long count1, String severity2, long count2) {
    AttributesBuilder a = Attributes.builder().put("factory.security.findings", total);
    return a.put("factory.security.findings." + severity1, count1)
        .put("factory.security.findings." + severity2, count2).build();
  }

  /** Polls an instant query until it answers {@code expected}: the wave is then in the store, not only in memory. */
  private void awaitStored(String expr, double expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.apiBase() + "/api/v1/query?query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        last = r.body();
        JsonNode result = json.readTree(r.body()).path("data").path("result");
        if (result.size() == 1 && result.get(0).get("value").get(1).asDouble() == expected) {
          return;
        }
        Thread.sleep(200);
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError(expr + " never reached " + expected + " in the store; last answer: " + last);
  }
}
