/**
 * Sends the alerts the rules decide to send: to Alertmanagers through their v2 API, as
 * Prometheus's notifier does (bounded queue, batches, every Alertmanager in parallel), and to
 * webhooks directly for teams without an Alertmanager (deduplicated, retried, in Slack's or
 * Alertmanager's webhook format).
 */
package io.pipescope.query.notifier;
