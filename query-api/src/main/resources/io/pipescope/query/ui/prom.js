// pipescope's Prometheus HTTP API, as any client (Grafana) reads it.

export class ApiError extends Error {}

async function get(path, params) {
  const response = await fetch(path + '?' + new URLSearchParams(params), { headers: { Accept: 'application/json' } });
  let body;
  try {
    body = await response.json();
  } catch (e) {
    throw new ApiError(`${path} answered ${response.status} without JSON`);
  }
  if (body.status !== 'success') {
    throw new ApiError(`${body.errorType || response.status}: ${body.error || 'request failed'}`);
  }
  return body.data;
}

/** An instant vector at {@code time} (unix seconds): [{metric, value: [t, "v"]}]. */
export async function query(expr, time) {
  const data = await get('/api/v1/query', { query: expr, time: String(time) });
  if (data.resultType === 'scalar') return [{ metric: {}, value: data.result }];
  return data.result;
}

/** A range matrix: [{metric, values: [[t, "v"], ...]}], timestamps start + k * step. */
export async function queryRange(expr, start, end, step) {
  const data = await get('/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) });
  return data.result;
}

export async function alerts() {
  return (await get('/api/v1/alerts', {})).alerts;
}

/** Prometheus writes NaN and infinities as strings; a panel shows none of them. */
export function sampleValue(text) {
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}
