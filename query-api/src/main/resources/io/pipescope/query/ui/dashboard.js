// The factory dashboard: builds the panels of panels.js, then refreshes them for the picked range.
import { RANGES, REFRESHES, STATS, CHARTS, expand } from './panels.js';
import { UNITS, dateTime } from './format.js';
import { query, queryRange, sampleValue } from './prom.js';
import { toSeries, finitePoints, draw, destroy } from './charts.js';
import { refreshAlerts } from './alerts.js';
import { refreshFeatures } from './features.js';

const $ = (selector) => document.querySelector(selector);
const DEFAULT_RANGE = '1h';

/** The picked range and refresh live in the URL's fragment, so a view can be shared or reloaded. */
function readSettings() {
  const params = new URLSearchParams(location.hash.slice(1));
  const range = RANGES.find((r) => r.key === params.get('range')) || RANGES.find((r) => r.key === DEFAULT_RANGE);
  const refresh = REFRESHES.find((r) => r.key === params.get('refresh')) || REFRESHES[0];
  return { range, refresh };
}

function writeSettings(settings) {
  history.replaceState(null, '', '#' + new URLSearchParams({ range: settings.range.key, refresh: settings.refresh.key }));
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

/** A panel's frame: title, what it shows, and a link to its PromQL on the expression page. */
function panelFrame(def, kind) {
  const panel = element('article', 'panel ' + kind);
  panel.dataset.panel = def.id;
  panel.dataset.state = 'loading';
  const head = element('header');
  const title = element('h2', null, def.title);
  if (def.detail && kind === 'chart') title.append(' ', element('small', 'detail'));
  const link = element('a', 'promql', 'PromQL');
  link.target = '_blank';
  link.rel = 'noopener';
  head.append(title, link);
  panel.append(head);
  return panel;
}

function setState(panel, state, message) {
  panel.dataset.state = state;
  const msg = panel.querySelector('.msg');
  if (msg) msg.textContent = message || '';
}

function setExpressions(panel, def, exprs, range) {
  const detail = panel.querySelector('.detail');
  if (detail) detail.textContent = expand(def.detail, range);
  const link = panel.querySelector('.promql');
  link.href = '/graph?g0.tab=1&g0.expr=' + encodeURIComponent(exprs[0]);
  link.title = exprs.join('\n\n');
}

function buildStats() {
  const host = $('#stats');
  return STATS.map((def) => {
    const panel = panelFrame(def, 'stat');
    panel.append(element('p', 'value', '…'), element('p', 'msg'));
    host.append(panel);
    return { def, panel };
  });
}

function buildCharts() {
  const host = $('#charts');
  return CHARTS.map((def) => {
    const panel = panelFrame(def, 'chart');
    const body = element('div', 'body');
    body.append(element('div', 'plot'), element('p', 'msg'));
    panel.append(body);
    host.append(panel);
    return { def, panel };
  });
}

async function refreshStat({ def, panel }, range, now) {
  const expr = expand(def.expr, range);
  setExpressions(panel, def, [expr], range);
  const valueEl = panel.querySelector('.value');
  try {
    const result = await query(expr, now);
    const value = result.length ? sampleValue(result[0].value[1]) : null;
    if (value === null) {
      valueEl.textContent = '–';
      valueEl.classList.remove('warn');
      setState(panel, 'empty', `No data in the last ${range.key}`);
      return;
    }
    valueEl.textContent = UNITS[def.unit](value);
    valueEl.classList.toggle('warn', !!(def.warn && def.warn(value)));
    setState(panel, 'ok', (def.detail ? def.detail + ' · ' : '') + `last ${range.key}`);
  } catch (e) {
    valueEl.textContent = '!';
    setState(panel, 'error', e.message);
  }
}

async function refreshChart({ def, panel }, range, now) {
  const bars = def.kind === 'bars';
  const step = bars ? seconds(range.bucket) : range.step;
  const start = now - range.seconds;
  const points = Math.floor(range.seconds / step) + 1;
  const exprs = def.queries.map((q) => expand(q.expr, range));
  setExpressions(panel, def, exprs, range);
  const plot = panel.querySelector('.plot');
  try {
    const matrices = await Promise.all(exprs.map((e) => queryRange(e, start, now, step)));
    const series = toSeries(def, matrices, start, step, points).filter((s) => s.values.some((v) => v !== null));
    panel.dataset.series = String(series.length);
    panel.dataset.points = String(finitePoints(series));
    if (!series.length) {
      destroy(plot);
      setState(panel, 'empty', `No data in the last ${range.key}`);
      return;
    }
    // A bar counts the bucket before its evaluation time: draw it over that bucket.
    const xs = Array.from({ length: points }, (_, i) => start + i * step - (bars ? step / 2 : 0));
    setState(panel, 'ok');
    draw(plot, def, series, xs, bars ? [start - step, now] : [start, now]);
  } catch (e) {
    destroy(plot);
    panel.dataset.series = '0';
    panel.dataset.points = '0';
    setState(panel, 'error', e.message);
  }
}

function seconds(duration) {
  const units = { s: 1, m: 60, h: 3600, d: 86400 };
  return Number(duration.slice(0, -1)) * units[duration.slice(-1)];
}

function main() {
  const settings = readSettings();
  const rangeSelect = $('#range');
  const refreshSelect = $('#refresh');
  for (const r of RANGES) rangeSelect.append(new Option('Last ' + r.key, r.key, false, r === settings.range));
  for (const r of REFRESHES) refreshSelect.append(new Option(r.key === 'off' ? 'Off' : 'Every ' + r.key, r.key, false, r === settings.refresh));
  const stats = buildStats();
  const charts = buildCharts();
  let timer = null;
  let running = null;
  let again = false;

  /** One refresh at a time; a change of range during one is applied right after it. */
  function refresh() {
    if (running) {
      again = true;
      return running;
    }
    const now = Math.floor(Date.now() / 1000);
    const range = settings.range;
    document.body.dataset.state = 'loading';
    running = Promise.allSettled([
      ...stats.map((s) => refreshStat(s, range, now)),
      ...charts.map((c) => refreshChart(c, range, now)),
      refreshAlerts($('#alerts')),
      refreshFeatures($('#features'), $('#timeline'), now - range.seconds, now),
    ]).then((results) => {
      // Each panel shows its own expected failures (an API error, no data); anything else is a bug
      // in the page, and goes to the console where it is seen (and where the browser test looks).
      for (const r of results) {
        if (r.status === 'rejected') console.error('dashboard: a panel failed to refresh', r.reason);
      }
      $('#updated').textContent = 'Updated ' + dateTime(now * 1000).slice(11);
      document.body.dataset.state = 'ready';
      running = null;
      if (again) {
        again = false;
        refresh();
      }
    });
    return running;
  }

  function schedule() {
    clearInterval(timer);
    timer = settings.refresh.millis ? setInterval(refresh, settings.refresh.millis) : null;
  }

  rangeSelect.addEventListener('change', () => {
    settings.range = RANGES.find((r) => r.key === rangeSelect.value);
    writeSettings(settings);
    refresh();
  });
  refreshSelect.addEventListener('change', () => {
    settings.refresh = REFRESHES.find((r) => r.key === refreshSelect.value);
    writeSettings(settings);
    schedule();
  });
  $('#reload').addEventListener('click', refresh);
  schedule();
  refresh();
}

main();
