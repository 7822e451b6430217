// Number formats for the panels' units. Every formatter takes a finite number.

const SECOND_UNITS = [[86400, 'd'], [3600, 'h'], [60, 'min'], [1, 's']];

export function duration(seconds) {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1) return trim(seconds * 1000, abs < 0.01 ? 2 : 0) + ' ms';
  for (const [size, unit] of SECOND_UNITS) {
    if (abs >= size) return trim(seconds / size, abs / size < 10 ? 1 : 0) + ' ' + unit;
  }
  return trim(seconds, 1) + ' s';
}

export function percent(ratio) {
  const p = ratio * 100;
  return trim(p, Math.abs(p) < 10 && p !== 0 ? 1 : 0) + ' %';
}

export function count(n) {
  if (Math.abs(n) >= 1e6) return trim(n / 1e6, 1) + 'M';
  if (Math.abs(n) >= 1e4) return trim(n / 1e3, 1) + 'k';
  if (Math.abs(n) >= 1e3) return integer(n);
  return trim(n, Math.abs(n) < 10 && !Number.isInteger(n) ? 1 : 0);
}

export function perDay(n) {
  return count(n) + ' / day';
}

/** Grouped digits, for exact counts such as one span's tokens. */
export function integer(n) {
  return Math.round(n).toLocaleString('en-US');
}

export const UNITS = { seconds: duration, percent, count, perDay, tokens: count };

/** How long ago, for "since" columns. */
export function ago(epochMillis, now = Date.now()) {
  const s = Math.max(0, (now - epochMillis) / 1000);
  if (s < 60) return Math.round(s) + ' s ago';
  return duration(s).replace(/\.\d/, '') + ' ago';
}

export function dateTime(epochMillis) {
  const d = new Date(epochMillis);
  const pad = (v) => String(v).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function trim(v, decimals) {
  return Number(v.toFixed(decimals)).toString();
}
