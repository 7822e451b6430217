// uPlot charts of query_range answers: lines for trends, stacked bars for counts per bucket.
import { PALETTE } from './panels.js';
import { UNITS } from './format.js';
import { sampleValue } from './prom.js';

const HEIGHT = 170;
const AXIS = { stroke: '#6b7585', font: '11px system-ui, sans-serif', grid: { stroke: '#eef1f5', width: 1 }, ticks: { show: false } };

/**
 * One series per returned time series of each query, on the grid start + k * step (the
 * timestamps query_range answers with), null where a step has no finite value.
 */
export function toSeries(chart, matrices, start, step, points) {
  const series = [];
  chart.queries.forEach((q, qi) => {
    for (const s of matrices[qi]) {
      const values = new Array(points).fill(null);
      for (const [t, v] of s.values) {
        const i = Math.round((t - start) / step);
        if (i >= 0 && i < points) values[i] = sampleValue(v);
      }
      series.push({ label: q.legend(s.metric) || '{}', key: q.colorKey ? q.colorKey(s.metric) : q.legend(s.metric), dash: !!q.dash, values });
    }
  });
  const order = chart.order || [];
  const rank = (s) => (order.includes(s.key) ? order.indexOf(s.key) : order.length);
  series.sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
  const keys = [...new Set(series.map((s) => s.key))];
  for (const s of series) {
    s.color = (chart.colors && chart.colors[s.key]) || PALETTE[keys.indexOf(s.key) % PALETTE.length];
  }
  return series;
}

export function finitePoints(series) {
  return series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0);
}

/** Draws or redraws {@code series} into {@code el}; the same series labels reuse the plot. */
export function draw(el, chart, series, xs, xRange) {
  const format = UNITS[chart.unit];
  const bars = chart.kind === 'bars';
  const layers = bars ? stack(series) : series.map((s) => s.values);
  // Stacked bars are drawn top layer first so each lower layer paints over the ones above it.
  const drawOrder = bars ? series.map((_, i) => series.length - 1 - i) : series.map((_, i) => i);
  const data = [xs, ...drawOrder.map((i) => layers[i])];
  const signature = chart.kind + '|' + drawOrder.map((i) => series[i].label).join('|');
  const holder = el.plotState || (el.plotState = {});
  holder.raw = drawOrder.map((i) => series[i].values);
  holder.xRange = xRange;
  if (holder.plot && holder.signature === signature) {
    holder.plot.setData(data);
    return;
  }
  destroy(el);
  const opts = {
    width: Math.max(240, el.clientWidth),
    height: HEIGHT,
    cursor: { sync: { key: 'pipescope' }, points: { size: 6 } },
    legend: { live: true },
    scales: {
      x: { time: true, range: () => holder.xRange },
      y: { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 1] },
    },
    axes: [
      { ...AXIS },
      { ...AXIS, size: 58, values: (u, splits) => splits.map((v) => format(v)) },
    ],
    series: [
      { label: 'time', value: '{YYYY}-{MM}-{DD} {HH}:{mm}' },
      ...drawOrder.map((i, si) => {
        const s = series[i];
        return {
          label: s.label,
          stroke: s.color,
          fill: bars ? s.color : undefined,
          width: bars ? 0 : 1.75,
          dash: s.dash ? [5, 4] : undefined,
          paths: bars ? uPlot.paths.bars({ size: [0.7, 36], gap: 1 }) : undefined,
          points: bars ? { show: false } : { show: true, size: 5, fill: s.color, filter: isolated },
          // At rest (no cursor) the legend shows each series' latest value, as Grafana's "last".
          value: (u, v, sidx, idx) => {
            const raw = idx == null ? last(holder.raw[si]) : holder.raw[si][idx];
            return raw == null ? '–' : format(raw);
          },
        };
      }),
    ],
  };
  holder.plot = new uPlot(opts, data, el);
  holder.signature = signature;
  if (!holder.resize) {
    holder.resize = new ResizeObserver(() => {
      if (holder.plot && el.clientWidth > 0) holder.plot.setSize({ width: Math.max(240, el.clientWidth), height: HEIGHT });
    });
    holder.resize.observe(el);
  }
}

export function destroy(el) {
  const holder = el.plotState;
  if (holder && holder.plot) {
    holder.plot.destroy();
    holder.plot = null;
  }
}

function last(values) {
  for (let i = values.length - 1; i >= 0; i--) {
    if (values[i] != null) return values[i];
  }
  return null;
}

/** Points with no neighbour to draw a line to: the only way one sample shows on a line. */
function isolated(u, seriesIdx) {
  const values = u.data[seriesIdx];
  const out = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] != null && (i === 0 || values[i - 1] == null) && (i === values.length - 1 || values[i + 1] == null)) {
      out.push(i);
    }
  }
  return out;
}

/** Running sums over the layers; a step where no layer has a value stays empty. */
function stack(series) {
  const sums = [];
  let below = null;
  for (const s of series) {
    const layer = s.values.map((v, i) => {
      const base = below ? below[i] : null;
      if (v == null) return base;
      return (base || 0) + v;
    });
    sums.push(layer);
    below = layer;
  }
  return sums;
}
