// A hand-written SVG chart: one bar per month (the headline valorisation rate) and the trajectory as a line.
// Built with DOM calls (no inline script or style), colours as presentation attributes.
const NS = 'http://www.w3.org/2000/svg';
const BAR = '#0b5d3b';   // 7.9:1 on white
const LINE = '#a33f00';  // 6.2:1 on white
const GRID = '#c9d1cc';

function svg(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * @param points [{ label, rate (0-1 or null), trajectory (0-1 or null) }]
 * @param labels { title, rate, trajectory, percent(ratio) }
 */
export function rateChart(points, labels) {
  const width = 760;
  const height = 300;
  const m = { top: 20, right: 20, bottom: 56, left: 48 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': labels.title });
  root.append(svg('title', {}, labels.title));
  const y = (r) => m.top + h - r * h;
  for (let i = 0; i <= 5; i++) {
    const r = i / 5;
    root.append(svg('line', { x1: m.left, x2: m.left + w, y1: y(r), y2: y(r), stroke: GRID, 'stroke-width': 1 }));
    root.append(svg('text', { x: m.left - 6, y: y(r) + 4, 'text-anchor': 'end' }, labels.percent(r)));
  }
  const step = w / Math.max(points.length, 1);
  const bar = Math.min(40, step * 0.6);
  const line = [];
  points.forEach((p, i) => {
    const cx = m.left + step * i + step / 2;
    if (p.rate !== null && p.rate !== undefined) {
      const r = Math.max(0, Math.min(1, Number(p.rate)));
      const rect = svg('rect', { x: cx - bar / 2, y: y(r), width: bar, height: Math.max(0, m.top + h - y(r)), fill: BAR });
      rect.append(svg('title', {}, `${p.label}: ${labels.percent(p.rate)}`));
      root.append(rect);
    }
    if (p.trajectory !== null && p.trajectory !== undefined) line.push([cx, y(Number(p.trajectory))]);
    root.append(svg('text', { x: cx, y: m.top + h + 16, 'text-anchor': 'middle' }, p.label));
  });
  if (line.length > 0) {
    root.append(svg('polyline', { points: line.map(([a, b]) => `${a},${b}`).join(' '), fill: 'none', stroke: LINE,
      'stroke-width': 3, 'stroke-dasharray': '6 4' }));
    line.forEach(([a, b]) => root.append(svg('circle', { cx: a, cy: b, r: 4, fill: LINE })));
  }
  // legend
  const ly = height - 14;
  root.append(svg('rect', { x: m.left, y: ly - 10, width: 14, height: 12, fill: BAR }));
  root.append(svg('text', { x: m.left + 20, y: ly }, labels.rate));
  root.append(svg('line', { x1: m.left + 240, x2: m.left + 270, y1: ly - 4, y2: ly - 4, stroke: LINE, 'stroke-width': 3,
    'stroke-dasharray': '6 4' }));
  root.append(svg('text', { x: m.left + 278, y: ly }, labels.trajectory));
  return root;
}
