// A feature's trace, as Tempo's GET /api/traces/<id> answers in OTLP JSON, read as pipescope reads
// it (docs/instrumentation.md): one stage run per span with a checker name, and the facts of each.

/** Attribute names per fact, the semantic convention first, as pipescope's aggregator tries them. */
const FACTS = {
  checker: ['cicd.pipeline.task.name', 'checker.name'],
  result: ['cicd.pipeline.task.run.result', 'status'],
  attempt: ['factory.attempt', 'retry'],
  featureId: ['factory.feature.id'],
  featureType: ['factory.feature.type'],
  featureName: ['factory.feature.name'],
  pipeline: ['cicd.pipeline.name'],
  service: ['service.name'],
  model: ['gen_ai.request.model', 'model'],
  inputTokens: ['gen_ai.usage.input_tokens'],
  outputTokens: ['gen_ai.usage.output_tokens'],
  totalTokens: ['tokens_used'],
  environment: ['deployment.environment.name', 'environment'],
  findings: ['factory.security.findings', 'findings'],
  rollback: ['factory.deployment.rollback', 'rollback'],
};
const RESULT_ALIASES = { pass: 'success', fail: 'failure' };
const STATUS_ERROR = 2;

/** One OTLP AnyValue as a plain value; int64 arrives as a string in OTLP JSON. */
function anyValue(v) {
  if (v == null) return null;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v) return (v.arrayValue.values || []).map(anyValue);
  return null;
}

function attributes(list) {
  const out = new Map();
  for (const a of list || []) out.set(a.key, anyValue(a.value));
  return out;
}

/** Unix nanoseconds (a string, past 2^53) as milliseconds, exact to the microsecond. */
function millis(nanos) {
  return Number(BigInt(String(nanos || 0)) / 1000n) / 1000;
}

function fact(name, ...sources) {
  for (const key of FACTS[name]) {
    for (const attrs of sources) {
      if (attrs.has(key) && attrs.get(key) !== '') return attrs.get(key);
    }
  }
  return null;
}

/**
 * The trace as {start, end, root, stages, feature}: stages in start order, each with checker,
 * attempt, result, duration and tokens; attempts counted per checker where a span names none.
 */
export function readTrace(body) {
  const spans = [];
  for (const batch of body.batches || body.resourceSpans || []) {
    const resource = attributes(batch.resource && batch.resource.attributes);
    for (const scope of batch.scopeSpans || batch.instrumentationLibrarySpans || []) {
      for (const s of scope.spans || []) {
        spans.push({
          spanId: s.spanId, parentSpanId: s.parentSpanId || '', name: s.name,
          start: millis(s.startTimeUnixNano), end: millis(s.endTimeUnixNano),
          attrs: attributes(s.attributes), resource, status: s.status || {},
        });
      }
    }
  }
  if (!spans.length) throw new Error('the trace has no spans');
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const ids = new Set(spans.map((s) => s.spanId));
  const root = spans.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId)) || spans[0];
  const named = spans.filter((s) => fact('checker', s.attrs) != null);
  const stageSpans = named.length ? named : spans.filter((s) => s !== root);
  const attempts = new Map();
  const stages = stageSpans.map((s) => {
    const checker = fact('checker', s.attrs) || s.name;
    const seen = (attempts.get(checker) || 0) + 1;
    attempts.set(checker, seen);
    const attempt = Number(fact('attempt', s.attrs)) || seen;
    const stated = fact('result', s.attrs);
    const result = stated ? RESULT_ALIASES[String(stated).toLowerCase()] || String(stated).toLowerCase()
      : s.status.code === STATUS_ERROR ? 'failure' : 'success';
    const input = fact('inputTokens', s.attrs);
    const output = fact('outputTokens', s.attrs);
    const tokens = input != null || output != null ? (input || 0) + (output || 0) : fact('totalTokens', s.attrs);
    return {
      spanId: s.spanId, name: s.name, checker, attempt, result, start: s.start, end: s.end,
      durationMs: s.end - s.start, tokens, model: fact('model', s.attrs),
      environment: fact('environment', s.attrs, s.resource), findings: fact('findings', s.attrs),
      statusMessage: s.status.message || '',
    };
  });
  const sources = [root.attrs, root.resource, ...spans.map((s) => s.attrs)];
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  return {
    start, end, root: { name: root.name, start: root.start, end: root.end },
    stages,
    feature: {
      id: fact('featureId', ...sources), type: fact('featureType', ...sources),
      name: fact('featureName', ...sources), pipeline: fact('pipeline', ...sources), service: fact('service', root.resource),
    },
  };
}
