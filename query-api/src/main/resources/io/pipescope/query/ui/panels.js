// The dashboard as data: each panel, the PromQL it sends, and how to show the answer. The
// expressions are what a Grafana panel would send to the same API, with three placeholders:
// $range is the picked time range, $window the smoothing window of a trend and $bucket the width of
// one bar (both chosen per range below, so a trend has enough samples and bars stay countable).

export const RANGES = [
  { key: '15m', seconds: 900, step: 5, window: '1m', bucket: '1m' },
  { key: '1h', seconds: 3600, step: 15, window: '5m', bucket: '5m' },
  { key: '6h', seconds: 6 * 3600, step: 60, window: '15m', bucket: '30m' },
  { key: '24h', seconds: 86400, step: 300, window: '1h', bucket: '1h' },
  { key: '7d', seconds: 7 * 86400, step: 1800, window: '6h', bucket: '12h' },
  { key: '30d', seconds: 30 * 86400, step: 7200, window: '1d', bucket: '1d' },
];

export const REFRESHES = [
  { key: 'off', millis: 0 },
  { key: '10s', millis: 10_000 },
  { key: '30s', millis: 30_000 },
  { key: '1m', millis: 60_000 },
];

const SUCCESSFUL_DEPLOYS = 'deployments_total{status="success"}';

/** Single numbers over the whole range. {@code warn} marks a value worth a look (the alert thresholds). */
export const STATS = [
  {
    // DORA's deployment frequency; the unit says "per day", so the title fits a laptop's tile.
    id: 'deployment-frequency', title: 'Deployments', detail: 'successful', unit: 'perDay',
    expr: `sum(rate(${SUCCESSFUL_DEPLOYS}[$range])) * 86400`,
  },
  {
    id: 'lead-time', title: 'Lead time', detail: 'p50', unit: 'seconds',
    expr: 'histogram_quantile(0.5, sum by (le) (rate(feature_lead_time_seconds_bucket[$range])))',
  },
  {
    id: 'change-failure-rate', title: 'Change failure rate', unit: 'percent', warn: (v) => v > 0.15,
    // No change failure yet means 0 %, not "no data": the counter appears with the first one.
    expr: `(sum(increase(change_failures_total[$range])) or vector(0)) / sum(increase(${SUCCESSFUL_DEPLOYS}[$range]))`,
  },
  {
    id: 'time-to-restore', title: 'Time to restore', detail: 'mean', unit: 'seconds',
    expr: 'sum(increase(time_to_restore_seconds_sum[$range])) / sum(increase(time_to_restore_seconds_count[$range]))',
  },
  {
    id: 'uptime', title: 'Uptime', detail: 'health checks', unit: 'percent', warn: (v) => v < 0.99,
    expr: 'avg(avg_over_time(service_up[$range]))',
  },
  {
    id: 'rework-rate', title: 'Rework rate', detail: 'all checkers', unit: 'percent', warn: (v) => v > 0.25,
    expr: 'sum(increase(checker_rework_total[$range])) / sum(increase(checker_runs_total[$range]))',
  },
  {
    id: 'cost-per-feature', title: 'Tokens per feature', detail: 'mean', unit: 'tokens',
    expr: 'sum(increase(feature_cost_tokens_sum[$range])) / sum(increase(feature_cost_tokens_count[$range]))',
  },
];

const REWORK = { true: 'with rework', false: 'without rework' };
const SEVERITY_COLORS = { critical: '#b71c1c', high: '#e4572e', medium: '#f3a712', low: '#7aa6c2', unspecified: '#a0a7b4' };

/**
 * Charts over the range. kind 'line' is a trend evaluated every step; kind 'bars' is evaluated
 * every $bucket over the bucket before it, so each bar counts one bucket and they stack by label.
 */
export const CHARTS = [
  {
    id: 'rework-by-checker', title: 'Rework rate by checker', unit: 'percent', kind: 'line',
    queries: [{
      expr: 'sum by (checker_name) (rate(checker_rework_total[$window])) / sum by (checker_name) (rate(checker_runs_total[$window]))',
      legend: (m) => m.checker_name,
    }],
  },
  {
    id: 'lead-time-trend', title: 'Lead time', detail: 'p50 solid, p95 dashed', unit: 'seconds', kind: 'line',
    queries: [0.5, 0.95].map((q) => ({
      expr: `histogram_quantile(${q}, sum by (rework, le) (rate(feature_lead_time_seconds_bucket[$window])))`,
      legend: (m) => `p${q * 100} ${REWORK[m.rework] || 'all'}`,
      colorKey: (m) => m.rework,
      dash: q > 0.5,
    })),
    colors: { true: '#e4572e', false: '#4c78a8' },
  },
  {
    id: 'deployments', title: 'Deployments', detail: 'per $bucket', unit: 'count', kind: 'bars',
    queries: [{ expr: `sum by (environment) (increase(${SUCCESSFUL_DEPLOYS}[$bucket]))`, legend: (m) => m.environment || 'unnamed' }],
  },
  {
    id: 'change-failure-trend', title: 'Change failure rate', unit: 'percent', kind: 'line',
    queries: [{
      expr: '(sum by (environment) (increase(change_failures_total[$window]))'
        + ` or 0 * sum by (environment) (increase(${SUCCESSFUL_DEPLOYS}[$window])))`
        + ` / sum by (environment) (increase(${SUCCESSFUL_DEPLOYS}[$window]))`,
      legend: (m) => m.environment || 'unnamed',
    }],
  },
  {
    id: 'time-to-restore-trend', title: 'Time to restore', detail: 'mean', unit: 'seconds', kind: 'line',
    queries: [{
      expr: 'sum by (environment) (increase(time_to_restore_seconds_sum[$window]))'
        + ' / sum by (environment) (increase(time_to_restore_seconds_count[$window]))',
      legend: (m) => m.environment || 'unnamed',
    }],
  },
  {
    id: 'uptime-trend', title: 'Uptime', detail: 'share of time the last health check passed', unit: 'percent', kind: 'line',
    queries: [{ expr: 'avg by (environment) (avg_over_time(service_up[$window]))', legend: (m) => m.environment || 'unnamed' }],
  },
  {
    id: 'tokens-per-feature', title: 'Token cost per feature', detail: 'by model', unit: 'tokens', kind: 'line',
    queries: [{
      expr: 'sum by (model) (increase(code_generation_tokens_total[$window]))'
        + ' / scalar(sum(increase(features_completed_total[$window])))',
      legend: (m) => m.model || 'unnamed',
    }],
  },
  {
    id: 'stage-duration-p95', title: 'Stage duration', detail: 'p95 by checker', unit: 'seconds', kind: 'line',
    queries: [{
      expr: 'histogram_quantile(0.95, sum by (checker_name, le) (rate(checker_duration_seconds_bucket[$window])))',
      legend: (m) => m.checker_name,
    }],
  },
  {
    id: 'security-findings', title: 'Security findings', detail: 'per $bucket', unit: 'count', kind: 'bars',
    queries: [{ expr: 'sum by (severity) (increase(security_findings_total[$bucket]))', legend: (m) => m.severity }],
    colors: SEVERITY_COLORS,
    order: Object.keys(SEVERITY_COLORS),
  },
];

/** The expression with the range's placeholders filled in. */
export function expand(text, range) {
  return text.replaceAll('$range', range.key).replaceAll('$window', range.window).replaceAll('$bucket', range.bucket);
}

export const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#9d755d', '#ff9da6', '#79706e'];
