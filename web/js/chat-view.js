// The interview screen: stage banner, progress bar, the conversation, the practical-task card,
// the "interviewer is typing" line, the answer box and the "New messages" button. Only DOM work
// here; what to show when is decided by interview-session.js.

import { el, clear } from './dom.js';
import { renderHighlightedAnswer } from './feedback-view.js';
import { TaskWorkspace } from './task-workspace.js';
import { countOf } from './wording.js';

/** A reader this close to the end of the page (px) is reading the newest message: new content follows. */
const NEAR_END_PX = 80;

/** Keys that scroll the page when focus is not in a field that uses them itself. */
const SCROLL_KEYS = new Set(['PageUp', 'PageDown', 'Home', 'End', 'ArrowUp', 'ArrowDown', ' ']);

export class ChatView {
  constructor(root = document) {
    this.log = root.getElementById('chat-log');
    this.typing = root.getElementById('typing-indicator');
    this.typingText = this.typing.querySelector('.typing-text');
    this.finishedNote = root.getElementById('finished-note');
    this.stageName = root.getElementById('stage-name');
    this.stagePeople = root.getElementById('stage-people');
    this.stageFocus = root.getElementById('stage-focus');
    this.progressText = root.getElementById('progress-text');
    this.progressSteps = root.getElementById('progress-steps');
    this.form = root.getElementById('answer-form');
    this.input = root.getElementById('answer-input');
    this.inputLabel = this.form.querySelector('label[for="answer-input"]');
    this.sendButton = root.getElementById('send-button');
    this.commandButtons = [...this.form.querySelectorAll('[data-command]')];
    this.newMessagesButton = root.getElementById('new-messages');
    this.newMessagesButton.addEventListener('click', () => this.jumpToNewMessages());
    this.dock = this.form.closest('.composer-dock');
    // Callbacks set by the page: a Run asked for, the code edited.
    this.onRunRequested = null;
    this.onCodeChanged = null;
    this.workspace = new TaskWorkspace(root, {
      onRun: (code) => this.onRunRequested?.(code),
      onCodeChange: (code) => this.onCodeChanged?.(code),
    });
    this.watchScrolling();
  }

  reset() {
    clear(this.log);
    clear(this.progressSteps);
    this.progressText.textContent = '';
    this.stageName.textContent = 'Interview';
    this.stagePeople.textContent = '';
    this.stageFocus.textContent = '';
    this.setTyping(false);
    this.closeWorkspace();
    this.setTaskMode(false);
    this.form.hidden = false;
    this.finishedNote.hidden = true;
    this.input.value = '';
    this.scrollingToEnd = false;
    this.newMessagesButton.hidden = true;
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
    this.progressText.textContent = stages.length === 1 ? 'The stage is done' : `All ${countOf(stages.length, 'stage')} done`;
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
    const legend = el('div', { class: 'evidence-legend-slot' });
    const status = el('p', { class: 'send-status', hidden: !pending, text: 'Sending…' });
    const message = el('div', { class: 'message candidate', dataset: { pending: pending ? 'true' : 'false' } },
      el('p', { class: 'who', text: 'You' }),
      el('div', { class: 'bubble' }, body, legend),
      status);
    this.log.append(message);
    return {
      element: message,
      text,
      confirm() {
        message.dataset.pending = 'false';
        status.hidden = true;
      },
      remove() { message.remove(); },
      /**
       * Highlights ({begin, end, label}, bytes) replacing the previous ones: the latest score's
       * evidence. Drawn in one go, so the live region hears the answer once more at most.
       */
      setMarks(marks) {
        renderHighlightedAnswer(body, legend, text, marks);
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
      // The heading as the guide writes it, sent by the server (docs/protocol.md); `name` is its id.
      card.append(el('h4', { text: section.title ?? section.name }),
        el('ul', {}, section.items.map((item) => el('li', { text: item }))));
    }
    // A task that runs brings its own material: the slow query, its cost, the schema.
    const material = task.material;
    if (material) {
      card.append(el('h4', { class: 'material-title', text: material.title }));
      for (const block of material.blocks ?? []) {
        card.append(el('h5', { text: block.label }),
          block.language ? el('pre', { class: 'code-block', tabindex: '0', 'aria-label': block.label, text: block.text }) : el('p', { text: block.text }));
      }
    }
    this.log.append(card);
    return card;
  }

  /** The larger editor for a practical-task submission, and back. */
  setTaskMode(on) {
    this.form.classList.toggle('task-mode', on);
    const workspace = on && this.workspace.active;
    this.form.classList.toggle('with-workspace', workspace);
    this.inputLabel.textContent = workspace ? this.workspace.explanationLabel() : on ? 'Your submission' : 'Your answer';
    this.input.rows = workspace ? 4 : on ? 14 : 3;
  }

  /**
   * The workspace of a task that runs, above the answer box; the dock then stops sticking to the
   * bottom of the screen (an editor and its output do not fit under a conversation on a phone).
   */
  openWorkspace(material, itemId, code) {
    this.workspace.show(material, itemId, code);
    this.dock.classList.add('workspace-mode');
  }

  closeWorkspace() {
    if (!this.workspace.active) return;
    this.workspace.hide();
    this.dock.classList.remove('workspace-mode');
  }

  /** "The interviewer is typing…", or a quiet word about a message on its way ("Sending again…"). */
  setTyping(on, text = 'The interviewer is typing…') {
    this.typing.hidden = !on;
    this.typingText.textContent = text;
    this.log.setAttribute('aria-busy', 'false');
  }

  setInputEnabled(enabled) {
    this.sendButton.disabled = !enabled;
    for (const button of this.commandButtons) button.disabled = !enabled;
  }

  /** The interview is over: the conversation can be read, no longer answered. */
  setFinished() {
    this.setInputEnabled(false);
    this.setTyping(false);
    this.form.hidden = true;
    this.finishedNote.hidden = false;
  }

  /**
   * Whether new content should keep the reader at the end. Ask before adding it: afterwards the
   * new content itself has pushed the end away.
   */
  isAtEnd() {
    return this.scrollingToEnd || this.distanceFromEnd() <= NEAR_END_PX;
  }

  /**
   * After live content was added (`follow` from isAtEnd() before adding it): a reader at the end
   * stays there; a reader further up is not moved but offered the "New messages" button.
   */
  showNewContent({ follow }) {
    if (this.log.closest('[hidden]')) return;        // the report is on screen, not the conversation
    if (follow) this.scrollToEnd();
    else this.newMessagesButton.hidden = false;
  }

  /** Brings the newest message into view just above the (sticky) answer box. */
  scrollToEnd() {
    this.newMessagesButton.hidden = true;
    const reduce = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    // With the workspace the answer box is not sticky: the end of the conversation is above it.
    const top = this.workspaceMode() ? globalThis.scrollY + this.distanceFromEnd() : document.documentElement.scrollHeight;
    globalThis.scrollTo({ top: Math.max(0, top), behavior: reduce ? 'auto' : 'smooth' });
    // An instant scroll is there already; a smooth one is on its way (see watchScrolling).
    this.scrollingToEnd = this.distanceFromEnd() > NEAR_END_PX;
    this.readerScrolled = false;
  }

  jumpToNewMessages() {
    const byKeyboard = this.newMessagesButton.matches(':focus-visible');
    this.scrollToEnd();
    // The button disappears under the focus; the next stop after it is the answer box. (Not for a
    // tap or click: focusing the box would open a phone's keyboard unasked.)
    if (byKeyboard) this.input.focus({ preventScroll: true });
  }

  workspaceMode() {
    return this.dock.classList.contains('workspace-mode');
  }

  /** How far the end of the conversation is below the screen (the page's end, or with the workspace the log's). */
  distanceFromEnd() {
    const page = document.documentElement;
    if (this.workspaceMode()) {
      const last = this.typing.hidden ? this.log : this.typing;
      return last.getBoundingClientRect().bottom - page.clientHeight + 16;
    }
    return page.scrollHeight - page.clientHeight - globalThis.scrollY;
  }

  /**
   * Whether the reader is at the end is read from the position (isAtEnd), except while our own
   * smooth scroll to the end runs: its scroll events pass through positions far from the end, and
   * a frame arriving then must still follow. So `scrollingToEnd` counts as "at the end" until the
   * scroll arrives, or until the reader takes over: their own input (wheel, touch drag, scroll
   * keys, the scrollbar) followed by the page moving up, which our scroll never does. Input alone
   * is not enough: Chromium can drop a wheel turned during a smooth scroll, and the page goes on
   * down. Reaching the end by any means hides the button.
   */
  watchScrolling() {
    this.scrollingToEnd = false;
    this.readerScrolled = false;
    let lastY = globalThis.scrollY;
    const readerScrolls = () => { this.readerScrolled = true; };
    const options = { capture: true, passive: true };
    globalThis.addEventListener('wheel', readerScrolls, options);
    globalThis.addEventListener('touchmove', readerScrolls, options);
    globalThis.addEventListener('keydown', (event) => {
      if (SCROLL_KEYS.has(event.key) && !event.target.closest?.('input, textarea, select, button, [contenteditable]')) readerScrolls();
    }, options);
    globalThis.addEventListener('pointerdown', (event) => {
      const page = document.documentElement;
      if (event.clientX >= page.clientWidth || event.clientY >= page.clientHeight) readerScrolls();
    }, options);
    // A reader at the end stays there when the window shrinks: a phone's keyboard coming up must
    // not push the newest message out of view. `atEnd` is where they were before the resize.
    let atEnd = true;
    globalThis.addEventListener('resize', () => {
      if (atEnd && !this.log.closest('[hidden]')) globalThis.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'auto' });
    });
    globalThis.addEventListener('scroll', () => {
      atEnd = this.scrollingToEnd || this.distanceFromEnd() <= NEAR_END_PX;
    }, { passive: true });
    globalThis.addEventListener('scroll', () => {
      const y = globalThis.scrollY;
      if (this.readerScrolled && y < lastY) this.scrollingToEnd = false;
      lastY = y;
      if (this.distanceFromEnd() > NEAR_END_PX) return;
      this.scrollingToEnd = false;
      this.newMessagesButton.hidden = true;
    }, { passive: true });
  }
}
