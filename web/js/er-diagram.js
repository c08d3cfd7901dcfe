// The entity-relationship diagram of the candidate's own schema, as inline SVG (no library, no
// network): one box per table with its columns (PK, FK and NOT NULL marked in words, not colour),
// one line per foreign key from the referencing column to the table it references, with a crow's
// foot on the "many" side. The schema is what SQLite built from their DDL (the server's
// `schema`: tables, columns, foreign_keys). A text alternative lists the same.

import { el, svg } from './dom.js';

const BOX_WIDTH = 230;
const HEADER = 26;
const ROW = 19;
const GAP_X = 70;
const GAP_Y = 40;
const PAD = 12;
const MAX_TYPE = 14;

function columnLabel(table, column) {
  const marks = [];
  if (column.primary_key > 0) marks.push('PK');
  if ((table.foreign_keys ?? []).some((key) => (key.from ?? []).includes(column.name))) marks.push('FK');
  const type = (column.type || '').length > MAX_TYPE ? `${column.type.slice(0, MAX_TYPE - 1)}…` : (column.type || '');
  // A primary key is never NULL, whether or not SQLite's table_info says NOT NULL for it.
  return { name: column.name, type, marks: marks.join(' '), notNull: column.not_null || column.primary_key > 0 };
}

/** How many boxes side by side fit `width` pixels. */
function columnsFor(width, tables) {
  const fit = Math.max(1, Math.floor((width - PAD * 2 - 50 + GAP_X) / (BOX_WIDTH + GAP_X)));
  return Math.min(fit, Math.max(1, tables), 3);
}

/** A sentence per table, for screen readers and for the figure's description. */
export function describeSchema(schema) {
  return (schema?.tables ?? []).map((table) => {
    const columns = (table.columns ?? []).map((column) => {
      const label = columnLabel(table, column);
      return `${label.name}${label.type ? ` ${label.type}` : ''}${label.marks ? ` (${label.marks})` : ''}`;
    }).join(', ');
    const keys = (table.foreign_keys ?? []).map((key) => `${(key.from ?? []).join(', ')} references ${key.to_table}`).join('; ');
    return `${table.name}: ${columns}${keys ? `. ${keys}` : ''}.`;
  }).join(' ');
}

/**
 * Returns a <figure> with the diagram for `schema`, laid out for a container `width` pixels wide
 * (one to three boxes per row). `id` makes the ids of its title and description unique.
 */
export function erDiagram(schema, { id = 'er-diagram', width = 800 } = {}) {
  const tables = schema?.tables ?? [];
  const perRow = columnsFor(width, tables.length);
  const heights = tables.map((table) => HEADER + Math.max(1, (table.columns ?? []).length) * ROW + 6);
  const rows = [];
  tables.forEach((table, index) => {
    const row = Math.floor(index / perRow);
    rows[row] = Math.max(rows[row] ?? 0, heights[index]);
  });
  const rowTop = [];
  rows.reduce((top, height, index) => { rowTop[index] = top; return top + height + GAP_Y; }, PAD);
  const boxes = new Map();
  tables.forEach((table, index) => {
    const column = index % perRow;
    const row = Math.floor(index / perRow);
    boxes.set(table.name.toLowerCase(), {
      table, x: PAD + column * (BOX_WIDTH + GAP_X), y: rowTop[row], height: heights[index],
    });
  });
  const totalWidth = PAD * 2 + perRow * BOX_WIDTH + (perRow - 1) * GAP_X + 50;
  const totalHeight = rows.reduce((sum, height) => sum + height + GAP_Y, PAD * 2 - GAP_Y);

  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const picture = svg('svg', {
    class: 'er-diagram', id, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
    // Its natural size, scaled down by CSS (max-width: 100%) where the space is smaller; no inline
    // style: the page's Content-Security-Policy allows none.
    viewBox: `0 0 ${totalWidth} ${Math.max(totalHeight, 40)}`, width: totalWidth, height: Math.max(totalHeight, 40),
  },
  svg('title', { id: titleId, text: 'Entity-relationship diagram of your schema' }),
  svg('desc', { id: descId, text: describeSchema(schema) || 'No tables.' }));

  const rowY = (box, columnName) => {
    const index = (box.table.columns ?? []).findIndex((column) => column.name.toLowerCase() === String(columnName).toLowerCase());
    return box.y + HEADER + Math.max(0, index) * ROW + ROW / 2;
  };

  // Relationships first, so the boxes are drawn over their ends.
  const links = svg('g', { class: 'er-links' });
  for (const box of boxes.values()) {
    for (const key of box.table.foreign_keys ?? []) {
      const target = boxes.get(String(key.to_table).toLowerCase());
      if (!target) continue;
      const fromY = rowY(box, key.from?.[0]);
      const targetColumn = key.to?.[0] ?? (target.table.columns ?? []).find((column) => column.primary_key > 0)?.name;
      const toY = rowY(target, targetColumn);
      // Boxes in one column (or a table referencing itself) are joined round their right edges;
      // otherwise from the facing edges.
      const sameColumn = target.x === box.x;
      const leftward = !sameColumn && target.x < box.x;
      const fromX = sameColumn || !leftward ? box.x + BOX_WIDTH : box.x;
      const toX = sameColumn ? target.x + BOX_WIDTH : (leftward ? target.x + BOX_WIDTH : target.x);
      const bend = sameColumn ? 24 + 8 * (links.childElementCount % 4) : Math.max(30, Math.abs(toX - fromX) / 2);
      const out = sameColumn || !leftward ? 1 : -1;
      const into = sameColumn || leftward ? 1 : -1;
      links.append(svg('path', {
        d: `M ${fromX} ${fromY} C ${fromX + out * bend} ${fromY}, ${toX + into * bend} ${toY}, ${toX} ${toY}`,
        class: 'er-link', fill: 'none',
      }));
      // Crow's foot on the referencing ("many") side, a bar on the referenced ("one") side.
      const foot = fromX + out * 10;
      links.append(svg('path', { class: 'er-link', fill: 'none', d: `M ${foot} ${fromY} L ${fromX} ${fromY - 6} M ${foot} ${fromY} L ${fromX} ${fromY + 6} M ${foot} ${fromY} L ${fromX} ${fromY}` }));
      links.append(svg('path', { class: 'er-link', fill: 'none', d: `M ${toX + into * 8} ${toY - 6} L ${toX + into * 8} ${toY + 6}` }));
    }
  }
  picture.append(links);

  for (const box of boxes.values()) {
    const group = svg('g', { class: 'er-table', transform: `translate(${box.x} ${box.y})` },
      svg('rect', { class: 'er-box', width: BOX_WIDTH, height: box.height, rx: 6 }),
      svg('rect', { class: 'er-head', width: BOX_WIDTH, height: HEADER, rx: 6 }),
      svg('text', { class: 'er-name', x: 10, y: 18, text: box.table.name }));
    (box.table.columns ?? []).forEach((column, index) => {
      const label = columnLabel(box.table, column);
      const y = HEADER + index * ROW + 14;
      group.append(
        svg('text', { class: 'er-column', x: 10, y, text: `${label.name}${label.notNull ? '' : '?'}` }),
        svg('text', { class: 'er-type', x: BOX_WIDTH - 10, y, 'text-anchor': 'end', text: [label.type, label.marks].filter(Boolean).join(' ') }));
    });
    picture.append(group);
  }
  return el('figure', { class: 'er-figure' },
    picture,
    el('figcaption', { class: 'field-hint', text: 'PK primary key, FK foreign key, ? may be NULL; a forked end is the "many" side.' }));
}
