// The progress page (web/progress.html): the practice profile's scores over time, every attempt
// at every question, what is missed most, time spent and the streak, the drill of its weak spots,
// the export and the deletion; and "Use my profile on this device" with a recovery code. Field
// names follow GET /api/v1/profiles/me/progress (docs/openapi.json, Progress).

import { el, clear } from './dom.js';
import * as api from './api.js';
import { lineChart } from './progress-charts.js';
import { loadProfile, saveProfile, forgetProfile, saveSession } from './session-store.js';
import { downloadFile } from './transcript.js';

const content = document.getElementById('progress-content');
const alertBox = document.getElementById('alert');
const recoverForm = document.getElementById('recover-form');
const recoverInput = document.getElementById('recover-code');

function showAlert(text) {
  alertBox.replaceChildren(el('span', { class: 'alert-text', text }),
    el('button', { type: 'button', class: 'button quiet alert-dismiss', onclick: () => { alertBox.hidden = true; } }, 'Dismiss'));
  alertBox.hidden = false;
}

const minutes = (ms) => `${Math.round(ms / 60000)} min`;
const day = (ms) => new Date(ms).toISOString().slice(0, 10);

function pendingRecoveryCode(profile) {
  if (!profile.recoveryCode) return null;
  return el('section', { class: 'recovery-code', 'aria-labelledby': 'code-heading' },
    el('h2', { id: 'code-heading', text: 'Your recovery code' }),
    el('p', {}, 'Write it down: it is the only way to use this profile on another device, and it is shown here until you say you have it. ',
      el('code', { class: 'recovery-code-value', text: profile.recoveryCode })),
    el('button', {
      type: 'button', class: 'button', onclick: () => { saveProfile({ profileId: profile.profileId, secret: profile.secret }); load(); },
    }, 'I have written it down'));
}

function scoreTable(caption, rows) {
  return el('table', { class: 'data-table' },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Date (UTC)' }), el('th', { scope: 'col', text: 'Interview' }), el('th', { scope: 'col', text: 'Score' }))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, el('td', { text: day(row.at_ms) }), el('td', { text: row.label }), el('td', { text: String(row.score) })))));
}

function tallyList(title, tallies, verb) {
  return el('section', { class: 'tallies' },
    el('h3', { text: title }),
    tallies.length
      ? el('ol', {}, ...tallies.map((tally) => el('li', { text: `${tally.text}: ${verb} in ${tally.misses} of ${tally.judged} answers` })))
      : el('p', { text: 'None so far.' }));
}

function questionHistory(questions) {
  return el('section', { 'aria-labelledby': 'questions-heading' },
    el('h2', { id: 'questions-heading', text: 'Every question you answered' }),
    ...questions.map((question) => el('details', { class: 'question-history' },
      el('summary', { text: `${question.text} (best ${question.best_score}, ${question.attempts.length} ${question.attempts.length === 1 ? 'attempt' : 'attempts'})` }),
      el('table', { class: 'data-table' },
        el('thead', {}, el('tr', {}, ...['Date (UTC)', 'Score', 'Key points covered', 'Missed'].map((text) => el('th', { scope: 'col', text })))),
        el('tbody', {}, ...question.attempts.map((attempt) => el('tr', {},
          el('td', { text: `${day(attempt.at_ms)}${attempt.retry ? ' (try again)' : ''}` }),
          el('td', { text: String(attempt.score) }),
          el('td', { text: attempt.covered.join('; ') || 'none' }),
          el('td', { text: attempt.missed.join('; ') || 'none' }))))))));
}

function drillSection(plan, secret) {
  const section = el('section', { class: 'drill', 'aria-labelledby': 'drill-heading' }, el('h2', { id: 'drill-heading', text: 'Drill my weak spots' }));
  if (!plan.questions.length) {
    section.append(el('p', { text: 'Nothing to drill yet: practise an interview first.' }));
    return section;
  }
  section.append(
    el('p', { text: `About ${plan.estimated_minutes} minutes: ${plan.questions.length} ${plan.questions.length === 1 ? 'question' : 'questions'} on what you missed most recently, without follow-ups.` }),
    el('ol', {}, ...plan.questions.map((question) => el('li', {},
      el('span', { text: question.text }),
      el('ul', {}, ...question.targets.map((target) => el('li', {
        text: `${target.kind === 'red_flag' ? 'Red flag' : 'Key point'}: ${target.text} (${target.kind === 'red_flag' ? 'raised' : 'missed'} ${target.misses} of ${target.judged})`,
      })))))),
    el('button', {
      type: 'button', class: 'button primary', id: 'start-drill',
      onclick: async () => {
        try {
          const created = await api.startDrill(secret);
          saveSession({ interviewId: created.interview_id, token: created.token, role: '' });
          globalThis.location.assign('./');
        } catch (error) {
          showAlert(error.message);
        }
      },
    }, 'Start the drill'));
  return section;
}

function manageSection(profile) {
  let armed = false;
  const remove = el('button', { type: 'button', class: 'button danger', id: 'delete-profile' }, 'Delete my profile');
  remove.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      remove.textContent = 'Press again to delete every interview of this profile';
      return;
    }
    try {
      const deleted = await api.deleteProfile(profile.secret);
      forgetProfile();
      clear(content);
      content.append(el('p', { class: 'notice', text: `Deleted: ${deleted.deleted.interviews} interviews and ${deleted.deleted.answers} answers erased.` }));
    } catch (error) {
      showAlert(error.message);
    }
  });
  return el('section', { 'aria-labelledby': 'manage-heading' },
    el('h2', { id: 'manage-heading', text: 'Your data' }),
    el('div', { class: 'form-actions' },
      el('button', {
        type: 'button', class: 'button', id: 'export-profile',
        onclick: async () => {
          try {
            const whole = await api.exportProfile(profile.secret);
            downloadFile(`practice-profile-${profile.profileId}.json`, JSON.stringify(whole, null, 2), 'application/json');
          } catch (error) {
            showAlert(error.message);
          }
        },
      }, 'Export everything (JSON)'),
      remove));
}

function render(profile, progress, plan) {
  clear(content);
  const code = pendingRecoveryCode(profile);
  if (code) content.append(code);
  const totals = progress.totals;
  const streak = progress.streak;
  content.append(el('section', { class: 'totals', 'aria-labelledby': 'totals-heading' },
    el('h2', { id: 'totals-heading', text: 'So far' }),
    el('ul', {},
      el('li', { text: `${totals.interviews} interviews (${totals.finished_interviews} finished), ${totals.answers} answers` }),
      el('li', { text: `Time spent answering: ${minutes(totals.time_spent_ms)}` }),
      el('li', { text: `Streak: ${streak.current_days} ${streak.current_days === 1 ? 'day' : 'days'} in a row (longest ${streak.longest_days}; ${streak.practice_days} practice days; days are UTC)` }))));
  const labelOf = new Map(progress.interviews.map((entry, index) => [entry.interview_id, `#${index + 1}${entry.kind === 'drill' ? ' drill' : ''}`]));
  if (progress.overall.length) {
    const overall = progress.overall.map((point) => ({ ...point, label: labelOf.get(point.interview_id) ?? '' }));
    content.append(el('section', { 'aria-labelledby': 'scores-heading' },
      el('h2', { id: 'scores-heading', text: 'Scores over time' }),
      lineChart({
        id: 'overall-chart', title: 'Overall score per interview',
        series: [{ name: 'Overall', points: overall }, ...progress.skills.map((skill) => ({
          name: skill.name, points: skill.points.map((point) => ({ ...point, label: labelOf.get(point.interview_id) ?? '' })),
        }))],
      }),
      scoreTable('Overall score per interview', overall),
      ...progress.skills.map((skill) => scoreTable(skill.name, skill.points.map((point) => ({ ...point, label: labelOf.get(point.interview_id) ?? '' }))))));
  }
  const latest = [...progress.interviews].reverse().find((entry) => entry.changes_since_previous.length);
  if (latest) {
    content.append(el('section', { 'aria-labelledby': 'changes-heading' },
      el('h2', { id: 'changes-heading', text: `What changed in interview ${labelOf.get(latest.interview_id)}` }),
      el('ul', {}, ...latest.changes_since_previous.map((line) => el('li', { text: line })))));
  }
  content.append(el('section', { 'aria-labelledby': 'missed-heading' },
    el('h2', { id: 'missed-heading', text: 'What you miss most' }),
    tallyList('Key points', progress.most_missed_key_points, 'missed'),
    tallyList('Red flags', progress.most_raised_red_flags, 'raised')));
  content.append(drillSection(plan, profile.secret));
  if (progress.questions.length) content.append(questionHistory(progress.questions));
  content.append(manageSection(profile));
}

async function load() {
  const profile = loadProfile();
  if (!profile) {
    clear(content);
    content.append(el('p', { text: 'This browser has no practice profile yet: it gets one with its first interview, or use yours from another device above.' }));
    return;
  }
  try {
    const [progress, plan] = await Promise.all([api.getProgress(profile.secret), api.getDrillPlan(profile.secret)]);
    render(profile, progress, plan);
  } catch (error) {
    if (error.status === 401) {
      forgetProfile();
      showAlert('This browser\'s practice profile is no longer on the server (it was deleted). Use a recovery code, or start an interview for a new one.');
      clear(content);
      return;
    }
    showAlert(error.message);
  }
}

recoverForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const recovered = await api.recoverProfile(recoverInput.value);
    saveProfile({ profileId: recovered.profile_id, secret: recovered.secret });
    recoverInput.value = '';
    alertBox.hidden = true;
    await load();
    document.getElementById('progress-heading').focus();
  } catch (error) {
    showAlert(error.message);
    recoverInput.focus();
  }
});

load();
