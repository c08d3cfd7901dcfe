// A code editor that is a plain <textarea> (so every browser, keyboard and screen reader knows
// how to use it) with line numbers beside it. Tab is left alone: it moves on, as everywhere on the
// page, so the editor is never a keyboard trap. Ctrl/⌘+Enter asks to run.

import { el } from './dom.js';

export class CodeEditor {
  constructor({ textarea, gutter, onRun }) {
    this.textarea = textarea;
    this.gutter = gutter;
    this.lineCount = 0;
    this.marked = null;
    textarea.addEventListener('input', () => { this.clearMark(); this.renderGutter(); });
    textarea.addEventListener('scroll', () => { this.gutter.scrollTop = this.textarea.scrollTop; });
    textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        onRun();
      }
    });
    this.renderGutter();
  }

  get value() { return this.textarea.value; }

  set value(text) {
    this.textarea.value = text;
    this.clearMark();
    this.renderGutter();
  }

  /** One number per line; redrawn only when the count changes. */
  renderGutter() {
    const count = this.textarea.value.split('\n').length;
    if (count === this.lineCount) return;
    this.lineCount = count;
    this.gutter.replaceChildren(...Array.from({ length: count }, (_, index) => el('span', { text: String(index + 1) })));
    if (this.marked) this.markLine(this.marked.line, this.marked.title);
    this.gutter.scrollTop = this.textarea.scrollTop;
  }

  /** Marks a line (an error's) in the gutter, in words for screen readers too (the title). */
  markLine(line, title) {
    this.clearMark();
    const number = this.gutter.children[line - 1];
    if (!number) return;
    number.classList.add('error-line');
    number.title = title;
    this.marked = { line, title };
  }

  clearMark() {
    for (const number of this.gutter.querySelectorAll('.error-line')) {
      number.classList.remove('error-line');
      number.removeAttribute('title');
    }
    this.marked = null;
  }

  /** Puts the caret at a 1-based line and column (characters) without taking the focus. */
  placeCaret(line, column) {
    const lines = this.textarea.value.split('\n');
    let index = 0;
    for (let current = 1; current < line && current <= lines.length; current += 1) index += lines[current - 1].length + 1;
    index += Math.max(0, Math.min((lines[line - 1] ?? '').length, column - 1));
    this.textarea.setSelectionRange(index, index);
    // Scroll the line into the editor's view.
    const lineHeight = parseFloat(getComputedStyle(this.textarea).lineHeight) || 18;
    this.textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }
}
