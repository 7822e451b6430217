/**
 * Recording and alerting rules, as Prometheus's {@code rules/} package evaluates them.
 *
 * <p>{@link io.pipescope.query.rules.RuleFiles} reads and validates rule files (rulefmt's checks,
 * each problem with file, line and column); {@link io.pipescope.query.rules.RuleGroup} evaluates a
 * group's rules in order at one timestamp on its aligned grid, writing recording rule results and
 * the {@code ALERTS}/{@code ALERTS_FOR_STATE} series through the store's
 * {@link io.pipescope.aggregator.storage.Appendable}, with staleness markers for series that end;
 * {@link io.pipescope.query.rules.AlertingRule} holds the alert state machine (pending, firing after
 * {@code for}, resolved, {@code keep_firing_for}); {@link io.pipescope.query.rules.Template}
 * expands labels and annotations (a documented subset of Go's text/template);
 * {@link io.pipescope.query.rules.RuleManager} loads files, reloads them keeping the old rules
 * when a file is invalid, and runs due groups on an injectable clock;
 * {@link io.pipescope.query.rules.RulesApiJson} writes the /api/v1/rules and /api/v1/alerts bodies.
 *
 * <p>Not here yet: notifications (Alertmanager, webhooks), restoring alert state after a restart
 * from {@code ALERTS_FOR_STATE}, reload on SIGHUP or {@code POST /-/reload}, and the HTTP wiring of
 * {@link io.pipescope.query.rules.RulesApiJson}.
 */
package io.pipescope.query.rules;
