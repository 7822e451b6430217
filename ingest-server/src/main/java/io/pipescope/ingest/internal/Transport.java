package io.pipescope.ingest.internal;

/** The wire a request came over, as the self-metrics label it. */
public enum Transport {
  GRPC("grpc"),
  HTTP("http");

  private final String label;

  Transport(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
