package io.pipescope.query.api;

/**
 * What {@code /api/v1/status/buildinfo} reports, in Prometheus's fields.
 *
 * @param version the Prometheus version whose API pipescope answers as: clients such as Grafana
 *     switch features on by this number, so it names the API level, not pipescope's release
 * @param revision pipescope's own version
 * @param goVersion the runtime, here the JVM's
 */
public record BuildInfo(
    String version, String revision, String branch, String buildUser, String buildDate, String goVersion) {
  /** The Prometheus release whose HTTP API and PromQL pipescope follows. */
  public static final String PROMETHEUS_API_VERSION = "3.0.0";

  public static BuildInfo defaults() {
    String pipescope = BuildInfo.class.getPackage().getImplementationVersion();
    return new BuildInfo(PROMETHEUS_API_VERSION, "pipescope-" + (pipescope == null ? "dev" : pipescope), "", "", "",
        "java" + Runtime.version());
  }

  String json() {
    return "{\"version\":" + Json.quote(version) + ",\"revision\":" + Json.quote(revision) + ",\"branch\":"
        + Json.quote(branch) + ",\"buildUser\":" + Json.quote(buildUser) + ",\"buildDate\":" + Json.quote(buildDate)
        + ",\"goVersion\":" + Json.quote(goVersion) + "}";
  }
}
