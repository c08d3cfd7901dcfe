// Entry point: decides which screen to show (start, interview, report), keeps the interview's id
// and token in the browser so a reload resumes it, and wires the answer box and command buttons.

import { el } from './dom.js';
import * as api from './api.js';
import { StartView } from './start-view.js';
import { ChatView } from './chat-view.js';
import { InterviewSession } from './interview-session.js';
import { renderReport } from './report-view.js';
import { loadSession, saveSession, markFinished, forgetSession } from './session-store.js';

const views = {
  start: document.getElementById('start-view'),
  interview: document.getElementById('interview-view'),
  report: document.getElementById('report-view'),
};
const alertBox = document.getElementById('alert');
const connectionStatus = document.getElementById('connection-status');
const chat = new ChatView(document);

let interview = null;       // the running InterviewSession
let endArmedTimer = null;

function showView(name) {
  for (const [key, view] of Object.entries(views)) view.hidden = key !== name;
  document.body.dataset.view = name;
}

/** A problem in words, with a way to dismiss it (and sometimes an action). */
function showAlert(text, action) {
  alertBox.replaceChildren(el('span', { text }),
    action ? el('button', { type: 'button', class: 'button alert-dismiss', onclick: action.run }, action.label) : null,
    el('button', { type: 'button', class: 'button quiet alert-dismiss', onclick: hideAlert }, 'Dismiss'));
  alertBox.hidden = false;
}

function hideAlert() {
  alertBox.hidden = true;
  alertBox.replaceChildren();
}

function setConnectionStatus(text, state) {
  connectionStatus.dataset.state = state;
  if (text) {
    connectionStatus.textContent = text;
    connectionStatus.hidden = false;
  } else if (state === 'online' && !connectionStatus.hidden) {
    // Say once that we are back, then step aside.
    connectionStatus.textContent = 'Connected';
    setTimeout(() => { if (connectionStatus.dataset.state === 'online') connectionStatus.hidden = true; }, 2500);
  }
}

const startView = new StartView({
  onStarted(created) {
    hideAlert();
    saveSession(created);
    openInterview(created);
  },
  onError: (text) => showAlert(text),
});

async function openStart(message) {
  interview?.stop();
  interview = null;
  connectionStatus.hidden = true;
  showView('start');
  if (message) showAlert(message);
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
  showView('interview');
  const stageNames = await stageNamesFor(session.role);
  interview = new InterviewSession({
    session,
    view: chat,
    stageNames,
    callbacks: {
      onStatus: setConnectionStatus,
      onAlert: (text) => showAlert(text),
      onFatal(text) {
        forgetSession();
        openStart(`${text} You can start a new interview below.`);
      },
      onSuperseded(text) {
        showAlert(text, { label: 'Continue here', run: () => { hideAlert(); openInterview(session); } });
      },
      onAnswerNotStored(text, reason) {
        const input = document.getElementById('answer-input');
        input.value = input.value ? `${text}\n${input.value}` : text;
        showAlert(reason ?? 'Your last answer did not reach the server before the connection dropped. It is back in the answer box: send it again.');
        input.focus();
      },
      onReport(reportEvent, events, { replaying }) {
        markFinished();
        showReport(session, reportEvent, events, { focus: !replaying });
      },
    },
  });
  interview.start();
  if (!session.finished) document.getElementById('answer-input').focus();
}

function showReport(session, reportEvent, events, { focus }) {
  renderReport(views.report, {
    reportEvent,
    events,
    interviewId: session.interviewId,
    onNewInterview() {
      forgetSession();
      hideAlert();
      openStart();
    },
    onShowConversation() {
      showView('interview');
      document.getElementById('chat-log').scrollIntoView();
      chat.addSystemMessage('The interview is over.');
      const back = el('button', { type: 'button', class: 'button', onclick: () => { back.remove(); showView('report'); document.getElementById('report-heading').focus(); } }, 'Back to the report');
      chat.appendBlock(back);
      back.focus();
    },
  });
  showView('report');
  // The report opens at its top, also when a smooth scroll to the conversation's end is still
  // running: Chromium applies one more frame of a cancelled smooth scroll, hence the second call.
  globalThis.scrollTo({ top: 0 });
  requestAnimationFrame(() => globalThis.scrollTo({ top: 0 }));
  if (focus) document.getElementById('report-heading').focus();
}

// ---------- answer box and commands ----------

const answerForm = document.getElementById('answer-form');
const answerInput = document.getElementById('answer-input');

answerInput.addEventListener('keydown', (event) => {
  // Enter sends, Shift+Enter adds a line; never while an input method is composing a character.
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    answerForm.requestSubmit();
  }
});

answerForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = answerInput.value.trim();
  if (!text || !interview) {
    if (!text) showAlert('Write an answer first, or use a button below (for example Hint).');
    answerInput.focus();
    return;
  }
  if (interview.sendAnswer(text)) {
    hideAlert();
    answerInput.value = '';
  } else {
    showAlert('Not connected right now. Your answer stays in the box; send it again once the connection is back.');
  }
  answerInput.focus();
});

for (const button of answerForm.querySelectorAll('[data-command]')) {
  button.addEventListener('click', () => {
    const name = button.dataset.command;
    if (name === 'end' && button.dataset.armed !== 'true') {
      // Ending is final: the first press asks, the second ends.
      button.dataset.armed = 'true';
      button.textContent = 'Press again to end';
      clearTimeout(endArmedTimer);
      endArmedTimer = setTimeout(() => { button.dataset.armed = 'false'; button.textContent = 'End interview'; }, 5000);
      return;
    }
    if (name === 'end') {
      clearTimeout(endArmedTimer);
      button.dataset.armed = 'false';
      button.textContent = 'End interview';
    }
    if (!interview?.sendCommand(name)) showAlert('Not connected right now; try again once the connection is back.');
    answerInput.focus();
  });
}

// ---------- start ----------

const saved = loadSession();
if (saved) openInterview(saved);
else openStart();
