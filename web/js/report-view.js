// The report page: overall score, per-stage and per-skill charts, strengths, the most valuable
// improvements, every question with its score, transcript downloads and printing.
// Field names follow the engine's report JSON (dialogue report_to_json).

import { el, clear } from './dom.js';
import { barChart } from './charts.js';
import { transcriptMarkdown, transcriptJson, downloadFile } from './transcript.js';

const pick = (object, ...keys) => keys.map((key) => object?.[key]).find((value) => value !== undefined && value !== null);
const asList = (value) => (Array.isArray(value) ? value : []);
const textOf = (item) => (typeof item === 'string' ? item : pick(item, 'text', 'name', 'title') ?? '');

function scoreText(score) {
  return Number.isFinite(score) ? `${Math.round(score)} / 100` : 'not scored';
}

/**
 * Renders the report into `container`. `reportEvent` is the engine's report event
 * ({ report, markdown }); `events` the whole log (for the transcript files).
 */
export function renderReport(container, { reportEvent, events, interviewId, onNewInterview, onShowConversation }) {
  const report = reportEvent.report ?? {};
  clear(container);

  const fileStem = `interview-${interviewId}`;
  const header = el('div', { class: 'report-header' },
    el('div', {},
      el('h1', { id: 'report-heading', tabindex: '-1', text: 'Your interview report' }),
      report.role_title || report.role ? el('p', { class: 'lede', text: pick(report, 'role_title', 'role') }) : null),
    el('div', { class: 'report-actions' },
      el('button', { type: 'button', class: 'button', id: 'download-markdown',
        onclick: () => downloadFile(`${fileStem}.md`, transcriptMarkdown({ interviewId, events }), 'text/markdown') },
      'Download transcript (Markdown)'),
      el('button', { type: 'button', class: 'button', id: 'download-json',
        onclick: () => downloadFile(`${fileStem}.json`, transcriptJson({ interviewId, events }), 'application/json') },
      'Download transcript (JSON)'),
      el('button', { type: 'button', class: 'button', id: 'print-report', onclick: () => globalThis.print() }, 'Print'),
      el('button', { type: 'button', class: 'button', id: 'show-conversation', onclick: onShowConversation }, 'Read the conversation'),
      el('button', { type: 'button', class: 'button primary', id: 'new-interview', onclick: onNewInterview }, 'Start a new interview')));
  container.append(header);

  const overallScore = pick(report, 'overall_score', 'score') ?? pick(report.overall, 'score');
  const verdict = pick(report, 'verdict', 'summary') ?? pick(report.overall, 'verdict');
  container.append(el('section', { class: 'overall', 'aria-label': 'Overall result' },
    el('p', { class: 'big-score' }, Number.isFinite(overallScore) ? String(Math.round(overallScore)) : '–', el('small', { text: ' / 100' })),
    el('div', {},
      el('p', {}, el('strong', { text: 'Overall score' })),
      verdict ? el('p', { text: verdict }) : null,
      report.ended_early ? el('p', { text: 'You ended the interview early; questions not reached are listed as not asked.' }) : null)));

  const stages = asList(report.stages);
  const skills = asList(report.skills);
  container.append(el('div', { class: 'report-grid' },
    el('section', { class: 'report-section', 'aria-labelledby': 'stages-heading' },
      el('h2', { id: 'stages-heading', text: 'By stage' }),
      stages.length ? barChart({
        id: 'stage-chart',
        title: 'Score by interview stage',
        rows: stages.map((stage) => ({
          label: pick(stage, 'name', 'stage_name', 'stage_id'),
          value: pick(stage, 'score'),
          note: pick(stage, 'verdict'),
        })),
      }) : el('p', { text: 'No stage was completed.' }),
      stageVerdicts(stages)),
    el('section', { class: 'report-section', 'aria-labelledby': 'skills-heading' },
      el('h2', { id: 'skills-heading', text: 'By skill' }),
      skills.length ? barChart({
        id: 'skill-chart',
        title: 'Score by skill',
        rows: skills.map((skill) => ({
          label: `${pick(skill, 'name', 'skill_id')}${skill.level === 'must_verify' ? ' (must verify)' : ''}`,
          value: skill.evidenced === false ? null : pick(skill, 'score'),
        })),
      }) : el('p', { text: 'No skill could be assessed from the answers given.' }))));

  container.append(el('div', { class: 'report-grid' },
    el('section', { class: 'report-section', 'aria-labelledby': 'strengths-heading' },
      el('h2', { id: 'strengths-heading', text: 'Strengths' }),
      listOrNote(asList(report.strengths), (item) => el('li', { text: textOf(item) }), 'No clear strengths yet: the answers were too short to show them.')),
    el('section', { class: 'report-section', 'aria-labelledby': 'improvements-heading' },
      el('h2', { id: 'improvements-heading', text: 'What to improve first' }),
      listOrNote(asList(report.improvements), (item) => el('li', {},
        el('strong', { text: textOf(item) }),
        asList(item.tips).concat(item.tip ? [item.tip] : []).map((tip) => el('span', { class: 'tip', text: `Tip: ${textOf(tip)}` }))),
      'Nothing stands out to improve.', 'ol', 'improvement-list'))));

  const questions = asList(report.questions);
  container.append(el('section', { class: 'report-section', 'aria-labelledby': 'questions-heading' },
    el('h2', { id: 'questions-heading', text: 'Every question' }),
    listOrNote(questions, questionEntry, 'No question was asked.', 'ol', 'question-list')));
}

function stageVerdicts(stages) {
  const withVerdicts = stages.filter((stage) => stage.verdict);
  if (!withVerdicts.length) return null;
  return el('ul', { class: 'point-list' }, withVerdicts.map((stage) => el('li', {},
    el('strong', { text: `${pick(stage, 'name', 'stage_name', 'stage_id')}: ` }), stage.verdict)));
}

function questionEntry(question) {
  const covered = asList(pick(question, 'covered', 'covered_points'));
  const missed = asList(pick(question, 'missed', 'missing', 'missed_points'));
  const flags = asList(pick(question, 'red_flags', 'flags'));
  const seconds = Number.isFinite(question.elapsed_ms) ? Math.round(question.elapsed_ms / 1000) : pick(question, 'seconds');
  const status = question.status && question.status !== 'answered' ? question.status.replace(/_/g, ' ') : '';
  return el('li', { class: 'question-entry' },
    el('div', { class: 'question-head' },
      el('h3', { text: pick(question, 'text', 'question') ?? question.item_id }),
      el('span', { class: 'score-badge', text: status && !Number.isFinite(question.score) ? status : scoreText(question.score) })),
    el('p', { class: 'question-stage' },
      [pick(question, 'stage_name', 'stage'), status, Number.isFinite(seconds) ? `answered in ${formatSeconds(seconds)}` : '']
        .filter(Boolean).join(' · ')),
    covered.length || missed.length || flags.length ? el('ul', { class: 'point-list' },
      covered.map((item) => el('li', {}, el('span', { 'aria-hidden': 'true', text: '✓ ' }), el('span', { class: 'sr-only', text: 'Covered: ' }), textOf(item))),
      missed.map((item) => el('li', {}, el('span', { 'aria-hidden': 'true', text: '○ ' }), el('span', { class: 'sr-only', text: 'Missed: ' }), `${textOf(item)} (missed)`)),
      flags.map((item) => el('li', {}, el('span', { 'aria-hidden': 'true', text: '⚠ ' }), `Red flag: ${textOf(item)}`))) : null);
}

function formatSeconds(seconds) {
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function listOrNote(items, render, note, tag = 'ul', className = '') {
  if (!items.length) return el('p', { class: 'field-hint', text: note });
  return el(tag, { class: className || undefined }, items.map(render));
}
