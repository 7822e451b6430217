package io.pipescope.app.cli;

import io.pipescope.app.config.PipescopeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command that runs a server takes: configuration file, addresses, {@code --set}. */
final class ServerOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration file.")
  Path configFile;

  @Option(names = "--bind", paramLabel = "HOST",
      description = "Address every port binds to (0.0.0.0 opens pipescope to other hosts).")
  String bindHost;

  @Option(names = "--grpc-port", paramLabel = "PORT", description = "OTLP/gRPC port (default 4317).")
  Integer grpcPort;

  @Option(names = "--http-port", paramLabel = "PORT", description = "OTLP/HTTP port (default 4318).")
  Integer httpPort;

  @Option(names = "--api-port", paramLabel = "PORT", description = "HTTP API port (default 9490).")
  Integer apiPort;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Sets any configuration key, e.g. --set ingest.limits.max_inflight_bytes=512MiB.")
  List<String> overrides = new ArrayList<>();

  /**
   * The configuration: {@code defaults} (a command's own, e.g. the demo's data directory) under the
   * file, the address options and {@code --set}, later ones winning.
   *
   * @throws io.pipescope.app.config.ConfigException naming what is wrong
   */
  PipescopeConfig load(List<String> defaults) {
    List<String> all = new ArrayList<>(defaults);
    if (bindHost != null) {
      all.add("ingest.bind_host=" + bindHost);
      all.add("api.bind_host=" + bindHost);
    }
    if (grpcPort != null) {
      all.add("ingest.grpc_port=" + grpcPort);
    }
    if (httpPort != null) {
      all.add("ingest.http_port=" + httpPort);
    }
    if (apiPort != null) {
      all.add("api.port=" + apiPort);
    }
    all.addAll(overrides);
    return PipescopeConfig.load(configFile, all);
  }
}
