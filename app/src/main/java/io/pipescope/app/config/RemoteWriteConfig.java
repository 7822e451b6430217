package io.pipescope.app.config;

import io.pipescope.remotewrite.QueueConfig;
import io.pipescope.remotewrite.RemoteWriteTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level {@code remote_write} list, in Prometheus's shape: {@code url}, {@code name},
 * {@code timeout}, {@code headers}, {@code basic_auth} and {@code queue_config} per receiver.
 */
final class RemoteWriteConfig {
  private RemoteWriteConfig() {}

  static List<RemoteWriteTarget> targets(ConfigTree root) {
    List<RemoteWriteTarget> targets = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigTree rw : root.sections("remote_write")) {
      ConfigTree q = rw.section("queue_config");
      QueueConfig d = QueueConfig.DEFAULTS;
      QueueConfig queue = q.build(() -> new QueueConfig(
          q.integer("shards", d.shards()),
          q.integer("capacity", d.capacity()),
          q.integer("max_samples_per_send", d.maxSamplesPerSend()),
          q.duration("batch_send_deadline", d.batchSendDeadline()),
          q.duration("min_backoff", d.minBackoff()),
          q.duration("max_backoff", d.maxBackoff()),
          q.bool("retry_on_http_429", d.retryOnHttp429())));
      ConfigTree auth = rw.section("basic_auth");
      BasicAuthConfig credentials = auth.build(() -> BasicAuthConfig.read(auth));
      RemoteWriteTarget.BasicAuth basicAuth = credentials == null ? null
          : new RemoteWriteTarget.BasicAuth(credentials.username(), credentials.password());
      RemoteWriteTarget target = rw.build(() -> new RemoteWriteTarget(rw.url("url"), rw.string("name", ""),
          rw.duration("timeout", RemoteWriteTarget.DEFAULT_TIMEOUT), rw.strings("headers", Map.of()), basicAuth,
          queue));
      if (!names.add(target.queueName())) {
        throw new ConfigException("remote_write: two receivers are named '" + target.queueName()
            + "' (the same url or name); give each a distinct name");
      }
      targets.add(target);
    }
    return targets;
  }

}
