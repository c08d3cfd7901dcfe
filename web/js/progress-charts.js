// Scores over time as an inline SVG line chart, readable without colour: each series has its own
// marker shape and line pattern, named in the legend; every point carries its value as a number;
// the SVG's text alternative lists every value, and the page shows the same figures as tables.
// X positions are percentages, so the chart reflows at any width without shrinking its text.

import { svg, el } from './dom.js';

const MARKERS = [
  { glyph: '●', name: 'circle', dash: '' },
  { glyph: '■', name: 'square', dash: '6 3' },
  { glyph: '▲', name: 'triangle', dash: '2 3' },
  { glyph: '◆', name: 'diamond', dash: '8 3 2 3' },
  { glyph: '✚', name: 'cross', dash: '1 2' },
];
const HEIGHT = 200;
const TOP = 22;
const BOTTOM = 24;

/** series: [{ name, points: [{ label, score }] }], every series over the same interviews (by label). */
export function lineChart({ id, title, series }) {
  const labels = [];
  for (const line of series) for (const point of line.points) if (!labels.includes(point.label)) labels.push(point.label);
  const x = (label) => `${labels.length === 1 ? 50 : 4 + (92 * labels.indexOf(label)) / (labels.length - 1)}%`;
  const y = (score) => TOP + ((100 - Math.max(0, Math.min(100, score))) * (HEIGHT - TOP - BOTTOM)) / 100;
  const description = series.map((line) => `${line.name}: ${line.points.map((point) => `${point.label} ${point.score}`).join(', ')}`).join('; ');
  const chart = svg('svg', { class: 'chart line-chart', id, width: '100%', height: HEIGHT, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    svg('title', { id: `${id}-title`, text: title }),
    svg('desc', { id: `${id}-desc`, text: `${description}. Scores are out of 100.` }));
  for (const score of [0, 50, 100]) {
    chart.append(svg('line', { x1: '0%', x2: '100%', y1: y(score), y2: y(score), class: 'grid-line', 'aria-hidden': 'true' }),
      svg('text', { x: 0, y: y(score) - 3, class: 'chart-note', 'aria-hidden': 'true', text: String(score) }));
  }
  series.forEach((line, index) => {
    const marker = MARKERS[index % MARKERS.length];
    const group = svg('g', { class: `series series-${index}`, 'data-series': line.name, 'aria-hidden': 'true' });
    line.points.forEach((point, at) => {
      const next = line.points[at + 1];
      if (next) {
        group.append(svg('line', {
          x1: x(point.label), x2: x(next.label), y1: y(point.score), y2: y(next.score), class: 'series-line',
          'stroke-dasharray': marker.dash || undefined,
        }));
      }
      group.append(svg('text', { x: x(point.label), y: y(point.score) + 5, 'text-anchor': 'middle', class: 'series-marker', text: marker.glyph }),
        svg('text', { x: x(point.label), y: y(point.score) - 8, 'text-anchor': 'middle', class: 'chart-value', 'data-value': point.score, text: String(point.score) }));
    });
    chart.append(group);
  });
  labels.forEach((label) => chart.append(svg('text', { x: x(label), y: HEIGHT - 6, 'text-anchor': 'middle', class: 'chart-note', 'aria-hidden': 'true', text: label })));
  return el('figure', { class: 'chart-figure' }, chart,
    el('figcaption', {}, el('ul', { class: 'chart-legend', 'aria-label': 'How to read the lines' },
      ...series.map((line, index) => el('li', { text: `${MARKERS[index % MARKERS.length].glyph} ${line.name} (${MARKERS[index % MARKERS.length].name}s${MARKERS[index % MARKERS.length].dash ? ', broken line' : ', solid line'})` })))));
}
