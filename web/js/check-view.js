// What running a practical task's code showed, as the page draws it: a Run's output (the first
// rows, the cost, the plan; the schema's diagram; the API's endpoints) and a submission's check
// (its findings, the measured speed-up, the plans before and after side by side, the diagram).
// Field names are the server's (docs/protocol.md, "Run" and task_checked). Text only as text.

import { el } from './dom.js';
import { erDiagram } from './er-diagram.js';
import { countOf } from './wording.js';

const thousands = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-GB').replace(/,/g, ' ') : '–');

/** "26x" for 26.3, "2.5x" for 2.46. */
export function ratioText(value) {
  if (!Number.isFinite(value)) return '–';
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10}x`;
}

function costList(cost, original) {
  if (!cost) return null;
  return el('dl', { class: 'cost-list' },
    el('dt', { text: 'Steps' }),
    el('dd', {}, thousands(cost.vm_steps), original ? el('span', { class: 'field-hint', text: ` (the original: ${thousands(original.vm_steps)})` }) : null),
    el('dt', { text: 'Rows read by full scans' }),
    el('dd', {}, thousands(cost.fullscan_steps), original ? el('span', { class: 'field-hint', text: ` (the original: ${thousands(original.fullscan_steps)})` }) : null),
    cost.sort_ops ? [el('dt', { text: 'Sorts' }), el('dd', { text: thousands(cost.sort_ops) })] : null,
    el('dt', { text: 'Time here' }),
    el('dd', { text: `${Number(cost.wall_ms ?? 0).toFixed(1)} ms (shown, never scored)` }));
}

/** A block of code or plan text: scrollable, so reachable by keyboard and named. */
function codeBlock(label, text) {
  return el('pre', { class: 'code-block', tabindex: '0', 'aria-label': label, text });
}

function planBlock(title, lines) {
  if (!lines?.length) return null;
  return el('figure', { class: 'plan' }, el('figcaption', { text: title }), codeBlock(title, lines.join('\n')));
}

/** Two plans side by side (stacked on a phone). */
export function plansSideBySide(before, after, { beforeTitle = 'Plan before', afterTitle = 'Plan after' } = {}) {
  return el('div', { class: 'plans' }, planBlock(beforeTitle, before), planBlock(afterTitle, after));
}

function rowsTable(result) {
  const columns = result.columns ?? [];
  const rows = result.rows ?? [];
  const caption = result.truncated ? `The first ${rows.length} of ${thousands(result.row_count)} rows`
    : countOf(result.row_count ?? rows.length, 'row');
  return el('div', { class: 'rows-scroll', tabindex: '0', role: 'region', 'aria-label': `Rows: ${caption}` },
    el('table', { class: 'rows-table' },
      el('caption', { text: caption }),
      el('thead', {}, el('tr', {}, columns.map((name) => el('th', { scope: 'col', text: name })))),
      el('tbody', {}, rows.map((row) => el('tr', {}, row.map((value) => el('td', { text: value })))))));
}

function operationsList(operations) {
  if (!operations?.length) return el('p', { text: 'No operation found.' });
  return el('ul', { class: 'operations' }, operations.map((operation) => el('li', {},
    el('code', { text: `${operation.method} ${operation.path}` }),
    operation.summary ? ` — ${operation.summary}` : '',
    operation.responses?.length ? el('span', { class: 'field-hint', text: ` (${operation.responses.join(', ')})` }) : null)));
}

/** A Run's output. `width`: the space the diagram has. */
export function runResultView(result, { width = 800 } = {}) {
  const parts = [el('p', { class: 'run-summary', text: result.summary ?? '' })];
  if (result.columns) parts.push(rowsTable(result));
  if (result.cost) parts.push(costList(result.cost, result.original_cost));
  if (result.plan) parts.push(plansSideBySide(result.original_plan, result.plan, { beforeTitle: 'The original query\u2019s plan', afterTitle: 'Your plan' }));
  if (result.schema) {
    parts.push(erDiagram(result.schema, { id: 'run-er-diagram', width }));
    if (result.mermaid) parts.push(el('details', { class: 'mermaid' }, el('summary', { text: 'The diagram as Mermaid text' }), codeBlock('The diagram as Mermaid text', result.mermaid)));
  }
  if (result.operations) {
    parts.push(operationsList(result.operations));
    if (result.problems?.length) {
      parts.push(el('ul', { class: 'run-problems' }, result.problems.map((problem) => el('li', {},
        el('span', { 'aria-hidden': 'true', text: '⚠ ' }), problem))));
    }
  }
  return parts;
}

/**
 * A Run that failed: the server's words about the candidate's own code (its message already says
 * the line and column). Shown for run_failed only: it is about their code, written for them.
 */
export function runFailureView(error) {
  return [el('p', { class: 'run-error' }, el('strong', { text: 'Did not run. ' }), error.message ?? '')];
}

/** The findings of a check, each with ✓ or ✗ and the word for it. */
export function findingsList(findings) {
  return el('ul', { class: 'check-findings' }, (findings ?? []).map((finding) => el('li', { class: finding.positive ? 'good' : 'bad' },
    el('span', { class: 'icon', 'aria-hidden': 'true', text: finding.positive ? '✓' : '✗' }),
    el('span', { text: finding.text }),
    el('span', { class: 'sr-only', text: finding.positive ? ' (good)' : ' (to fix)' }))));
}

/**
 * What a submission's check showed, beyond its findings: the measured speed-up and the plans
 * (slow query), the diagram (schema), the endpoints (API). `check` is a task_checked event or a
 * report question's `check`.
 */
export function checkExhibits(check, { id = 'check', width = 800 } = {}) {
  const details = check.details ?? {};
  const parts = [];
  if (check.checker === 'slow_query' && details.original && details.submitted) {
    parts.push(el('p', { class: 'speedup' },
      el('strong', { text: 'Measured: ' }),
      `${ratioText(details.speedup)} fewer steps (${thousands(details.original.cost?.vm_steps)} → ${thousands(details.submitted.cost?.vm_steps)})`,
      Number.isFinite(details.claimed_speedup) ? `; your explanation claims ${ratioText(details.claimed_speedup)}` : ''));
    parts.push(plansSideBySide(details.original.plan, details.submitted.plan));
  } else if (check.checker === 'schema' && details.schema) {
    parts.push(erDiagram(details.schema, { id: `${id}-er`, width }));
  } else if (check.checker === 'openapi' && details.operations) {
    parts.push(operationsList(details.operations));
  }
  const mermaid = (check.exhibits ?? []).find((block) => block.language === 'mermaid');
  if (mermaid) parts.push(el('details', { class: 'mermaid' }, el('summary', { text: 'The diagram as Mermaid text' }), codeBlock('The diagram as Mermaid text', mermaid.text)));
  return parts;
}
