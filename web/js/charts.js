// Horizontal bar charts as inline SVG, readable without colour: every row carries its name, its
// value as a number and its verdict in words; bars are also told apart by pattern (solid,
// hatched, dotted) and the pass mark is a labelled dashed line. Positions are percentages, so
// the chart reflows at any width without shrinking its text.

import { svg, el } from './dom.js';

/** The engine's verdicts (dialogue/interview/interview_report.hpp) and how each is drawn. */
export const VERDICTS = {
  meets: { words: 'meets', legend: 'meets: at or above the pass mark (solid)', pattern: 'solid' },
  borderline: { words: 'borderline', legend: 'borderline: just under it (hatched)', pattern: 'hatched' },
  below: { words: 'below', legend: 'below: under the pass mark (dotted)', pattern: 'dotted' },
  not_assessed: { words: 'not assessed', legend: 'not assessed (no bar)', pattern: null },
};

export function verdictWords(verdict) {
  return VERDICTS[verdict]?.words ?? VERDICTS.not_assessed.words;
}

const ROW_HEIGHT = 44;
const AXIS_HEIGHT = 18;

function patternDefs(prefix) {
  return svg('defs', {},
    svg('pattern', { id: `${prefix}-solid`, width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
      svg('rect', { width: 6, height: 6, fill: 'currentColor' })),
    svg('pattern', { id: `${prefix}-hatched`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      svg('rect', { width: 6, height: 6, fill: 'currentColor', 'fill-opacity': 0.18 }),
      svg('rect', { width: 2.5, height: 6, fill: 'currentColor' })),
    svg('pattern', { id: `${prefix}-dotted`, width: 5, height: 5, patternUnits: 'userSpaceOnUse' },
      svg('rect', { width: 5, height: 5, fill: 'currentColor', 'fill-opacity': 0.12 }),
      svg('circle', { cx: 2.5, cy: 2.5, r: 1.3, fill: 'currentColor' })));
}

/**
 * rows: [{ label, value: 0..100 | null, verdict, note? }] (note: e.g. "from 2 answers"); passMark: 0..100 or null.
 * Returns a <figure> holding the SVG (role="img" with a full text alternative) and, unless
 * withLegend is false, the legend of patterns.
 */
export function barChart({ id, title, rows, passMark = null, withLegend = true }) {
  const hasPassMark = Number.isFinite(passMark) && passMark > 0;
  const height = Math.max(1, rows.length) * ROW_HEIGHT + (hasPassMark ? AXIS_HEIGHT : 0) + 4;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const description = rows.map((row) => (Number.isFinite(row.value)
    ? `${row.label}: ${Math.round(row.value)} out of 100, ${VERDICTS[row.verdict]?.legend.split(' (')[0] ?? verdictWords(row.verdict)}${row.note ? `, ${row.note}` : ''}`
    : `${row.label}: not assessed`)).join('; ') + (hasPassMark ? `. Pass mark ${passMark}.` : '');

  const chart = svg('svg', {
    class: 'chart', id, width: '100%', height, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
  },
  svg('title', { id: titleId, text: title }),
  svg('desc', { id: descId, text: description }),
  patternDefs(id));

  rows.forEach((row, index) => {
    const top = index * ROW_HEIGHT;
    const assessed = Number.isFinite(row.value);
    const value = assessed ? Math.max(0, Math.min(100, Math.round(row.value))) : 0;
    const verdict = assessed ? (VERDICTS[row.verdict] ? row.verdict : 'meets') : 'not_assessed';
    const valueText = (assessed ? `${value} / 100 · ${verdictWords(verdict)}` : 'not assessed') + (row.note ? ` · ${row.note}` : '');
    const group = svg('g', { class: 'chart-row', 'data-label': row.label, 'data-value': assessed ? value : '' },
      // Name and value share one line as consecutive spans, so they can never overlap.
      svg('text', { x: 0, y: top + 15 },
        svg('tspan', { class: 'chart-label', text: row.label }),
        svg('tspan', { class: 'chart-value', dx: 8, text: valueText })),
      svg('rect', { x: 0, y: top + 22, width: '100%', height: 14, rx: 3, class: 'bar-track' }));
    if (assessed && value > 0) {
      group.append(svg('rect', {
        x: 0, y: top + 22, width: `${value}%`, height: 14, rx: 3,
        class: `bar bar-${verdict}`, fill: `url(#${id}-${VERDICTS[verdict].pattern})`,
      }));
    }
    chart.append(group);
  });

  if (hasPassMark) {
    const bottom = rows.length * ROW_HEIGHT;
    // A short dashed tick across each bar, clear of the text lines.
    chart.append(svg('g', { class: 'pass-mark', 'aria-hidden': 'true' },
      rows.map((row, index) => svg('line', {
        x1: `${passMark}%`, x2: `${passMark}%`, y1: index * ROW_HEIGHT + 19, y2: index * ROW_HEIGHT + 39, class: 'pass-line',
      })),
      svg('text', { x: `${passMark}%`, y: bottom + 13, 'text-anchor': 'middle', class: 'chart-note', text: `pass mark ${passMark}` })));
  }

  return el('figure', { class: 'chart-figure' },
    chart,
    withLegend ? el('figcaption', {}, legend(id)) : null);
}

function legend(id) {
  const list = el('ul', { class: 'chart-legend', 'aria-label': 'How to read the bars' });
  for (const [name, verdict] of Object.entries(VERDICTS)) {
    if (!verdict.pattern) continue;
    const prefix = `${id}-legend-${name}`;
    const swatch = svg('svg', { width: 22, height: 12, 'aria-hidden': 'true', class: 'legend-swatch' },
      patternDefs(prefix),
      svg('rect', { width: 22, height: 12, rx: 2, fill: `url(#${prefix}-${verdict.pattern})`, stroke: 'currentColor' }));
    list.append(el('li', {}, swatch, verdict.legend));
  }
  return list;
}
