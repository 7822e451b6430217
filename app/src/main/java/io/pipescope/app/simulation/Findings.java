package io.pipescope.app.simulation;

/** What a security scan found, by severity ({@code factory.security.findings.*}). */
public record Findings(long critical, long high, long medium, long low) {
  public static final Findings NONE = new Findings(0, 0, 0, 0);

  public long total() {
    return critical + high + medium + low;
  }
}
