// One interview for review: the transcript, each answer with its evidence highlighted (covered
// key points, raised red flags, STAR parts), the feedback the candidate saw, notes, corrections
// of the scorer with a reason, the audit trail with revert, and the exports.

import { el, clear, srOnly } from '../dom.js';
import { highlightSegments } from '../text-spans.js';
import { downloadFile } from '../transcript.js';
import { countOf } from '../wording.js';
import {
  STATUS_WORDS, STAR_WORDS, formatDate, scoreText, capitalise, fieldWords, valueWords,
} from './format.js';

const asList = (value) => (Array.isArray(value) ? value : []);

export const EXPORTS = [
  { format: 'markdown', label: 'Markdown', extension: 'md' },
  { format: 'json', label: 'JSON', extension: 'json' },
  { format: 'csv', label: 'CSV (one row per answer)', extension: 'csv' },
  { format: 'html', label: 'Printable report (HTML)', extension: 'html' },
];

export class ReviewView {
  constructor({ container, api, onError, onStatus, hideAlert }) {
    this.container = container;
    this.api = api;
    this.onError = onError;
    this.onStatus = onStatus;
    this.hideAlert = hideAlert;
    this.interview = null;
  }

  reset() {
    this.interview = null;
    clear(this.container);
  }

  /** Loads and shows the interview; `focusTurn` puts the reader at one answer (from calibration). */
  async open(interviewId, { focusTurn = null } = {}) {
    clear(this.container);
    this.container.append(el('p', { text: 'Loading the interview…' }));
    try {
      this.interview = await this.api.interview(interviewId);
      this.stageNames = await this.api.stageNames(this.interview.role);
    } catch (error) {
      clear(this.container);
      this.container.append(
        el('h1', { id: 'review-heading', tabindex: '-1', text: 'Interview' }),
        el('p', {}, el('a', { href: '#interviews', text: 'Back to the interviews' })));
      this.onError(error.message);
      return;
    }
    this.render();
    const target = focusTurn !== null ? this.container.querySelector(`[data-turn="${CSS.escape(String(focusTurn))}"] .turn-heading`) : null;
    (target ?? this.container.querySelector('#review-heading')).focus();
    target?.scrollIntoView({ block: 'start' });
  }

  /** Reads the interview again after a change and keeps the reader's place. */
  async refresh(focusSelector, statusText) {
    this.interview = await this.api.interview(this.interview.interview_id);
    this.render();
    if (statusText) this.onStatus(statusText);
    const target = focusSelector ? this.container.querySelector(focusSelector) : null;
    target?.focus();
  }

  render() {
    const interview = this.interview;
    clear(this.container);
    const score = interview.score ?? {};
    const plan = interview.plan ?? {};
    const facts = [
      STATUS_WORDS[interview.status] ?? capitalise(interview.status),
      `started ${formatDate(interview.created_at_ms)}`,
      plan.seniority ? capitalise(plan.seniority) : '',
      plan.industry && plan.industry !== 'none' ? capitalise(plan.industry) : '',
      interview.scorer_version ? `scorer ${interview.scorer_version}` : '',
    ].filter(Boolean);

    this.container.append(
      el('p', { class: 'back-link no-print' }, el('a', { href: '#interviews', text: '← Back to the interviews' })),
      el('div', { class: 'report-header' },
        el('div', {},
          el('h1', { id: 'review-heading', tabindex: '-1', text: `Interview: ${capitalise(interview.role)}` }),
          el('p', { class: 'lede', text: facts.join(' · ') }),
          el('p', { class: 'overall-line' }, 'Overall score: ', el('strong', { id: 'review-score', text: scoreText(score.value) }),
            score.overridden ? el('span', { class: 'overridden-tag', text: ` (corrected by a coach; the scorer said ${scoreText(score.original)})` }) : null)),
        this.exportButtons()),
      el('section', { class: 'report-section', 'aria-labelledby': 'transcript-heading' },
        el('h2', { id: 'transcript-heading', text: 'Transcript' }),
        asList(interview.turns).length
          ? el('ol', { class: 'turn-list' }, asList(interview.turns).map((turn, index) => this.turnEntry(turn, index)))
          : el('p', { class: 'field-hint', text: 'No answer has been scored yet.' })),
      el('section', { class: 'report-section', 'aria-labelledby': 'interview-notes-heading' },
        el('h2', { id: 'interview-notes-heading', text: 'Notes on the interview' }),
        notesList(interview.notes, 'interview-notes'),
        this.noteForm({ turn: undefined, id: 'interview-note' })),
      el('section', { class: 'report-section', 'aria-labelledby': 'audit-heading' },
        el('h2', { id: 'audit-heading', text: 'Audit trail' }),
        el('p', { class: 'field-hint', text: 'Every correction, who made it, when and why. A reverted correction stays listed.' }),
        this.auditList()));
  }

  exportButtons() {
    return el('div', { class: 'report-actions no-print', role: 'group', 'aria-label': 'Export this interview' },
      EXPORTS.map((item) => el('button', {
        type: 'button', class: 'button', id: `export-${item.format}`, dataset: { format: item.format },
        onclick: (event) => this.download(item, event.currentTarget),
      }, `Export: ${item.label}`)));
  }

  async download(item, button) {
    button.disabled = true;
    try {
      const response = await this.api.exportFile(this.interview.interview_id, item.format);
      const name = filenameFrom(response.headers.get('Content-Disposition')) ?? `interview-${this.interview.interview_id}.${item.extension}`;
      const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
      downloadFile(name, await response.blob(), type);
      this.onStatus(`${item.label} export downloaded as ${name}.`);
    } catch (error) {
      this.onError(error.message);
    } finally {
      button.disabled = false;
    }
  }

  turnEntry(turn, index) {
    const headingId = `turn-${turn.turn}-heading`;
    return el('li', { class: 'turn', dataset: { turn: turn.turn } },
      el('div', { class: 'question-head' },
        el('h3', { id: headingId, class: 'turn-heading', tabindex: '-1' },
          el('span', { class: 'turn-number', text: `Answer ${index + 1}` }),
          turn.stage ? el('span', { class: 'turn-stage', text: ` · ${this.stageNames?.get(turn.stage) ?? capitalise(turn.stage)}` }) : null),
        el('span', { class: 'score-badge', dataset: { role: 'turn-score' } }, scoreText(turn.score),
          turn.overridden ? el('span', { class: 'overridden-tag', text: ` · corrected (scorer: ${scoreText(turn.original_score)})` }) : null)),
      el('p', { class: 'turn-question' }, el('span', { class: 'who', text: 'Question: ' }), turn.question ?? ''),
      answerBlock(turn),
      judgementList(turn),
      asList(turn.feedback).length ? el('details', { class: 'turn-feedback' },
        el('summary', { text: 'What the candidate was told' }),
        el('ul', { class: 'point-list' }, asList(turn.feedback).map((text) => el('li', { text })))) : null,
      el('div', { class: 'turn-notes' },
        el('h4', { text: 'Notes on this answer' }),
        notesList(turn.notes, `turn-${turn.turn}-notes`),
        this.noteForm({ turn: turn.turn, id: `turn-${turn.turn}-note` })),
      this.overrideForm(turn));
  }

  noteForm({ turn, id }) {
    const input = el('textarea', { id: `${id}-text`, name: 'text', rows: 2, required: true });
    const form = el('form', { class: 'note-form no-print', novalidate: true, dataset: { turn: turn ?? '' } },
      el('label', { for: `${id}-text`, text: turn === undefined ? 'Add a note on the interview' : 'Add a note on this answer' }),
      input,
      el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button', id: `${id}-add` }, 'Add note')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        this.onError('Write the note first.');
        input.focus();
        return;
      }
      form.querySelector('button').disabled = true;
      try {
        await this.api.addNote(this.interview.interview_id, { text, turn });
        this.hideAlert();
        await this.refresh(`#${id}-text`, 'Note added.');
      } catch (error) {
        form.querySelector('button').disabled = false;
        this.onError(error.message);
        input.focus();
      }
    });
    return form;
  }

  /** "Correct the scoring": score, each key point, red flag and STAR part, with a reason. */
  overrideForm(turn) {
    const prefix = `override-${turn.turn}`;
    const choices = [];
    const selectFor = (name, label, current, yes, no, yesWords, noWords, original) => {
      const id = `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      choices.push({ name, current: current ? yes : no });
      return el('div', { class: 'override-choice' },
        el('label', { for: id, text: label }),
        el('select', { id, name, dataset: { current: current ? yes : no } },
          el('option', { value: yes, selected: Boolean(current), text: yesWords }),
          el('option', { value: no, selected: !current, text: noWords })),
        original !== current ? el('span', { class: 'field-hint', text: ` the scorer said: ${original ? yesWords : noWords}` }) : null);
    };
    const keyPoints = asList(turn.key_points).map((point) =>
      selectFor(`key_points.${point.id}`, point.label, point.covered, 'covered', 'not_covered', 'covered', 'not covered', point.original_covered));
    const flags = asList(turn.red_flags).map((flag) =>
      selectFor(`red_flags.${flag.id}`, flag.label, flag.raised, 'raised', 'not_raised', 'raised', 'not raised', flag.original_raised));
    const star = asList(turn.star).map((part) =>
      selectFor(`star.${part.part}`, STAR_WORDS[part.part] ?? part.part, part.present, 'present', 'absent', 'present', 'absent', part.original_present));

    const scoreInput = el('input', { type: 'number', id: `${prefix}-score`, name: 'score', min: 0, max: 100, step: 1, inputmode: 'numeric',
      placeholder: String(turn.score ?? ''), 'aria-describedby': `${prefix}-score-hint` });
    const reason = el('textarea', { id: `${prefix}-reason`, name: 'reason', rows: 2, required: true, 'aria-describedby': `${prefix}-reason-hint` });
    const form = el('form', { class: 'override-form', novalidate: true },
      el('div', { class: 'field' },
        el('label', { for: `${prefix}-score`, text: 'Score (0 to 100)' }),
        scoreInput,
        el('p', { id: `${prefix}-score-hint`, class: 'field-hint', text: `Now ${scoreText(turn.score)}; leave empty to keep it.` })),
      keyPoints.length ? el('fieldset', { class: 'field override-group' }, el('legend', { text: 'Key points' }), keyPoints) : null,
      flags.length ? el('fieldset', { class: 'field override-group' }, el('legend', { text: 'Red flags' }), flags) : null,
      star.length ? el('fieldset', { class: 'field override-group' }, el('legend', { text: 'STAR parts' }), star) : null,
      el('div', { class: 'field' },
        el('label', { for: `${prefix}-reason`, text: 'Reason' }),
        reason,
        el('p', { id: `${prefix}-reason-hint`, class: 'field-hint', text: 'Required: it goes into the audit trail with your name.' })),
      el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button primary', id: `${prefix}-save` }, 'Save the correction')));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const change = { reason: reason.value.trim() };
      const typedScore = scoreInput.value.trim();
      if (typedScore !== '') {
        if (!/^\d{1,3}$/.test(typedScore) || Number(typedScore) > 100) {
          this.onError('The score must be a whole number from 0 to 100.');
          scoreInput.focus();
          return;
        }
        if (Number(typedScore) !== turn.score) change.score = Number(typedScore);
      }
      for (const choice of choices) {
        const value = form.elements[choice.name].value;
        if (value === choice.current) continue;
        const [group, id] = choice.name.split(/\.(.*)/s);
        change[group] ??= {};
        change[group][id] = value;
      }
      if (Object.keys(change).length === 1) {
        this.onError('Nothing is changed yet: change the score or a judgement, then save.');
        scoreInput.focus();
        return;
      }
      if (!change.reason) {
        this.onError('Give a reason for the correction: it goes into the audit trail.');
        reason.focus();
        return;
      }
      form.querySelector('[type="submit"]').disabled = true;
      try {
        const result = await this.api.override(this.interview.interview_id, turn.turn, change);
        this.hideAlert();
        await this.refresh(`[data-turn="${CSS.escape(String(turn.turn))}"] .turn-heading`,
          `Correction saved: ${countOf(asList(result.audit).length, 'change')} in the audit trail.`);
      } catch (error) {
        form.querySelector('[type="submit"]').disabled = false;
        this.onError(error.message);
      }
    });

    return el('details', { class: 'override no-print' },
      el('summary', { text: 'Correct the scoring' }),
      form);
  }

  auditList() {
    const entries = asList(this.interview.audit);
    if (!entries.length) return el('p', { id: 'audit-empty', text: 'No correction yet.' });
    const labels = labelsOf(this.interview);
    const turnNumber = new Map(asList(this.interview.turns).map((turn, index) => [turn.turn, index + 1]));
    return el('ol', { class: 'audit-list', id: 'audit-list' }, entries.map((entry) => {
      const what = `${fieldWords(entry.field, labels)}: ${valueWords(entry.field, entry.from)} → ${valueWords(entry.field, entry.to)}`;
      return el('li', { class: 'audit-entry', dataset: { auditId: entry.id, field: entry.field } },
        el('p', { class: 'audit-what' },
          el('strong', { text: what }),
          turnNumber.has(entry.turn) ? ` (answer ${turnNumber.get(entry.turn)})` : '',
          entry.reverts ? el('span', { class: 'audit-tag', text: ' · a revert' }) : null,
          entry.reverted_by ? el('span', { class: 'audit-tag', text: ' · reverted' }) : null),
        el('p', { class: 'audit-meta', text: `${entry.author ?? ''} · ${formatDate(entry.at_ms)} · “${entry.reason ?? ''}”` }),
        entry.reverted_by ? null : this.revertForm(entry, what));
    }));
  }

  revertForm(entry, what) {
    const id = `revert-${entry.id}`;
    const reason = el('input', { type: 'text', id: `${id}-reason`, name: 'reason', required: true });
    const form = el('form', { class: 'revert-form', novalidate: true },
      el('label', { for: `${id}-reason`, text: 'Why revert it?' }),
      reason,
      el('button', { type: 'submit', class: 'button', id: `${id}-confirm` }, 'Revert'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!reason.value.trim()) {
        this.onError('Give a reason for the revert: it goes into the audit trail.');
        reason.focus();
        return;
      }
      form.querySelector('button').disabled = true;
      try {
        await this.api.revert(this.interview.interview_id, entry.id, reason.value.trim());
        this.hideAlert();
        await this.refresh('#audit-heading', `Reverted: ${what}.`);
      } catch (error) {
        form.querySelector('button').disabled = false;
        this.onError(error.message);
      }
    });
    return el('details', { class: 'revert no-print' },
      el('summary', {}, 'Revert', srOnly(` ${what}`)),
      form);
  }
}

/** The labels of every judged item, by audit field name ("key_point:<id>" → its label). */
function labelsOf(interview) {
  const labels = new Map();
  for (const turn of asList(interview.turns)) {
    for (const point of asList(turn.key_points)) labels.set(`key_point:${point.id}`, point.label);
    for (const flag of asList(turn.red_flags)) labels.set(`red_flag:${flag.id}`, flag.label);
  }
  return labels;
}

/** The answer with its evidence marked, and one legend naming every mark. */
function answerBlock(turn) {
  const marks = [];
  const kinds = new Map();
  const add = (items, label, kind) => {
    for (const span of asList(items)) {
      marks.push({ begin: span.start ?? span.begin, end: span.end, label });
      kinds.set(label, kind);
    }
  };
  for (const point of asList(turn.key_points)) if (point.covered) add(point.evidence, `Key point: ${point.label}`, 'key-point');
  for (const flag of asList(turn.red_flags)) if (flag.raised) add(flag.evidence, `Red flag: ${flag.label}`, 'concern');
  for (const part of asList(turn.star)) if (part.present) add(part.evidence, `STAR: ${STAR_WORDS[part.part] ?? part.part}`, 'star');

  const text = String(turn.answer ?? '');
  const segments = highlightSegments(text, marks);
  const quote = el('blockquote', { class: 'answer-text' }, segments.map((segment) => {
    if (!segment.highlighted) return segment.text;
    const segmentKinds = segment.labels.map((label) => kinds.get(label));
    const kind = ['concern', 'key-point', 'star'].find((name) => segmentKinds.includes(name)) ?? 'key-point';
    return el('mark', { class: `evidence evidence-${kind}`, title: segment.labels.join('; ') },
      segment.text, srOnly(` (${segment.labels.join('; ')})`));
  }));
  const legendLabels = [...kinds.keys()];
  return el('div', { class: 'answer-block' },
    el('p', { class: 'who', text: 'Answer' }),
    quote,
    legendLabels.length ? el('ul', { class: 'evidence-legend', 'aria-label': 'What the marks show' },
      legendLabels.map((label) => el('li', {}, el('span', { class: `legend-swatch legend-${kinds.get(label)}`, 'aria-hidden': 'true' }), label))) : null);
}

/** Every judgement in words with a symbol, marked when a coach changed it. */
function judgementList(turn) {
  const rows = [];
  const corrected = (item) => (item.overridden ? el('span', { class: 'overridden-tag', text: ' · corrected by a coach' }) : null);
  for (const point of asList(turn.key_points)) {
    rows.push(el('li', { class: point.covered ? 'covered' : 'missing', dataset: { keyPoint: point.id } },
      el('span', { class: 'icon', 'aria-hidden': 'true', text: point.covered ? '✓' : '○' }),
      el('span', {}, `${point.covered ? 'Covered' : 'Not covered'}: ${point.label}`, corrected(point))));
  }
  for (const flag of asList(turn.red_flags)) {
    if (!flag.raised && !flag.overridden) continue;
    rows.push(el('li', { class: flag.raised ? 'flag' : 'missing', dataset: { redFlag: flag.id } },
      el('span', { class: 'icon', 'aria-hidden': 'true', text: flag.raised ? '⚠' : '–' }),
      el('span', {}, `${flag.raised ? 'Red flag' : 'Red flag withdrawn'}: ${flag.label}`, corrected(flag))));
  }
  const star = asList(turn.star);
  return el('div', { class: 'judgements' },
    rows.length ? el('ul', { class: 'judgement-list' }, rows) : null,
    star.length ? el('ul', { class: 'star-parts', 'aria-label': 'STAR parts' }, star.map((part) => el('li', {
      class: part.present ? 'present' : 'absent', dataset: { star: part.part },
    }, `${STAR_WORDS[part.part] ?? part.part}: ${part.present ? 'present' : 'absent'}`, part.overridden ? ' (corrected)' : ''))) : null);
}

function notesList(notes, id) {
  const list = asList(notes);
  if (!list.length) return el('p', { class: 'field-hint', id, text: 'No note yet.' });
  return el('ul', { class: 'note-list', id }, list.map((note) => el('li', { class: 'note' },
    el('p', { class: 'note-text', text: note.text }),
    el('p', { class: 'audit-meta', text: `${note.author ?? ''} · ${formatDate(note.created_at_ms)}` }))));
}

/** The file name a Content-Disposition header gives, or null. */
function filenameFrom(header) {
  const match = /filename="?([^";]+)"?/i.exec(header ?? '');
  return match ? match[1] : null;
}
