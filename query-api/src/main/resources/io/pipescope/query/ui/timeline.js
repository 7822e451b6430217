// A feature's stages on one time axis: attempts, results, durations and tokens per stage run.
import { duration, integer } from './format.js';

const TICK_SECONDS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
const MAX_TICKS = 8;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

/** Renders {@code trace} (from otlp.readTrace) into {@code host}, or {@code error} when it could not be read. */
export function renderTimeline(host, trace, onClose, error) {
  const close = el('button', 'close', '×');
  close.type = 'button';
  close.title = 'Close the timeline';
  close.addEventListener('click', onClose);
  const head = el('header');
  if (!trace) {
    head.append(el('h2', null, 'Feature timeline'), close);
    host.replaceChildren(head, el('p', 'msg', 'Cannot show the trace: ' + error));
    return;
  }
  const f = trace.feature;
  const total = trace.end - trace.start;
  const tokens = trace.stages.reduce((n, s) => n + (s.tokens || 0), 0);
  const rework = trace.stages.filter((s) => s.attempt > 1).length;
  const title = el('h2', null, f.name || trace.root.name);
  const facts = [f.id, f.type, f.pipeline].filter(Boolean).join(' · ');
  const summary = el('p', 'summary');
  summary.append(
    fact('lead time', duration(total / 1000)), fact('stage runs', String(trace.stages.length)),
    fact('reworked', String(rework)), fact('tokens', integer(tokens)));
  const titles = el('div', 'titles');
  titles.append(title, el('span', 'facts', facts));
  head.append(titles, summary, close);

  const grid = el('div', 'grid');
  grid.append(axis(total));
  for (const s of trace.stages) grid.append(stageRow(s, trace.start, total));
  host.replaceChildren(head, grid);
}

function fact(label, value) {
  const span = el('span', 'fact');
  span.append(el('b', null, value), ' ' + label);
  return span;
}

function axis(totalMillis) {
  const row = el('div', 'row axis');
  row.append(el('span', 'label', 'stage'));
  const track = el('span', 'track');
  const seconds = totalMillis / 1000;
  const step = TICK_SECONDS.find((t) => seconds / t <= MAX_TICKS) || TICK_SECONDS[TICK_SECONDS.length - 1];
  for (let t = 0; t <= seconds + 1e-9; t += step) {
    const tick = el('span', 'tick', t === 0 ? '0' : duration(t));
    tick.style.left = (totalMillis ? (t * 1000 / totalMillis) * 100 : 0) + '%';
    track.append(tick);
  }
  row.append(track, el('span', 'result', 'result'), el('span', 'num', 'duration'), el('span', 'num', 'tokens'));
  return row;
}

function stageRow(stage, traceStart, totalMillis) {
  const row = el('div', 'row stage ' + stage.result);
  row.dataset.stage = stage.checker;
  row.dataset.attempt = String(stage.attempt);
  row.dataset.result = stage.result;
  const label = el('span', 'label');
  label.append(el('span', 'checker', stage.checker));
  if (stage.attempt > 1) label.append(el('span', 'attempt', 'attempt ' + stage.attempt));
  const track = el('span', 'track');
  const bar = el('span', 'bar');
  const left = totalMillis ? ((stage.start - traceStart) / totalMillis) * 100 : 0;
  const width = totalMillis ? (stage.durationMs / totalMillis) * 100 : 100;
  bar.style.left = left + '%';
  bar.style.width = Math.max(width, 0.4) + '%';
  const details = [stage.name, `attempt ${stage.attempt}`, stage.result, duration(stage.durationMs / 1000)];
  if (stage.model) details.push('model ' + stage.model);
  if (stage.environment) details.push('environment ' + stage.environment);
  if (stage.findings != null) details.push(stage.findings + ' findings');
  if (stage.statusMessage) details.push(stage.statusMessage);
  bar.title = details.join(' · ');
  track.append(bar);
  const tokens = stage.tokens != null ? integer(stage.tokens) : '';
  row.append(label, track, el('span', 'result', stage.result), el('span', 'num duration', duration(stage.durationMs / 1000)),
    el('span', 'num tokens', tokens));
  return row;
}
