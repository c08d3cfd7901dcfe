// The report page: overall score and verdict, per-stage and per-skill charts, strengths, the most
// valuable improvements, every question with its score, transcript downloads and printing.
// Field names follow the engine's report JSON (dialogue/interview/interview_report.cpp, report_to_json).

import { el, clear } from './dom.js';
import { barChart } from './charts.js';
import { transcriptMarkdown, transcriptJson, downloadFile } from './transcript.js';
import { countOf } from './wording.js';
import { checkExhibits, findingsList } from './check-view.js';
import { sharingSection } from './sharing-view.js';

const asList = (value) => (Array.isArray(value) ? value : []);

const STATUS_WORDS = {
  answered: 'answered',
  skipped: 'skipped (counts as 0)',
  unanswered: 'asked, not answered',
  not_asked: 'not reached',
  in_progress: 'not finished',
};

const OVERALL_WORDS = {
  meets: 'Meets the pass mark',
  borderline: 'Borderline: just under the pass mark',
  below: 'Below the pass mark',
  not_assessed: 'Not enough answers to assess',
};

/**
 * Renders the report into `container`. `reportEvent` is the engine's report event
 * ({ report, markdown }); `events` the whole log (for the transcript files); with the interview's
 * `token` and `onDeleted`, the candidate can also share it with a coach and delete it.
 */
export function renderReport(container, { reportEvent, events, interviewId, token, onNewInterview, onShowConversation, onDeleted }) {
  const report = reportEvent.report ?? {};
  const passMark = Number.isFinite(report.pass_mark) ? report.pass_mark : null;
  const stageNames = new Map(asList(report.stages).map((stage) => [stage.stage_id, stage.name]));
  clear(container);

  const fileStem = `interview-${interviewId}`;
  container.append(el('div', { class: 'report-header' },
    el('div', {},
      el('h1', { id: 'report-heading', tabindex: '-1', text: 'Your interview report' }),
      report.role_title ? el('p', { class: 'lede', text: report.role_title }) : null),
    el('div', { class: 'report-actions' },
      el('button', { type: 'button', class: 'button', id: 'download-markdown',
        onclick: () => downloadFile(`${fileStem}.md`, transcriptMarkdown({ interviewId, events }), 'text/markdown') },
      'Download transcript (Markdown)'),
      el('button', { type: 'button', class: 'button', id: 'download-json',
        onclick: () => downloadFile(`${fileStem}.json`, transcriptJson({ interviewId, events }), 'application/json') },
      'Download transcript (JSON)'),
      el('button', { type: 'button', class: 'button', id: 'print-report', onclick: () => globalThis.print() }, 'Print'),
      onShowConversation ? el('button', { type: 'button', class: 'button', id: 'show-conversation', onclick: onShowConversation }, 'Read the conversation') : null,
      el('button', { type: 'button', class: 'button primary', id: 'new-interview', onclick: onNewInterview }, 'Start a new interview'))));

  const overall = report.overall_score;
  container.append(el('section', { class: 'overall', 'aria-label': 'Overall result' },
    el('p', { class: 'big-score', id: 'overall-score' },
      Number.isFinite(overall) ? String(overall) : '–', el('small', { text: ' / 100' })),
    el('div', {},
      el('p', {}, el('strong', { text: OVERALL_WORDS[report.verdict] ?? 'Overall score' })),
      passMark ? el('p', { class: 'field-hint', text: `Pass mark for this seniority: ${passMark}. Stages are weighted; skipped questions count as 0.` }) : null,
      report.ended_early ? el('p', { class: 'field-hint', text: 'You ended the interview early; questions not reached are listed as such.' }) : null,
      Number.isFinite(report.total_answer_ms) && report.total_answer_ms > 0
        ? el('p', { class: 'field-hint', text: `Time spent answering: ${formatDuration(report.total_answer_ms)}.` }) : null)));

  const stages = asList(report.stages);
  const skills = asList(report.skills).filter((skill) => Number.isFinite(skill.score) && asList(skill.evidence).length);
  container.append(el('div', { class: 'report-grid' },
    el('section', { class: 'report-section', 'aria-labelledby': 'stages-heading' },
      el('h2', { id: 'stages-heading', text: 'By stage' }),
      stages.length ? barChart({
        id: 'stage-chart',
        title: 'Score by interview stage',
        passMark,
        rows: stages.map((stage) => ({ label: stage.name ?? stage.stage_id, value: stage.score, verdict: stage.verdict })),
      }) : el('p', { text: 'No stage was reached.' }),
      stageSummaries(stages)),
    el('section', { class: 'report-section', 'aria-labelledby': 'skills-heading' },
      el('h2', { id: 'skills-heading', text: 'By skill' }),
      skills.length ? [el('p', { class: 'field-hint', text: 'Only skills your answers gave evidence of, each with how many answers it rests on.' }),
        skillCharts(skills, passMark)] : el('p', { text: 'No skill could be assessed from the answers given.' }))));

  container.append(el('div', { class: 'report-grid' },
    el('section', { class: 'report-section', 'aria-labelledby': 'strengths-heading' },
      el('h2', { id: 'strengths-heading', text: 'Strengths' }),
      listOrNote(asList(report.strengths), (text) => el('li', { text }),
        'No clear strengths yet: no answer covered enough of what the interviewers look for.')),
    el('section', { class: 'report-section', 'aria-labelledby': 'improvements-heading' },
      el('h2', { id: 'improvements-heading', text: 'What to improve first' }),
      listOrNote(asList(report.improvements), (item) => el('li', {},
        el('strong', { text: item.title }),
        item.detail ? el('span', { class: 'detail', text: item.detail }) : null,
        item.tip ? el('span', { class: 'tip', text: `Tip: ${item.tip}` }) : null),
      passMark ? `Nothing stands out: every answer reached the pass mark of ${passMark}.` : 'Nothing stands out to improve.',
      'ol', 'improvement-list'))));

  const questions = asList(report.questions);
  container.append(el('section', { class: 'report-section', 'aria-labelledby': 'questions-heading' },
    el('h2', { id: 'questions-heading', text: 'Every question' }),
    listOrNote(questions, (question) => questionEntry(question, stageNames), 'No question was asked.', 'ol', 'question-list')));

  // Sharing and deleting need the interview's token (not there for a report opened from a chat link).
  if (token && onDeleted) container.append(sharingSection({ interviewId, token, onDeleted }));
}

/** Must-verify and good-to-verify skills as two charts, as the guide separates them. */
function skillCharts(allSkills, passMark) {
  // A skill no answer gave evidence of was not assessed; listing it would suggest it was.
  const skills = allSkills.filter((skill) => Number.isFinite(skill.score) && asList(skill.evidence).length);
  const groups = [
    { level: 'must_verify', id: 'skill-chart-must', title: 'Must verify' },
    { level: 'good_to_verify', id: 'skill-chart-good', title: 'Good to verify' },
  ];
  const known = new Set(groups.map((group) => group.level));
  const other = skills.filter((skill) => !known.has(skill.level));
  return groups.map((group) => ({ ...group, skills: skills.filter((skill) => skill.level === group.level) }))
    .concat(other.length ? [{ id: 'skill-chart-other', title: 'Other skills', skills: other }] : [])
    .filter((group) => group.skills.length)
    .map((group, index, all) => el('div', { class: 'skill-group' },
      el('h3', { text: group.title }),
      barChart({
        id: group.id,
        title: `Skills to ${group.title.toLowerCase()}: score by skill`,
        passMark,
        rows: group.skills.map((skill) => ({
          label: skill.name ?? skill.skill_id, value: skill.score, verdict: skill.verdict,
          note: `from ${countOf(asList(skill.evidence).length, 'answer')}`,
        })),
        withLegend: index === all.length - 1,
      })));
}

function stageSummaries(stages) {
  const described = stages.filter((stage) => stage.summary);
  if (!described.length) return null;
  return el('ul', { class: 'point-list stage-summaries' }, described.map((stage) => el('li', {},
    el('strong', { text: `${stage.name}: ` }), stage.summary)));
}

function questionEntry(question, stageNames) {
  const scored = Number.isFinite(question.score);
  const status = STATUS_WORDS[question.status] ?? question.status ?? '';
  const stageName = stageNames.get(question.stage_id) ?? question.stage_id;
  const facts = [stageName, question.kind === 'task' ? 'practical task' : '', question.status !== 'answered' ? status : '',
    question.total_ms > 0 ? `answered in ${formatDuration(question.total_ms)}` : '',
    question.follow_ups > 0 ? countOf(question.follow_ups, 'follow-up') : ''].filter(Boolean);
  const star = asList(question.star_present).length || asList(question.star_missing).length
    ? el('li', {}, `STAR: ${[...asList(question.star_present).map((part) => `${part} present`),
      ...asList(question.star_missing).map((part) => `${part} missing`)].join(', ')}`) : null;
  return el('li', { class: 'question-entry', dataset: { itemId: question.item_id } },
    el('div', { class: 'question-head' },
      el('h3', { text: question.text }),
      el('span', { class: 'score-badge', text: scored ? `${question.score} / 100` : 'no score' })),
    el('p', { class: 'question-stage', text: facts.join(' · ') }),
    el('ul', { class: 'point-list' },
      asList(question.covered).map((text) => el('li', {}, el('span', { 'aria-hidden': 'true', text: '✓ ' }), `Covered: ${text}`)),
      asList(question.missed).map((text) => el('li', {}, el('span', { 'aria-hidden': 'true', text: '○ ' }), `Missed: ${text}`)),
      asList(question.red_flags).map((text) => el('li', {}, el('span', { 'aria-hidden': 'true', text: '⚠ ' }), `Red flag: ${text}`)),
      star,
      question.tip ? el('li', { class: 'tip' }, el('span', { 'aria-hidden': 'true', text: '→ ' }), `Tip: ${question.tip}`) : null),
    question.check ? checkSection(question) : null,
    yourAnswers(asList(question.answers)));
}

/** A practical task that ran: what running it showed, the measured speed-up, the plans or the diagram. */
function checkSection(question) {
  const { check } = question;
  return el('section', { class: 'report-check', 'aria-label': `Checked by running it: ${question.text}` },
    el('h4', { text: 'Checked by running it' }),
    el('p', { class: 'check-summary', text: check.summary }),
    findingsList(check.findings),
    checkExhibits(check, { id: `report-${question.item_id}`, width: 900 }));
}

/** The candidate's own words, the answer and each follow-up's, folded away under the question. */
function yourAnswers(answers) {
  if (!answers.length) return null;
  return el('details', { class: 'your-answer' },
    el('summary', { text: answers.length === 1 ? 'Your answer' : `Your answers (${answers.length})` }),
    answers.map((text, index) => el('div', { class: 'answer-quote' },
      index > 0 ? el('p', { class: 'field-hint', text: `To follow-up ${index}:` }) : null,
      el('blockquote', { text }))));
}

function formatDuration(ms) {
  if (ms < 1000) return 'under 1 s';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
}

function listOrNote(items, render, note, tag = 'ul', className = '') {
  if (!items.length) return el('p', { class: 'field-hint', text: note });
  return el(tag, { class: className || undefined }, items.map(render));
}
