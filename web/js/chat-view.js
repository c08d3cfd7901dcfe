// The interview screen: stage banner, progress bar, the conversation, the practical-task card,
// the "interviewer is typing" line and the answer box. Only DOM work here; what to show when is
// decided by interview-session.js.

import { el, clear } from './dom.js';
import { renderHighlightedAnswer } from './feedback-view.js';

const SECTION_TITLES = {
  requirements: 'Requirements',
  scenario_elements: 'Scenario elements',
  deliverables: 'Deliverables',
  areas_to_analyze: 'Areas to analyse',
  evaluation_criteria: 'How it is evaluated',
};

export class ChatView {
  constructor(root = document) {
    this.log = root.getElementById('chat-log');
    this.typing = root.getElementById('typing-indicator');
    this.stageName = root.getElementById('stage-name');
    this.stagePeople = root.getElementById('stage-people');
    this.stageFocus = root.getElementById('stage-focus');
    this.progressText = root.getElementById('progress-text');
    this.progressSteps = root.getElementById('progress-steps');
    this.form = root.getElementById('answer-form');
    this.input = root.getElementById('answer-input');
    this.inputLabel = this.form.querySelector('.composer-label');
    this.sendButton = root.getElementById('send-button');
    this.commandButtons = [...this.form.querySelectorAll('[data-command]')];
  }

  reset() {
    clear(this.log);
    clear(this.progressSteps);
    this.progressText.textContent = '';
    this.stageName.textContent = 'Interview';
    this.stagePeople.textContent = '';
    this.stageFocus.textContent = '';
    this.setTyping(false);
    this.setTaskMode(false);
    this.input.value = '';
  }

  /** While a replay renders, the live region stays quiet so the history is not read out. */
  setReplaying(replaying) {
    this.log.setAttribute('aria-busy', replaying ? 'true' : 'false');
  }

  /** stages: [{ id, name }]; currentIndex: 0-based, -1 before the first stage. */
  setProgress(stages, currentIndex) {
    clear(this.progressSteps);
    stages.forEach((stage, index) => {
      const state = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'upcoming';
      const stateWords = { done: 'done', current: 'current stage', upcoming: 'to come' }[state];
      this.progressSteps.append(el('li', {
        dataset: { state, stageId: stage.id },
        'aria-current': state === 'current' ? 'step' : undefined,
        title: stage.name,
      }, stage.name, el('span', { class: 'sr-only', text: ` (${stateWords})` })));
    });
    if (currentIndex >= 0 && stages.length) {
      this.progressText.textContent = `Stage ${currentIndex + 1} of ${stages.length}: ${stages[currentIndex]?.name ?? ''}`;
    }
  }

  setProgressFinished(stages) {
    this.setProgress(stages, stages.length);
    this.progressText.textContent = `All ${stages.length} stages done`;
  }

  setStageBanner({ name, participants, focus }) {
    this.stageName.textContent = name;
    this.stagePeople.replaceChildren(...(participants?.length
      ? [el('strong', { text: 'You are talking to: ' }), participants.join(', ')] : []));
    this.stageFocus.replaceChildren(...(focus ? [el('strong', { text: 'Focus: ' }), focus] : []));
  }

  addStageDivider(name) {
    this.log.append(el('div', { class: 'stage-divider' }, el('h2', { text: name })));
  }

  /**
   * An interviewer turn. `tag` is shown before the text ("Follow-up", "Hint", "Question 1 of 3");
   * `kind` (question, follow-up, task, command, statement) and `itemId` are kept on the element.
   */
  addInterviewerMessage(text, { speaker = 'Interviewer', tag, kind = 'statement', itemId } = {}) {
    const message = el('div', { class: `message interviewer ${kind}`, dataset: { kind, itemId } },
      el('p', { class: 'who', text: speaker }),
      el('div', { class: 'bubble' }, tag ? el('span', { class: 'kind-tag', text: `${tag}: ` }) : null, text));
    this.log.append(message);
    return message;
  }

  addSystemMessage(text) {
    const message = el('div', { class: 'message system' }, el('p', { class: 'bubble', text }));
    this.log.append(message);
    return message;
  }

  /** The candidate's answer; returns a handle to highlight it later and to mark it sent. */
  addCandidateMessage(text, { pending = false } = {}) {
    const body = el('div', { class: 'answer-text' }, text);
    const status = el('p', { class: 'send-status', hidden: !pending, text: 'Sending…' });
    const message = el('div', { class: 'message candidate', dataset: { pending: pending ? 'true' : 'false' } },
      el('p', { class: 'who', text: 'You' }),
      el('div', { class: 'bubble' }, body),
      status);
    this.log.append(message);
    const marks = new Map();
    return {
      element: message,
      text,
      confirm() {
        message.dataset.pending = 'false';
        status.hidden = true;
      },
      remove() { message.remove(); },
      /** Adds highlight marks ({begin, end, label}, bytes); repeated marks are kept once. */
      addMarks(newMarks) {
        for (const mark of newMarks) marks.set(`${mark.begin}:${mark.end}:${mark.label}`, mark);
        renderHighlightedAnswer(body, text, [...marks.values()]);
      },
    };
  }

  appendBlock(element) {
    this.log.append(element);
    return element;
  }

  /** The practical task as a card: name, summary, duration and its lists. */
  addTaskCard(task) {
    const card = el('section', { class: 'task-card', 'aria-label': `Practical task: ${task.name}`, dataset: { taskName: task.name } },
      el('h3', {}, `Practical task: ${task.name}`),
      task.summary ? el('p', { text: task.summary }) : null,
      el('p', { class: 'task-meta' }, el('span', {}, el('strong', { text: 'Duration: ' }), task.duration || 'not stated')));
    for (const section of task.sections ?? []) {
      if (!section.items?.length) continue;
      card.append(el('h4', { text: SECTION_TITLES[section.name] ?? section.name }),
        el('ul', {}, section.items.map((item) => el('li', { text: item }))));
    }
    this.log.append(card);
    return card;
  }

  /** The larger editor for a practical-task submission, and back. */
  setTaskMode(on) {
    this.form.classList.toggle('task-mode', on);
    this.inputLabel.textContent = on ? 'Your submission' : 'Your answer';
    this.input.rows = on ? 14 : 3;
  }

  setTyping(on) {
    this.typing.hidden = !on;
    this.log.setAttribute('aria-busy', 'false');
  }

  setInputEnabled(enabled) {
    this.sendButton.disabled = !enabled;
    for (const button of this.commandButtons) button.disabled = !enabled;
  }

  /** Brings the newest message into view just above the (sticky) answer box. */
  scrollToEnd() {
    const reduce = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    globalThis.scrollTo({ top: document.documentElement.scrollHeight, behavior: reduce ? 'auto' : 'smooth' });
  }
}
