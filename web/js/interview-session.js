// Drives one interview on the page: turns protocol messages (docs/protocol.md) and the engine's
// events (dialogue/interview/interview_event.hpp) into what the candidate sees, and sends answers and
// commands. The same code renders a live event and a replayed one, so a reload shows exactly
// what was there before.

import { InterviewConnection } from './connection.js';
import { createFeedbackCard, METRIC_LABEL, CONCERN_PREFIX } from './feedback-view.js';
import { describeServerError, describeClose } from './messages.js';
import { byteSpanToRange } from './text-spans.js';
import { spokenList } from './wording.js';
import { el } from './dom.js';

/** The tag before a command's reply; none where the reply says it itself ("Skipped. …"). */
const COMMAND_TAGS = { help: 'Help', repeat: 'Repeated', hint: 'Hint', again: 'Try again' };

/** Error codes after which reconnecting cannot help: the page stops and says why. */
const FATAL_JOIN_CODES = new Set(['unauthorized', 'interview_not_found']);

/** A refused message is sent again by itself this many times when the server says "too fast". */
const MAX_RATE_LIMIT_RETRIES = 3;
/** When a `rate_limited` error does not say how long to wait: 1 s, then 2 s, then 4 s. */
const DEFAULT_RETRY_AFTER_MS = 1000;

/** Where this page stands with the interview: one of these, never two at once. */
const SESSION_STATE = { connecting: 'connecting', ready: 'ready', superseded: 'superseded', finished: 'finished', stopped: 'stopped' };

/** A fresh id for one answer or command: the server handles a resend with the same id once. */
function newClientId() {
  return globalThis.crypto?.randomUUID?.().replaceAll('-', '')
    ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

export class InterviewSession {
  /**
   * session: { interviewId, token }; view: ChatView; stageNames: Map stage id -> name (from the
   * server's list; ids are shown when a name is unknown). Callbacks: onReport(reportEvent, events),
   * onStatus(statusText|null, state), onAlert(text, action?), onFatal(text), onSuperseded(text),
   * onAnswerNotStored(text, reason).
   */
  constructor({ session, view, stageNames = new Map(), callbacks }) {
    this.session = session;
    this.view = view;
    this.stageNames = stageNames;
    this.callbacks = callbacks;
    this.events = [];                 // every event seen, in seq order: the transcript
    this.seenSeqs = new Set();
    this.items = new Map();           // item id -> { answers: [handles], card, marks }
    this.stages = [];                 // [{ id, name }] in interview order
    this.currentStageIndex = -1;
    this.currentItemId = null;
    // The answer or command sent whose turn has not completed: { message, kind, text, handle,
    // retries }. Its turn ends with `turn_complete` or an `error`; one at a time.
    this.pending = null;
    // The run sent whose reply (run_result, or an error with of: "run") has not come: its client id.
    this.pendingRun = null;
    this.state = SESSION_STATE.connecting;
    this.retryTimer = null;
    this.connection = new InterviewConnection({
      interviewId: session.interviewId,
      token: session.token,
      onMessage: (message) => this.handleMessage(message),
      onStatus: (status) => this.handleStatus(status),
    });
  }

  get finished() { return this.state === SESSION_STATE.finished; }

  get superseded() { return this.state === SESSION_STATE.superseded; }

  start() {
    this.view.setInputEnabled(false);
    this.connection.start();
  }

  stop() {
    clearTimeout(this.retryTimer);
    if (this.state !== SESSION_STATE.finished) this.state = SESSION_STATE.stopped;
    this.connection.stop();
  }

  /** The candidate is back after the connection closed for quiet: reconnect. */
  resume() {
    this.connection.resume();
  }

  /**
   * Sends an answer. Returns 'sent', or why not: 'busy' (the last one is still on its way),
   * 'offline', 'superseded' or 'finished'; the caller keeps the text. `parts`: the code and the
   * explanation a task submission was made of, given back if the server refuses it.
   */
  sendAnswer(text, { parts = null } = {}) {
    const refused = this.whyNotSend();
    if (refused) return refused;
    const handle = this.view.addCandidateMessage(text, { pending: true });
    const message = { type: 'answer', text, client_id: newClientId() };
    if (!this.connection.send(message)) {
      handle.remove();
      return 'offline';
    }
    this.pending = { message, kind: 'answer', text, handle, retries: 0, parts };
    this.view.setTyping(true);
    this.view.scrollToEnd();                        // the candidate's own action: always to the end
    return 'sent';
  }

  /** Sends a command; returns like sendAnswer. */
  sendCommand(name) {
    const refused = this.whyNotSend();
    if (refused) return refused;
    const message = { type: 'command', name, client_id: newClientId() };
    if (!this.connection.send(message)) return 'offline';
    this.pending = { message, kind: 'command', retries: 0 };
    this.view.setTyping(true);
    this.view.scrollToEnd();                        // the candidate asked: show the reply as it comes
    return 'sent';
  }

  /**
   * Runs the candidate's code for the open task (docs/protocol.md, "Run"): nothing is stored, the
   * reply goes to the workspace. Returns 'sent' or why not, as sendAnswer.
   */
  sendRun(code) {
    if (this.state === SESSION_STATE.superseded) return 'superseded';
    if (this.state === SESSION_STATE.finished) return 'finished';
    if (this.pendingRun || this.pending) return 'busy';
    if (!this.connection.joined) return 'offline';
    const clientId = newClientId();
    if (!this.connection.send({ type: 'run', code, client_id: clientId })) return 'offline';
    this.pendingRun = clientId;
    this.view.workspace.setRunning(true);
    return 'sent';
  }

  /** A run's reply will not come (the connection dropped): say so, and let it be run again. */
  abandonRun() {
    if (!this.pendingRun) return;
    this.pendingRun = null;
    this.view.workspace.setRunning(false);
    this.view.workspace.showMessage('The connection dropped before the run finished. Run it again.');
  }

  whyNotSend() {
    if (this.state === SESSION_STATE.superseded) return 'superseded';
    if (this.state === SESSION_STATE.finished) return 'finished';
    if (this.pending) return 'busy';
    if (!this.connection.joined) return 'offline';
    return null;
  }

  /** The turn of the pending message is over (completed, refused or answered as a command). */
  endTurn() {
    clearTimeout(this.retryTimer);
    if (this.pending?.kind === 'answer' && this.pending.handle) {
      // Never stored as an answer: the server took the text as a command word ("help").
      this.pending.handle.remove();
    }
    this.pending = null;
    this.view.setTyping(false);
  }

  handleStatus(status) {
    const say = this.callbacks.onStatus;
    if (this.state === SESSION_STATE.superseded) return;     // the page says where the interview went
    const why = describeClose(status.code);
    switch (status.state) {
      case 'connecting': say('Connecting…', 'connecting'); break;
      case 'reconnecting': say('Reconnecting…', 'reconnecting'); break;
      case 'online': say(null, 'online'); break;
      case 'dropped':
        clearTimeout(this.retryTimer);
        this.abandonRun();
        this.view.setInputEnabled(false);
        this.view.setTyping(false);
        say(`${why ?? 'Connection lost.'} Reconnecting…`, 'reconnecting');
        break;
      case 'waiting': {
        const seconds = Math.max(1, Math.round(status.delayMs / 1000));
        say(`${why ?? 'Connection lost.'} Reconnecting in ${seconds} s… Your interview is saved.`, 'reconnecting');
        break;
      }
      case 'idle':
        this.view.setInputEnabled(false);
        this.view.setTyping(false);
        say('Paused after a quiet spell. Type or click anywhere to carry on; your interview is saved.', 'idle');
        break;
      default: break;
    }
  }

  handleMessage(message) {
    switch (message?.type) {
      case 'joined': this.handleJoined(message); break;
      case 'event': this.handleEvent(message); break;
      case 'ack': this.handleAck(message); break;
      case 'turn_complete': this.handleTurnComplete(message); break;
      case 'error': this.handleError(message); break;
      case 'run_result': this.handleRunResult(message); break;
      case 'superseded': this.handleSuperseded(); break;
      default: break;                     // pong, and whatever a later protocol adds: ignored
    }
  }

  handleSuperseded() {
    if (this.state === SESSION_STATE.superseded) return;
    this.state = SESSION_STATE.superseded;
    clearTimeout(this.retryTimer);
    this.connection.stop();
    this.view.setInputEnabled(false);
    this.view.setTyping(false);
    this.callbacks.onSuperseded(describeServerError('superseded'));
  }

  handleJoined(message) {
    this.view.setReplaying(true);
    for (const entry of message.events ?? []) {
      const event = entry.event ?? entry;
      this.applyEvent({ ...event, seq: entry.seq ?? event.seq }, { replaying: true });
    }
    this.view.setReplaying(false);
    if (Number.isInteger(message.last_seq)) this.connection.noteSeq(message.last_seq);
    this.connection.markJoined();
    if (this.state === SESSION_STATE.connecting || this.state === SESSION_STATE.stopped) this.state = SESSION_STATE.ready;
    this.view.setTyping(false);
    // A message sent just before the connection dropped that the replay does not contain: the
    // server may never have stored it. It goes again by itself with the same client id, which
    // the server handles once even if it did store it.
    if (this.pending && !this.finished) {
      this.view.setTyping(true, this.pending.kind === 'answer' ? 'Sending your answer again…' : 'Sending again…');
      this.connection.send(this.pending.message);
    }
    this.view.setInputEnabled(!this.finished);
    if (!this.finished) this.view.scrollToEnd();
  }

  handleEvent(message) {
    const event = message.event ?? {};
    this.applyEvent({ ...event, seq: message.seq ?? event.seq }, { replaying: false });
  }

  /**
   * The turn is over. When it ended with events this page has not seen — a resend the server had
   * already handled (`duplicate` ack: it does not send them again) — the page joins again from
   * the last event it has, and the replay brings them.
   */
  handleTurnComplete(message) {
    this.endTurn();
    const last = message.state?.last_seq ?? message.seq;
    if (Number.isInteger(last) && last > this.connection.lastSeq) this.connection.rejoin();
  }

  handleAck(message) {
    if (!this.pending) return;
    if (message.client_id && message.client_id !== this.pending.message.client_id) return;
    if (message.duplicate) {
      // Stored before, from the send that seemed lost: its events come with the rejoin (above).
      this.pending.handle?.remove();
      this.pending = { ...this.pending, handle: null, kind: 'duplicate' };
      return;
    }
    if (message.of === 'command' && this.pending.kind === 'answer') {
      // The whole text was a command word ("help", "skip"): its reply follows, no answer does.
      this.pending.handle?.remove();
      this.pending = { ...this.pending, kind: 'command', handle: null };
      return;
    }
    // Stored; its answer_received / command event follows.
    this.pending.handle?.confirm();
  }

  handleRunResult(message) {
    if (!this.pendingRun || message.client_id !== this.pendingRun) return;
    this.pendingRun = null;
    this.view.workspace.showResult(message.result ?? {});
  }

  handleError(message) {
    if (message.of === 'run') {
      // A run's error: about the candidate's code (run_failed: the server's words, which say
      // where), or why nothing ran. It never ends an answer's turn.
      if (message.client_id && message.client_id !== this.pendingRun) return;
      this.pendingRun = null;
      if (message.code === 'run_failed') this.view.workspace.showFailure(message);
      else {
        this.view.workspace.setRunning(false);
        this.view.workspace.showMessage(describeServerError(message.code, message.message));
      }
      return;
    }
    if (this.pendingRun && !this.pending && message.code !== 'superseded') {
      // A run refused before it was read as one (too fast, its code too long): a plain error
      // frame. With no answer in flight it can only be the run's.
      this.pendingRun = null;
      this.view.workspace.setRunning(false);
      this.view.workspace.showMessage(describeServerError(message.code, message.message));
      return;
    }
    const text = describeServerError(message.code, message.message);
    if (message.code === 'superseded') {
      this.handleSuperseded();
      return;
    }
    if (FATAL_JOIN_CODES.has(message.code) && !this.connection.joined) {
      this.state = SESSION_STATE.stopped;
      this.connection.stop();
      this.view.setTyping(false);
      this.callbacks.onFatal(text);
      return;
    }
    const pending = this.pending;
    if (message.code === 'rate_limited' && pending && pending.retries < MAX_RATE_LIMIT_RETRIES) {
      // Too fast for the server: the same message goes again by itself after the pause it asks for.
      pending.retries += 1;
      const wait = Number.isInteger(message.retry_after_ms) && message.retry_after_ms > 0
        ? message.retry_after_ms : DEFAULT_RETRY_AFTER_MS * 2 ** (pending.retries - 1);
      this.view.setTyping(true, 'Sending again in a moment…');
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.connection.send(pending.message), wait);
      return;
    }
    if (message.code === 'interview_unavailable') {
      this.endTurn();
      this.callbacks.onAlert(text, { label: 'Reload', run: () => globalThis.location.reload() });
      return;
    }
    if (pending?.kind === 'answer') {
      // The answer was refused (too long, repeatedly too fast …): give the text back to edit.
      const answer = pending.text;
      const { parts } = pending;
      this.endTurn();
      this.callbacks.onAnswerNotStored(answer, text, parts);
      return;
    }
    if (pending) this.endTurn();
    else this.view.setTyping(false);
    this.callbacks.onAlert(text);
  }

  stageName(id) {
    return this.stageNames.get(id) ?? id;
  }

  itemState(itemId) {
    if (!this.items.has(itemId)) this.items.set(itemId, { answers: [], card: null, covered: [] });
    return this.items.get(itemId);
  }

  applyEvent(event, { replaying }) {
    if (Number.isInteger(event.seq)) {
      if (this.seenSeqs.has(event.seq)) return;      // already shown (replay after reconnect)
      this.seenSeqs.add(event.seq);
      this.connection.noteSeq(event.seq);
    }
    this.events.push(event);
    // A replay is shown whole and scrolled to its end once (handleJoined); a live event follows
    // the reader only if they were at the end before it arrived, else "New messages" shows.
    const follow = !replaying && this.view.isAtEnd();
    const handler = this.handlers[event.type];
    if (handler) handler.call(this, event, replaying);
    if (!replaying) this.view.showNewContent({ follow });
  }

  handlers = {
    interview_started(event) {
      this.stages = (event.schedule ?? []).map((stage) => ({ id: stage.stage_id, name: this.stageName(stage.stage_id) }));
      this.view.setProgress(this.stages, -1);
      if (event.greeting) this.view.addInterviewerMessage(event.greeting);
    },

    stage_started(event) {
      const name = event.stage_name || this.stageName(event.stage_id);
      this.stageNames.set(event.stage_id, name);
      const known = this.stages.findIndex((stage) => stage.id === event.stage_id);
      if (known >= 0) this.stages[known].name = name;
      this.currentStageIndex = known >= 0 ? known : event.stage_index;
      this.view.setProgress(this.stages, this.currentStageIndex);
      this.view.setStageBanner({ name, participants: event.participants, focus: event.focus_areas });
      this.view.addStageDivider(name);
      if (event.introduction) {
        this.view.addInterviewerMessage(event.introduction, { speaker: speakerOf(event.participants) });
      }
      this.speaker = speakerOf(event.participants);
    },

    question_asked(event) {
      this.view.setTyping(false);
      this.currentItemId = event.item_id;
      this.currentItemKind = event.kind;
      const counter = event.question_count > 0 ? `Question ${event.question_index + 1} of ${event.question_count}` : undefined;
      if (event.kind === 'task' && event.task) {
        // The engine's text already introduces the task; the card below names it.
        this.view.addInterviewerMessage(event.text, { speaker: this.speaker, kind: 'task', itemId: event.item_id });
        this.view.addTaskCard(event.task);
        if (event.task.material) this.view.openWorkspace(event.task.material, event.item_id, this.callbacks.codeDraft?.(event.item_id) ?? '');
        else this.view.closeWorkspace();
        this.view.setTaskMode(true);
      } else {
        this.view.addInterviewerMessage(event.text, { speaker: this.speaker, tag: counter, kind: 'question', itemId: event.item_id });
        this.view.closeWorkspace();
        this.view.setTaskMode(false);
      }
    },

    answer_received(event, replaying) {
      const state = this.itemState(event.item_id);
      let handle;
      if (this.pending?.kind === 'answer' && this.pending.text === event.text && this.pending.handle) {
        handle = this.pending.handle;
        handle.confirm();
        this.pending = null;              // stored; the feedback that follows needs no resend
      } else {
        handle = this.view.addCandidateMessage(event.text);
      }
      state.answers[event.message_index ?? state.answers.length] = handle;
      state.card = null;                              // the next feedback starts a new card
      state.covered = [];                             // and a new set of highlights
      state.extraMarks = [];
      if (!replaying) this.view.setTyping(true);
    },

    feedback(event) {
      const state = this.itemState(event.item_id);
      if (!state.card) {
        state.card = createFeedbackCard({ heading: state.answers.length > 1 ? 'Feedback so far on this question' : 'Feedback on your answer' });
        this.view.appendBlock(state.card.element);
      }
      const card = state.card;
      switch (event.kind) {
        case 'coverage':
          card.addCoverage({
            covered: event.positive, text: event.text, checked: event.detail,
            quotes: event.detail ? [] : this.quotesOf(state, event.evidence),
          });
          if (event.positive && event.evidence?.length) state.covered.push(event);   // highlighted once scored
          break;
        case 'star':
          card.addStarPart(event.subject_id, event.positive);
          break;
        case 'red_flag':
          card.addRedFlag({ text: event.text, reason: event.detail, raised: true });
          break;
        case 'gate':
          card.setGateReason(event.detail || event.text);
          break;
        case 'check':
          card.addFinding({ text: event.text, positive: event.positive });
          break;
        default: break;
      }
    },

    task_checked(event) {
      const state = this.itemState(event.item_id);
      if (!state.card) {
        state.card = createFeedbackCard({ heading: state.answers.length > 1 ? 'Feedback so far on this task' : 'Feedback on your submission' });
        this.view.appendBlock(state.card.element);
      }
      state.card.setCheck(event);
    },

    answer_scored(event) {
      const state = this.itemState(event.item_id);
      if (!state.card) {
        state.card = createFeedbackCard();
        this.view.appendBlock(state.card.element);
      }
      const breakdown = event.breakdown ?? {};
      for (const penalty of breakdown.penalty_items ?? []) state.card.addPenalty(penalty);
      state.card.setTip(event.feedback?.tip);
      state.card.setScore(event.score, breakdown);
      state.card.setStrongAnswer(event.strong_answer);
      // Measurable results and the words a deduction was given for are highlighted too, each said in words.
      state.extraMarks = [
        ...(event.metrics ?? []).map((evidence) => ({ evidence, label: METRIC_LABEL })),
        ...(breakdown.penalty_items ?? []).flatMap((penalty) => (penalty.evidence ?? []).map((evidence) => ({
          evidence, label: `${CONCERN_PREFIX}${penalty.reason.replace(/^(risky practice|wrong statement): /, '')}`,
        }))),
      ];
      this.highlight(state);
    },

    follow_up(event) {
      this.view.setTyping(false);
      this.view.addInterviewerMessage(event.text, { speaker: this.speaker, tag: 'Follow-up', kind: 'follow-up', itemId: event.item_id });
      this.view.setTaskMode(this.currentItemKind === 'task');   // a follow-up on the task keeps the larger editor
    },

    command(event) {
      // The command's turn: a button's, or an answer whose whole text was the command word
      // ("help"), which is not stored as an answer. (turn_complete also ends it, where sent.)
      if (this.pending?.kind === 'command') this.pending = null;
      if (this.pending?.kind === 'answer' && this.pending.text.trim().toLowerCase() === event.name) this.endTurn();
      this.view.setTyping(false);
      if (event.response) {
        this.view.addInterviewerMessage(event.response, { speaker: this.speaker, tag: COMMAND_TAGS[event.name], kind: 'command' });
      }
    },

    retry_started(event) {
      // The question is put again; the answer that follows starts a new set of messages and feedback.
      this.view.setTyping(false);
      const state = this.itemState(event.item_id);
      state.answers = [];
      state.card = null;
      state.covered = [];
      state.extraMarks = [];
      this.view.addInterviewerMessage(event.text, {
        speaker: this.speaker, tag: `Try again (attempt ${event.attempt})`, kind: 'question', itemId: event.item_id,
      });
    },

    retry_compared(event) {
      this.view.appendBlock(renderRetryComparison(event));
      if (event.resume_prompt) {
        this.view.addInterviewerMessage(event.resume_prompt, { speaker: this.speaker, tag: 'Back to', kind: 'question' });
      }
    },

    stage_completed(event) {
      if (event.text) this.view.addSystemMessage(event.text);
    },

    report(event, replaying) {
      this.endTurn();
      this.pendingRun = null;
      this.view.closeWorkspace();
      this.state = SESSION_STATE.finished;
      this.view.setFinished();
      this.view.setProgressFinished(this.stages);
      this.callbacks.onReport(event, this.events, { replaying });
    },
  };

  /** The candidate's own words behind some evidence, each once (ignoring case), in answer order. */
  quotesOf(state, evidence = []) {
    const seen = new Set();
    const quotes = [];
    for (const item of evidence) {
      const answer = state.answers[item.message ?? 0];
      if (!answer) continue;
      const range = byteSpanToRange(answer.text, item.begin, item.end);
      if (!range) continue;
      const quote = answer.text.slice(range.start, range.end);
      if (!seen.has(quote.toLowerCase())) {
        seen.add(quote.toLowerCase());
        quotes.push(quote);
      }
    }
    return quotes;
  }

  /**
   * Highlights the evidence of the key points covered in the latest score, in the answers it came
   * from, once per score: each answer is drawn once with all its marks and a legend of the key
   * points, not again for every feedback frame (the conversation is a live region).
   */
  highlight(state) {
    const byMessage = new Map();
    const add = (evidence, label) => {
      const index = evidence.message ?? evidence.message_index ?? 0;
      if (!byMessage.has(index)) byMessage.set(index, []);
      byMessage.get(index).push({ begin: evidence.begin, end: evidence.end, label });
    };
    for (const event of state.covered) {
      for (const evidence of event.evidence) add(evidence, event.text);
    }
    for (const { evidence, label } of state.extraMarks ?? []) add(evidence, label);
    for (const [index, marks] of byMessage) state.answers[index]?.setMarks(marks);
  }
}

/** "Technical Lead" for one participant, "Technical Lead and Senior Developer" for two, ... */
function speakerOf(participants) {
  return participants?.length ? spokenList(participants) : 'Interviewer';
}

/**
 * A retry's before and after side by side: the two scores, then what the new answer gained and
 * lost. Each column says in words what it is, so nothing depends on colour.
 */
function renderRetryComparison(event) {
  const change = event.after_score - event.before_score;
  const column = (title, score, lines) => el('div', { class: 'retry-column' },
    el('p', { class: 'retry-title', text: title }),
    el('p', { class: 'retry-score', text: `Score ${score}/100` }),
    ...lines.map(([label, items]) => (items.length
      ? el('div', {}, el('p', { class: 'retry-label', text: label }), el('ul', {}, ...items.map((text) => el('li', { text }))))
      : null)).filter(Boolean));
  return el('section', { class: 'retry-comparison', 'aria-label': 'Before and after' },
    el('p', { class: 'retry-heading', text: `Before and after: ${change === 0 ? 'no change' : `${change > 0 ? '+' : ''}${change}`}; the report counts ${event.best_score}` }),
    el('div', { class: 'retry-columns' },
      column('Before', event.before_score, [['Key points the retry lost', event.lost ?? []], ['Red flags cleared', event.flags_cleared ?? []]]),
      column('After', event.after_score, [['Key points gained', event.gained ?? []], ['Red flags raised', event.flags_raised ?? []]])));
}
