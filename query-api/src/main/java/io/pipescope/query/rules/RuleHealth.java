package io.pipescope.query.rules;

/** A rule's health after its last evaluation, named as /api/v1/rules shows it. */
public enum RuleHealth {
  UNKNOWN("unknown"),
  GOOD("ok"),
  BAD("err");

  private final String apiName;

  RuleHealth(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }
}
