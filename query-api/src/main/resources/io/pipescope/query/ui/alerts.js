// Firing and pending alerts, from /api/v1/alerts.
import { alerts } from './prom.js';
import { ago } from './format.js';

const STATE_ORDER = { firing: 0, pending: 1 };

export async function refreshAlerts(panel) {
  const list = panel.querySelector('.alert-list');
  const msg = panel.querySelector('.msg');
  let all;
  try {
    all = await alerts();
  } catch (e) {
    panel.dataset.state = 'error';
    msg.textContent = 'Cannot read /api/v1/alerts: ' + e.message;
    list.replaceChildren();
    return;
  }
  all.sort((a, b) => (STATE_ORDER[a.state] ?? 2) - (STATE_ORDER[b.state] ?? 2)
    || String(a.activeAt).localeCompare(String(b.activeAt)));
  const firing = all.filter((a) => a.state === 'firing').length;
  list.replaceChildren(...all.map(row));
  panel.querySelector('.count').textContent = firing ? String(firing) : '';
  msg.textContent = all.length ? '' : 'No alerts firing.';
  panel.dataset.firing = String(firing);
  panel.dataset.state = 'ok';
}

function row(alert) {
  const li = document.createElement('li');
  li.className = 'alert ' + alert.state;
  li.dataset.alertname = alert.labels.alertname || '';
  const state = span('pill ' + alert.state, alert.state);
  const name = span('name', alert.labels.alertname || '(unnamed)');
  const since = span('since', alert.activeAt ? 'since ' + ago(Date.parse(alert.activeAt)) : '');
  const top = document.createElement('div');
  top.className = 'top';
  top.append(state, name, since);
  li.append(top);
  const summary = alert.annotations && (alert.annotations.summary || alert.annotations.description);
  if (summary) li.append(span('summary', summary));
  const labels = document.createElement('div');
  labels.className = 'labels';
  for (const [k, v] of Object.entries(alert.labels)) {
    if (k !== 'alertname') labels.append(span('label', `${k}=${v}`));
  }
  if (labels.childElementCount) li.append(labels);
  return li;
}

function span(className, text) {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}
