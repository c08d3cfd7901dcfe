// Drives one interview on the page: turns protocol messages (docs/protocol.md) and the engine's
// events (dialogue/interview_event.hpp) into what the candidate sees, and sends answers and
// commands. The same code renders a live event and a replayed one, so a reload shows exactly
// what was there before.

import { InterviewConnection } from './connection.js';
import { createFeedbackCard } from './feedback-view.js';
import { describeServerError } from './messages.js';
import { byteSpanToRange } from './text-spans.js';

const COMMAND_TAGS = { help: 'Help', repeat: 'Repeated', skip: 'Skipped', hint: 'Hint', end: 'Ending' };

/** Error codes after which reconnecting cannot help: the page stops and says why. */
const FATAL_JOIN_CODES = new Set(['unauthorized', 'interview_not_found']);

export class InterviewSession {
  /**
   * session: { interviewId, token }; view: ChatView; stageNames: Map stage id -> name (from the
   * server's list; ids are shown when a name is unknown). Callbacks: onReport(reportEvent, events),
   * onStatus(statusText|null, state), onAlert(text), onFatal(text), onSuperseded(text).
   */
  constructor({ session, view, stageNames = new Map(), callbacks }) {
    this.session = session;
    this.view = view;
    this.stageNames = stageNames;
    this.callbacks = callbacks;
    this.events = [];                 // every event seen, in seq order: the transcript
    this.seenSeqs = new Set();
    this.items = new Map();           // item id -> { answers: [handles], card }
    this.stages = [];                 // [{ id, name }] in interview order
    this.currentStageIndex = -1;
    this.currentItemId = null;
    this.pendingAnswer = null;        // { text, handle } sent but not yet stored
    this.finished = false;
    this.connection = new InterviewConnection({
      interviewId: session.interviewId,
      token: session.token,
      onMessage: (message) => this.handleMessage(message),
      onStatus: (status) => this.handleStatus(status),
    });
  }

  start() {
    this.view.setInputEnabled(false);
    this.connection.start();
  }

  stop() {
    this.connection.stop();
  }

  /** Returns false (and keeps the text) when the connection is down. */
  sendAnswer(text) {
    if (this.pendingAnswer) return false;
    const handle = this.view.addCandidateMessage(text, { pending: true });
    if (!this.connection.send({ type: 'answer', text })) {
      handle.remove();
      return false;
    }
    this.pendingAnswer = { text, handle };
    this.view.setTyping(true);
    this.view.scrollToEnd();                        // the candidate's own action: always to the end
    return true;
  }

  sendCommand(name) {
    if (!this.connection.send({ type: 'command', name })) return false;
    this.view.setTyping(true);
    this.view.scrollToEnd();                        // the candidate asked: show the reply as it comes
    return true;
  }

  handleStatus(status) {
    const say = this.callbacks.onStatus;
    switch (status.state) {
      case 'connecting': say('Connecting…', 'connecting'); break;
      case 'reconnecting': say('Reconnecting…', 'reconnecting'); break;
      case 'online': say(null, 'online'); break;
      case 'dropped':
        this.view.setInputEnabled(false);
        this.view.setTyping(false);
        say('Connection lost. Reconnecting…', 'reconnecting');
        break;
      case 'waiting': {
        const seconds = Math.max(1, Math.round(status.delayMs / 1000));
        say(`Connection lost. Reconnecting in ${seconds} s… Your interview is saved.`, 'reconnecting');
        break;
      }
      default: break;
    }
  }

  handleMessage(message) {
    switch (message?.type) {
      case 'joined': this.handleJoined(message); break;
      case 'event': this.handleEvent(message); break;
      case 'ack': this.handleAck(message); break;
      case 'error': this.handleError(message); break;
      case 'superseded':
        this.connection.stop();
        this.view.setInputEnabled(false);
        this.view.setTyping(false);
        this.callbacks.onSuperseded('This interview was opened in another tab or window, so this page stopped following it.');
        break;
      case 'pong': break;
      default:
        this.callbacks.onAlert('The server sent a message this page does not understand; the interview goes on.');
    }
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
    // An answer sent just before the connection dropped: if the replay did not contain it, the
    // server never stored it, so the text goes back into the box rather than being lost.
    if (this.pendingAnswer) {
      const { text, handle } = this.pendingAnswer;
      this.pendingAnswer = null;
      handle.remove();
      this.callbacks.onAnswerNotStored(text);
    }
    this.view.setTyping(false);
    this.view.setInputEnabled(!this.finished);
    if (!this.finished) this.view.scrollToEnd();
  }

  handleEvent(message) {
    const event = message.event ?? {};
    this.applyEvent({ ...event, seq: message.seq ?? event.seq }, { replaying: false });
  }

  handleAck() {
    // The answer or command is committed; its answer_received / command event follows.
    this.pendingAnswer?.handle.confirm();
  }

  handleError(message) {
    const text = describeServerError(message.code, message.message);
    this.view.setTyping(false);
    if (message.code === 'superseded') {
      this.handleMessage({ type: 'superseded' });
      return;
    }
    if (FATAL_JOIN_CODES.has(message.code) && !this.connection.joined) {
      this.connection.stop();
      this.callbacks.onFatal(text);
      return;
    }
    if (this.pendingAnswer) {
      // The answer was refused (too long, rate limited ...): give the text back to edit.
      const { text: answer, handle } = this.pendingAnswer;
      this.pendingAnswer = null;
      handle.remove();
      this.callbacks.onAnswerNotStored(answer, text);
      return;
    }
    this.callbacks.onAlert(text);
  }

  stageName(id) {
    return this.stageNames.get(id) ?? id;
  }

  itemState(itemId) {
    if (!this.items.has(itemId)) this.items.set(itemId, { answers: [], card: null });
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
        this.view.setTaskMode(true);
      } else {
        this.view.addInterviewerMessage(event.text, { speaker: this.speaker, tag: counter, kind: 'question', itemId: event.item_id });
        this.view.setTaskMode(false);
      }
    },

    answer_received(event, replaying) {
      const state = this.itemState(event.item_id);
      let handle;
      if (this.pendingAnswer && this.pendingAnswer.text === event.text) {
        handle = this.pendingAnswer.handle;
        handle.confirm();
        this.pendingAnswer = null;
      } else {
        handle = this.view.addCandidateMessage(event.text);
      }
      state.answers[event.message_index ?? state.answers.length] = handle;
      state.card = null;                              // the next feedback starts a new card
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
          card.addCoverage({ covered: event.positive, text: event.text, quotes: this.quotesOf(state, event.evidence) });
          if (event.positive) this.highlight(state, event);
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
        default: break;
      }
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
    },

    follow_up(event) {
      this.view.setTyping(false);
      this.view.addInterviewerMessage(event.text, { speaker: this.speaker, tag: 'Follow-up', kind: 'follow-up', itemId: event.item_id });
      this.view.setTaskMode(this.currentItemKind === 'task');   // a follow-up on the task keeps the larger editor
    },

    command(event) {
      this.view.setTyping(false);
      if (event.response) {
        this.view.addInterviewerMessage(event.response, { speaker: this.speaker, tag: COMMAND_TAGS[event.name] ?? event.name, kind: 'command' });
      }
    },

    stage_completed(event) {
      if (event.text) this.view.addSystemMessage(event.text);
    },

    report(event, replaying) {
      this.view.setTyping(false);
      this.finished = true;
      this.view.setInputEnabled(false);
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

  /** Highlights a covered item's evidence in the answers it came from. */
  highlight(state, event) {
    const byMessage = new Map();
    for (const evidence of event.evidence ?? []) {
      const index = evidence.message ?? evidence.message_index ?? 0;
      if (!byMessage.has(index)) byMessage.set(index, []);
      byMessage.get(index).push({ begin: evidence.begin, end: evidence.end, label: event.text });
    }
    for (const [index, marks] of byMessage) state.answers[index]?.addMarks(marks);
  }
}

/** "Technical Lead" for one participant, "Technical Lead and Senior Developer" for two, ... */
function speakerOf(participants) {
  if (!participants?.length) return 'Interviewer';
  if (participants.length === 1) return participants[0];
  return `${participants.slice(0, -1).join(', ')} and ${participants[participants.length - 1]}`;
}
