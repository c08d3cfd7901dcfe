// Calibration: where coaches and the scorer disagree. A chart of the most overridden items (how
// often coaches agreed, as a bar and as a number) and the table of every item, with example
// answers to open.

import { el, svg, clear } from '../dom.js';
import { countOf } from '../wording.js';
import { percent, STAR_WORDS } from './format.js';

const KIND_WORDS = { key_point: 'Key point', red_flag: 'Red flag', star_part: 'STAR part' };
/** The chart shows the items overridden most (the table has all of them). */
const CHART_ITEMS = 10;

const asList = (value) => (Array.isArray(value) ? value : []);

export class CalibrationView {
  constructor({ root = document, api, onError }) {
    this.api = api;
    this.onError = onError;
    this.content = root.getElementById('calibration-content');
  }

  reset() {
    clear(this.content);
  }

  async open() {
    clear(this.content);
    this.content.append(el('p', { text: 'Loading…' }));
    let data;
    try {
      data = await this.api.calibration();
    } catch (error) {
      clear(this.content);
      this.onError(error.message);
      return;
    }
    this.render(data);
  }

  render(data) {
    clear(this.content);
    const totals = data.totals ?? {};
    const items = asList(data.items);
    this.content.append(el('p', { class: 'calibration-totals', id: 'calibration-totals' },
      `${countOf(totals.judgements ?? 0, 'judgement')} of the scorer, `,
      `${countOf(totals.overridden ?? 0, 'correction')} by coaches: `,
      el('strong', { text: `agreement ${percent(totals.agreement_rate)}` }), '.'));
    if (!items.length) {
      this.content.append(el('p', { class: 'field-hint', text: 'Nothing to compare yet: no answer in your interviews has been scored.' }));
      return;
    }
    const overridden = items.filter((item) => item.overridden > 0).slice(0, CHART_ITEMS);
    this.content.append(el('section', { class: 'report-section', 'aria-labelledby': 'calibration-chart-heading' },
      el('h2', { id: 'calibration-chart-heading', text: 'Most overridden' }),
      overridden.length ? agreementChart(overridden)
        : el('p', { class: 'field-hint', text: 'Coaches have not overridden the scorer yet: it agrees on everything so far.' })));
    this.content.append(el('section', { class: 'report-section', 'aria-labelledby': 'calibration-table-heading' },
      el('h2', { id: 'calibration-table-heading', text: 'Every item' }),
      itemTable(items)));
  }
}

function itemName(item) {
  const label = item.kind === 'star_part' ? (STAR_WORDS[item.id] ?? item.label ?? item.id) : (item.label ?? item.id);
  return `${KIND_WORDS[item.kind] ?? item.kind}: ${label}`;
}

/**
 * Horizontal bars of the agreement rate, one row each: the item's name and its figures in words
 * (HTML, so a long key point wraps on a phone), then the bar as inline SVG with the pass of 100 %
 * as its track. Nothing is told by colour: the words carry it and the bar's length repeats it.
 */
function agreementChart(items) {
  return el('figure', { class: 'chart-figure agreement-chart', id: 'calibration-chart' },
    el('ol', { class: 'agreement-rows', 'aria-label': 'Agreement between coaches and the scorer, most overridden items first' },
      items.map((item) => {
        const value = Math.max(0, Math.min(100, Math.round((item.agreement_rate ?? 0) * 100)));
        const words = `coaches agreed ${value} % · ${item.overridden} of ${countOf(item.judgements ?? 0, 'judgement')} overridden`;
        return el('li', { class: 'chart-row', dataset: { label: itemName(item), value } },
          el('span', { class: 'chart-label', text: itemName(item) }),
          el('span', { class: 'chart-value', text: ` ${words}` }),
          svg('svg', { class: 'chart agreement-bar', width: '100%', height: 16, 'aria-hidden': 'true', focusable: 'false' },
            svg('rect', { x: 0, y: 1, width: '100%', height: 14, rx: 3, class: 'bar-track' }),
            value > 0 ? svg('rect', { x: 0, y: 1, width: `${value}%`, height: 14, rx: 3, class: 'bar bar-agreement' }) : null));
      })),
    el('figcaption', { class: 'field-hint', text: 'A full bar: coaches kept every judgement of the scorer. A short bar: they often corrected it.' }));
}

const COLUMNS = ['Item', 'Judgements', 'Overridden', 'Agreement', 'Corrected to yes', 'Corrected to no', 'Examples'];

/** The table; on a phone each row stacks into a card whose cells name their column (data-column). */
function itemTable(items) {
  const cell = (index, attrs, ...children) => el('td', { ...attrs, dataset: { column: COLUMNS[index] } }, ...children);
  return el('table', { class: 'calibration-table', id: 'calibration-table' },
    el('caption', { class: 'sr-only', text: 'Every key point, red flag and STAR part, most overridden first' }),
    el('thead', {}, el('tr', {}, COLUMNS.map((name) => el('th', { scope: 'col', text: name })))),
    el('tbody', {}, items.map((item) => el('tr', { dataset: { kind: item.kind, id: item.id } },
      el('th', { scope: 'row', text: itemName(item) }),
      cell(1, { text: String(item.judgements ?? 0) }),
      cell(2, { text: String(item.overridden ?? 0) }),
      cell(3, { text: percent(item.agreement_rate) }),
      cell(4, { text: String(item.to_positive ?? 0) }),
      cell(5, { text: String(item.to_negative ?? 0) }),
      cell(6, {}, asList(item.examples).length ? el('ul', { class: 'example-list' }, asList(item.examples).map((example, index) => el('li', {},
        el('a', { href: `#interview=${encodeURIComponent(example.interview_id)}&turn=${encodeURIComponent(example.turn)}` },
          `Example ${index + 1}`, el('span', { class: 'sr-only', text: ` for ${itemName(item)}` }))))) : '–')))));
}
