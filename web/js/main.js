// Entry point: decides which screen to show (start, interview, report), keeps the interview's id
// and token in the browser so a reload resumes it, and wires the answer box and command buttons.

import { el } from './dom.js';
import * as api from './api.js';
import { StartView } from './start-view.js';
import { ChatView } from './chat-view.js';
import { InterviewSession } from './interview-session.js';
import { renderReport } from './report-view.js';
import {
  loadSession, saveSession, markFinished, forgetSession, loadHistory, forgetInterview,
  loadDraft, saveDraft, clearDraft, loadCodeDraft, saveCodeDraft, loadProfile, saveProfile, forgetProfile,
} from './session-store.js';

const views = {
  start: document.getElementById('start-view'),
  interview: document.getElementById('interview-view'),
  report: document.getElementById('report-view'),
};
const pageAlert = document.getElementById('alert');
const composerAlert = document.getElementById('composer-alert');
const connectionStatus = document.getElementById('connection-status');
const answerForm = document.getElementById('answer-form');
const answerInput = document.getElementById('answer-input');
const answerHint = document.getElementById('answer-hint');
const chat = new ChatView(document);

let interview = null;       // the running InterviewSession
let currentSession = null;  // its { interviewId, token, role }
let onlineTimer = null;

/** Presses that only ask first: the button says this, a second press within 5 s does it. */
const CONFIRM_FIRST = { end: 'Press again to end', skip: 'Press again to skip' };
const CONFIRM_MS = 5000;
const SUBMIT_KEY = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '') ? '⌘+Enter' : 'Ctrl+Enter';

function showView(name) {
  for (const [key, view] of Object.entries(views)) view.hidden = key !== name;
  document.body.dataset.view = name;
  hideAlert();
}

/** Where a notice belongs: beside the answer box during the interview, else at the top. */
function alertBox() {
  return document.body.dataset.view === 'interview' ? composerAlert : pageAlert;
}

/** A problem in words, with a way to dismiss it (and sometimes an action). */
function showAlert(text, action) {
  for (const box of [pageAlert, composerAlert]) box.hidden = true;
  const box = alertBox();
  box.replaceChildren(...[
    el('span', { class: 'alert-text', text }),
    action ? el('button', { type: 'button', class: 'button alert-action', onclick: action.run }, action.label) : null,
    el('button', { type: 'button', class: 'button quiet alert-dismiss', onclick: hideAlert }, 'Dismiss'),
  ].filter(Boolean));
  box.hidden = false;
}

function hideAlert() {
  for (const box of [pageAlert, composerAlert]) {
    box.hidden = true;
    box.replaceChildren();
  }
}

function setConnectionStatus(text, state) {
  clearTimeout(onlineTimer);
  connectionStatus.dataset.state = state;
  if (text) {
    connectionStatus.textContent = text;
    connectionStatus.hidden = false;
  } else if (state === 'online' && !connectionStatus.hidden) {
    // Say once that we are back, then step aside.
    connectionStatus.textContent = 'Connected';
    onlineTimer = setTimeout(() => { if (connectionStatus.dataset.state === 'online') connectionStatus.hidden = true; }, 2500);
  }
}

// ---------- the practice profile (docs/profiles.md) ----------

/** This browser's profile secret; the first interview creates the profile (its recovery code is kept until noted). */
async function profileSecret() {
  const saved = loadProfile();
  if (saved) return saved.secret;
  const created = await api.createProfile();
  saveProfile({ profileId: created.profile_id, secret: created.secret, recoveryCode: created.recovery_code });
  return created.secret;
}

/** An interview the profile owns; a profile deleted meanwhile is replaced by a new one. */
async function createOwnedInterview(plan) {
  try {
    return await api.startProfileInterview(await profileSecret(), plan);
  } catch (error) {
    if (error.status !== 401) throw error;
    forgetProfile();
    return api.startProfileInterview(await profileSecret(), plan);
  }
}

function showProfileBox() {
  const box = document.getElementById('profile-box');
  const profile = loadProfile();
  box.replaceChildren(profile
    ? el('p', {}, 'Your interviews are kept in your practice profile. ', el('a', { href: 'progress.html' }, 'See your progress and drill your weak spots'),
      profile.recoveryCode ? ' (and note your recovery code there).' : '.')
    : el('p', {}, 'Practised on another device? ', el('a', { href: 'progress.html#recover' }, 'Use my profile on this device'), '.'));
  box.hidden = false;
}

/** Under the report's heading: what changed since the profile's previous interview. */
async function showChangesSincePrevious(interviewId) {
  const profile = loadProfile();
  if (!profile) return;
  try {
    const progress = await api.getProgress(profile.secret);
    const entry = progress.interviews.find((item) => item.interview_id === interviewId);
    if (!entry?.changes_since_previous.length) return;
    document.getElementById('report-changes')?.remove();
    document.getElementById('report-heading')?.after(el('section', { id: 'report-changes', class: 'report-changes', 'aria-labelledby': 'changes-heading' },
      el('h2', { id: 'changes-heading', text: 'Since your previous interview' }),
      el('ul', {}, ...entry.changes_since_previous.map((line) => el('li', { text: line }))),
      el('p', {}, el('a', { href: 'progress.html' }, 'Your progress and what to drill next'))));
  } catch { /* the report stands on its own; the progress page says what went wrong */ }
}

const startView = new StartView({
  create: createOwnedInterview,
  onStarted(created) {
    hideAlert();
    openInterview(saveSession(created));
  },
  onError: (text) => showAlert(text),
});

async function openStart(message) {
  interview?.stop();
  interview = null;
  currentSession = null;
  connectionStatus.hidden = true;
  if (globalThis.location.hash) history.replaceState(null, '', globalThis.location.pathname + globalThis.location.search);
  showView('start');
  if (message) showAlert(message);
  showProfileBox();
  startView.showEarlierInterviews(loadHistory());
  try {
    await startView.load();
  } catch (error) {
    showAlert(`${error.message} The start form cannot be filled in until it can.`,
      { label: 'Try again', run: () => { hideAlert(); openStart(); } });
  }
}

async function stageNamesFor(role) {
  const names = new Map(startView.stageNames);
  if (!role || names.size) return names;
  try {
    for (const stage of await api.listStages(role)) names.set(stage.id ?? stage, stage.name ?? stage.id ?? stage);
  } catch { /* names come with each stage_started event anyway */ }
  return names;
}

async function openInterview(session) {
  interview?.stop();
  chat.reset();
  currentSession = session;
  showView('interview');
  answerInput.value = loadDraft(session.interviewId);
  const stageNames = await stageNamesFor(session.role);
  interview = new InterviewSession({
    session,
    view: chat,
    stageNames,
    callbacks: {
      onStatus: setConnectionStatus,
      onAlert: (text, action) => showAlert(text, action),
      onFatal(text) {
        forgetSession();
        forgetInterview(session.interviewId);
        openStart(`${text} You can start a new interview below.`);
      },
      onSuperseded(text) {
        setConnectionStatus('Open in another tab', 'superseded');
        showSuperseded(text, session);
      },
      onAnswerNotStored(text, reason, parts) {
        if (parts && chat.workspace.active) {
          // A task submission: the code back in the editor, the explanation back in the box.
          chat.workspace.code = parts.code;
          answerInput.value = answerInput.value ? `${parts.notes}\n${answerInput.value}` : parts.notes;
          showAlert(`${reason} Your code and explanation are back where you wrote them.`);
        } else {
          answerInput.value = answerInput.value ? `${text}\n${answerInput.value}` : text;
          showAlert(`${reason} Your answer is back in the box.`);
        }
        saveDraft(session.interviewId, answerInput.value);
        answerInput.focus();
      },
      codeDraft: (itemId) => loadCodeDraft(session.interviewId, itemId),
      onReport(reportEvent, events, { replaying }) {
        markFinished({ roleTitle: reportEvent.report?.role_title, score: reportEvent.report?.overall_score });
        clearDraft(session.interviewId);
        showReport(session, reportEvent, events, { focus: !replaying });
      },
    },
  });
  interview.start();
  if (!session.finished) answerInput.focus();
}

function showSuperseded(text, session) {
  showAlert(text, { label: 'Continue here', run: () => { hideAlert(); openInterview(session); } });
}

function showReport(session, reportEvent, events, { focus, earlier = false }) {
  renderReport(views.report, {
    reportEvent,
    events,
    interviewId: session.interviewId,
    token: session.token,
    onDeleted(text) {
      if (loadSession()?.interviewId === session.interviewId) forgetSession();
      forgetInterview(session.interviewId);
      openStart(text);
    },
    onNewInterview() {
      if (!earlier) forgetSession();
      hideAlert();
      openStart();
    },
    // An earlier interview's report comes without its conversation on screen: the downloads have it.
    onShowConversation: earlier ? null : () => {
      showView('interview');
      document.getElementById('chat-log').scrollIntoView();
      document.getElementById('back-to-report').focus({ preventScroll: true });
    },
  });
  showView('report');
  showChangesSincePrevious(session.interviewId);
  // The report opens at its top, also when a smooth scroll to the conversation's end is still
  // running: Chromium applies one more frame of a cancelled smooth scroll, hence the second call.
  globalThis.scrollTo({ top: 0 });
  requestAnimationFrame(() => globalThis.scrollTo({ top: 0 }));
  if (focus) document.getElementById('report-heading').focus();
}

document.getElementById('back-to-report').addEventListener('click', () => {
  showView('report');
  globalThis.scrollTo({ top: 0 });
  document.getElementById('report-heading').focus();
});

/** An earlier interview's report, read from the server with the token kept for it (#report=ID). */
async function openEarlierReport(interviewId) {
  const entry = loadHistory().find((item) => item.interviewId === interviewId);
  if (!entry) {
    openStart('That report is not among the interviews kept in this browser.');
    return;
  }
  try {
    const stored = await api.getInterview(entry.interviewId, entry.token);
    if (!stored.report) throw new Error('That interview has no report yet.');
    const events = (stored.events ?? []).map((item) => ({ ...(item.event ?? item), seq: item.seq ?? item.event?.seq }));
    const reportEvent = events.find((event) => event.type === 'report') ?? { report: stored.report, markdown: stored.report_markdown };
    interview?.stop();
    interview = null;
    showReport(entry, reportEvent, events, { focus: true, earlier: true });
  } catch (error) {
    if (error.code === 'interview_not_found') forgetInterview(entry.interviewId);
    openStart(`${error.message} The report cannot be shown.`);
  }
}

/** A report opened from a chat's signed link: read with the link's signature, kept nowhere. */
async function openSignedReport(interviewId, signature) {
  try {
    const stored = await api.getSignedReport(interviewId, signature);
    if (!stored.report) throw new Error('That interview has no report yet.');
    const events = (stored.events ?? []).map((item) => ({ ...(item.event ?? item), seq: item.seq ?? item.event?.seq }));
    const reportEvent = events.find((event) => event.type === 'report') ?? { report: stored.report, markdown: stored.report_markdown };
    interview?.stop();
    interview = null;
    showReport({ interviewId }, reportEvent, events, { focus: true, earlier: true });
  } catch (error) {
    openStart(`${error.message} The report cannot be shown.`);
  }
}

function route() {
  const signed = /^#report=([A-Za-z0-9_-]+)&sig=([0-9a-f]+)$/.exec(globalThis.location.hash);
  if (signed) {
    openSignedReport(signed[1], signed[2]);
    return true;
  }
  const match = /^#report=([A-Za-z0-9_-]+)$/.exec(globalThis.location.hash);
  if (match) {
    openEarlierReport(match[1]);
    return true;
  }
  return false;
}

globalThis.addEventListener('hashchange', () => {
  if (!route() && document.body.dataset.view === 'report' && !currentSession) openStart();
});

// ---------- answer box and commands ----------

function taskMode() {
  return answerForm.classList.contains('task-mode');
}

/** The hint under the box says what Enter does now: send, or (in the task editor) a new line. */
function updateHint() {
  answerHint.textContent = taskMode() ? `Enter adds a line · ${SUBMIT_KEY} submits` : 'Enter sends · Shift+Enter adds a line';
}
new MutationObserver(updateHint).observe(answerForm, { attributes: true, attributeFilter: ['class'] });

answerInput.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.isComposing) return;    // an input method is composing a character
  // A chat answer goes with Enter (Shift+Enter adds a line); a task submission is a longer draft,
  // so there Enter adds a line and only Ctrl/Cmd+Enter submits.
  const submit = taskMode() ? (event.ctrlKey || event.metaKey) : !event.shiftKey;
  if (submit) {
    event.preventDefault();
    answerForm.requestSubmit();
  }
});

answerInput.addEventListener('input', () => {
  if (currentSession) saveDraft(currentSession.interviewId, answerInput.value);
  interview?.resume();
});

/** Says why a message could not go out, in words that match what happened. */
function explainNotSent(reason, what) {
  switch (reason) {
    case 'superseded': showSuperseded('This interview is open in another tab or window. Continue here to send from this page.', currentSession); break;
    case 'finished': showAlert('The interview is over; read the report.'); break;
    case 'busy': showAlert('Your last message is still on its way. Wait for the reply, then send again.'); break;
    default: showAlert(`Not connected right now. ${what}`); break;
  }
}

answerForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!interview) return;
  // A task that runs sends its code and the explanation as one submission.
  const parts = chat.workspace.active ? chat.workspace.compose(answerInput.value) : null;
  const text = parts ? parts.text : answerInput.value.trim();
  if (!text) {
    showAlert(chat.workspace.active ? 'Write your code or your explanation first.' : 'Write an answer first, or use a button below (for example Hint).');
    answerInput.focus();
    return;
  }
  const result = interview.sendAnswer(text, { parts });
  if (result === 'sent') {
    hideAlert();
    answerInput.value = '';
    clearDraft(currentSession.interviewId);
  } else {
    explainNotSent(result, 'Your answer stays in the box; send it again once the connection is back.');
  }
  answerInput.focus();
});

chat.onRunRequested = (code) => {
  const result = interview?.sendRun(code) ?? 'offline';
  if (result === 'busy') chat.workspace.showMessage('Wait for the reply to your last message, then run it again.');
  else if (result !== 'sent') explainNotSent(result, 'Run it again once the connection is back.');
};
chat.onCodeChanged = (code) => {
  if (currentSession && chat.workspace.itemId) saveCodeDraft(currentSession.interviewId, chat.workspace.itemId, code);
  interview?.resume();
};

for (const button of answerForm.querySelectorAll('[data-command]')) {
  const label = [...button.childNodes];
  let armedTimer = null;
  const disarm = () => {
    clearTimeout(armedTimer);
    button.dataset.armed = 'false';
    button.replaceChildren(...label);
  };
  button.addEventListener('click', () => {
    const name = button.dataset.command;
    if (CONFIRM_FIRST[name] && button.dataset.armed !== 'true') {
      // Ending and skipping cannot be undone: the first press asks, the second does it.
      button.dataset.armed = 'true';
      button.textContent = CONFIRM_FIRST[name];
      clearTimeout(armedTimer);
      armedTimer = setTimeout(disarm, CONFIRM_MS);
      return;
    }
    if (CONFIRM_FIRST[name]) disarm();
    const result = interview?.sendCommand(name) ?? 'offline';
    if (result !== 'sent') explainNotSent(result, 'Try again once the connection is back.');
    answerInput.focus();
  });
}

// A connection closed after a quiet spell comes back when the candidate does.
for (const type of ['pointerdown', 'keydown']) globalThis.addEventListener(type, () => interview?.resume(), { passive: true });
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') interview?.resume(); });

// ---------- start ----------

const saved = loadSession();
if (!route()) {
  if (saved) openInterview(saved);
  else openStart();
}
