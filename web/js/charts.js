// Horizontal bar charts as inline SVG, readable without colour: every row carries its name, its
// value as a number and its band in words; bars are also told apart by pattern (solid, hatched,
// dotted). Positions are percentages, so the chart reflows at any width without shrinking text.

import { svg, el } from './dom.js';

export const BANDS = [
  { id: 'strong', min: 70, word: 'strong', legend: '70–100 strong (solid)' },
  { id: 'partial', min: 40, word: 'partial', legend: '40–69 partial (hatched)' },
  { id: 'weak', min: 0, word: 'weak', legend: '0–39 weak (dotted)' },
];

export function bandOf(value) {
  return BANDS.find((band) => value >= band.min) ?? BANDS[BANDS.length - 1];
}

const ROW_HEIGHT = 46;

function patternDefs(prefix) {
  return svg('defs', {},
    svg('pattern', { id: `${prefix}-strong`, width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
      svg('rect', { width: 6, height: 6, fill: 'currentColor' })),
    svg('pattern', { id: `${prefix}-partial`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 6, height: 6, fill: 'currentColor', 'fill-opacity': 0.18 }),
      svg('rect', { width: 2.5, height: 6, fill: 'currentColor' })),
    svg('pattern', { id: `${prefix}-weak`, width: 5, height: 5, patternUnits: 'userSpaceOnUse' },
      svg('rect', { width: 5, height: 5, fill: 'currentColor', 'fill-opacity': 0.12 }),
      svg('circle', { cx: 2.5, cy: 2.5, r: 1.3, fill: 'currentColor' })));
}

/**
 * rows: [{ label, value: 0..100 | null, note? }]. A null value is drawn as "not assessed".
 * Returns a <figure> holding the SVG (role="img" with a full text alternative) and a legend.
 */
export function barChart({ id, title, rows }) {
  const height = Math.max(1, rows.length) * ROW_HEIGHT + 4;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const description = rows.map((row) => (row.value === null || row.value === undefined
    ? `${row.label}: not assessed`
    : `${row.label}: ${row.value} out of 100, ${bandOf(row.value).word}${row.note ? `, ${row.note}` : ''}`)).join('; ');

  const chart = svg('svg', {
    class: 'chart', id, width: '100%', height, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
    style: 'color: var(--accent)',
  },
  svg('title', { id: titleId, text: title }),
  svg('desc', { id: descId, text: description }),
  patternDefs(id));

  rows.forEach((row, index) => {
    const top = index * ROW_HEIGHT;
    const assessed = row.value !== null && row.value !== undefined;
    const value = assessed ? Math.max(0, Math.min(100, Math.round(row.value))) : 0;
    const valueText = assessed ? `${value} / 100 · ${bandOf(value).word}` : 'not assessed';
    const group = svg('g', { class: 'chart-row', 'data-label': row.label, 'data-value': assessed ? value : '' },
      svg('text', { x: 0, y: top + 15, class: 'chart-label', text: row.label }),
      svg('text', { x: '100%', y: top + 15, 'text-anchor': 'end', class: 'chart-value', text: valueText }),
      svg('rect', { x: 0, y: top + 22, width: '100%', height: 14, rx: 3, class: 'bar-track' }));
    if (assessed && value > 0) {
      group.append(svg('rect', {
        x: 0, y: top + 22, width: `${value}%`, height: 14, rx: 3,
        class: `bar bar-${bandOf(value).id}`, fill: `url(#${id}-${bandOf(value).id})`,
      }));
    }
    chart.append(group);
  });

  return el('figure', { class: 'chart-figure' },
    chart,
    el('figcaption', {}, legend(id)));
}

function legend(id) {
  const list = el('ul', { class: 'chart-legend', 'aria-label': 'How to read the bars' });
  for (const band of BANDS) {
    const swatch = svg('svg', { width: 22, height: 12, 'aria-hidden': 'true', style: 'color: var(--accent)' },
      patternDefs(`${id}-legend-${band.id}`),
      svg('rect', { width: 22, height: 12, rx: 2, fill: `url(#${id}-legend-${band.id}-${band.id})`, stroke: 'currentColor' }));
    list.append(el('li', {}, swatch, band.legend));
  }
  return list;
}
