package io.pipescope.aggregator.internal.factory;

/** What a factory stage does, which decides the metrics it feeds beyond the per-checker ones. */
public enum StageKind {
  CHECK("check"),
  CODE_GENERATION("code_generation"),
  SECURITY_SCAN("security_scan"),
  DEPLOY("deploy"),
  HEALTH_CHECK("health_check");

  private final String configName;

  StageKind(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  private static final StageKind[] ALL = values();

  public static StageKind ofConfigName(String name) {
    for (StageKind k : ALL) {
      if (k.configName.equals(name)) {
        return k;
      }
    }
    return null;
  }
}
