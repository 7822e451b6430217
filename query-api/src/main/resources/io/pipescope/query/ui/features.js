// Recent features, one trace each, from the trace API (Tempo's HTTP API shape): a table whose
// rows open the feature's trace as a timeline of its stages.
import { readTrace } from './otlp.js';
import { renderTimeline } from './timeline.js';
import { ago, dateTime, duration } from './format.js';

const LIMIT = 20;
/** Answers meaning this pipescope serves no trace API (yet), rather than that a request failed. */
const NOT_SERVED = [404, 405, 501];

export async function refreshFeatures(panel, timeline, start, end) {
  const rows = panel.querySelector('tbody');
  const msg = panel.querySelector('.msg');
  const show = (state, text) => {
    panel.dataset.state = state;
    msg.textContent = text;
    if (state !== 'ok') rows.replaceChildren();
  };
  let response;
  try {
    response = await fetch('/api/search?' + new URLSearchParams({ limit: String(LIMIT), start: String(start), end: String(end) }),
      { headers: { Accept: 'application/json' } });
  } catch (e) {
    show('error', 'Cannot reach /api/search: ' + e.message);
    return;
  }
  if (NOT_SERVED.includes(response.status)) {
    show('unavailable', 'No features to show: this pipescope does not serve the trace API (/api/search) yet.');
    return;
  }
  let traces;
  try {
    if (!response.ok) throw new Error(`answered ${response.status}`);
    traces = (await response.json()).traces || [];
  } catch (e) {
    show('error', '/api/search failed: ' + e.message);
    return;
  }
  if (!traces.length) {
    show('empty', 'No features in this range.');
    return;
  }
  const open = timeline.dataset.traceId;
  rows.replaceChildren(...traces.map((t) => row(t, t.traceID === open, () => openTrace(t.traceID, panel, timeline))));
  show('ok', '');
}

function row(trace, selected, onOpen) {
  const tr = document.createElement('tr');
  tr.dataset.traceId = trace.traceID;
  tr.tabIndex = 0;
  tr.title = 'Open the timeline of trace ' + trace.traceID;
  if (selected) tr.classList.add('selected');
  const startMillis = Number(BigInt(String(trace.startTimeUnixNano || 0)) / 1000000n);
  // pipescope adds the root span's attributes to Tempo's result: the feature's own name when sent.
  const attributes = trace.rootAttributes || {};
  const name = attributes['factory.feature.name'] || (trace.rootTraceName || '(unnamed)').replace(/^feature /, '');
  cell(tr, name, 'name');
  cell(tr, trace.rootServiceName || '', 'service');
  cell(tr, startMillis ? ago(startMillis) : '', 'started').title = startMillis ? dateTime(startMillis) : '';
  cell(tr, trace.durationMs != null ? duration(trace.durationMs / 1000) : '', 'num');
  tr.addEventListener('click', onOpen);
  tr.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen();
    }
  });
  return tr;
}

function cell(tr, text, className) {
  const td = tr.insertCell();
  td.textContent = text;
  td.className = className;
  return td;
}

async function openTrace(traceId, panel, timeline) {
  for (const tr of panel.querySelectorAll('tbody tr')) tr.classList.toggle('selected', tr.dataset.traceId === traceId);
  timeline.hidden = false;
  timeline.dataset.traceId = traceId;
  timeline.dataset.state = 'loading';
  try {
    const response = await fetch('/api/traces/' + encodeURIComponent(traceId), { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(response.status === 404 ? `trace ${traceId} not found` : `/api/traces answered ${response.status}`);
    const trace = readTrace(await response.json());
    if (timeline.dataset.traceId !== traceId) return;
    renderTimeline(timeline, trace, () => closeTrace(panel, timeline));
    timeline.dataset.state = 'ok';
  } catch (e) {
    if (timeline.dataset.traceId !== traceId) return;
    renderTimeline(timeline, null, () => closeTrace(panel, timeline), e.message);
    timeline.dataset.state = 'error';
  }
  timeline.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

function closeTrace(panel, timeline) {
  timeline.hidden = true;
  delete timeline.dataset.traceId;
  timeline.dataset.state = 'closed';
  for (const tr of panel.querySelectorAll('tbody tr')) tr.classList.remove('selected');
}
