// The workspace of a practical task that runs (the slow query, the schema, the API): the code
// editor with line numbers, the Run button and what Run showed. The explanation goes in the
// answer box below it; Send sends both as one submission: the code in a fenced block, the
// explanation after it (the form the server reads: docs/practical-tasks.md, "How to submit").

import { clear } from './dom.js';
import { CodeEditor } from './code-editor.js';
import { runResultView, runFailureView } from './check-view.js';

const RUN_KEY = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '') ? '⌘+Enter' : 'Ctrl+Enter';

const LABELS = {
  sql: { code: 'Your SQL', explanation: 'Your explanation' },
  openapi: { code: 'Your OpenAPI document (YAML or JSON)', explanation: 'Your notes' },
};

/** A fence that a run of backticks in the code cannot close early. */
function fenceFor(code) {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

export class TaskWorkspace {
  /** onRun(code) is called when the candidate runs their code (button or Ctrl/⌘+Enter). */
  constructor(root = document, { onRun, onCodeChange } = {}) {
    this.section = root.getElementById('task-workspace');
    this.label = root.getElementById('code-label');
    this.hint = root.getElementById('code-hint');
    this.runButton = root.getElementById('run-button');
    this.status = root.getElementById('run-status');
    this.output = root.getElementById('run-output');
    this.textarea = root.getElementById('code-input');
    this.material = null;
    this.itemId = null;
    this.running = false;
    this.editor = new CodeEditor({ textarea: this.textarea, gutter: this.section.querySelector('.code-gutter'), onRun: () => this.run() });
    this.onRun = onRun;
    this.runButton.addEventListener('click', () => this.run());
    this.textarea.addEventListener('input', () => onCodeChange?.(this.editor.value));
  }

  get active() { return Boolean(this.material); }

  /** Opens the workspace for a task's material; `code` is a saved draft. Same task: kept as it is. */
  show(material, itemId, code = '') {
    if (this.active && this.itemId === itemId) return;
    this.material = material;
    this.itemId = itemId;
    const labels = LABELS[material.language] ?? LABELS.sql;
    this.label.textContent = labels.code;
    this.hint.textContent = material.runnable ? `${RUN_KEY} runs it · Tab moves on` : 'Tab moves on';
    this.runButton.hidden = !material.runnable;
    this.editor.value = code;
    this.clearOutput();
    this.section.hidden = false;
  }

  hide() {
    this.material = null;
    this.itemId = null;
    this.section.hidden = true;
    this.editor.value = '';
    this.clearOutput();
  }

  /** The explanation box's label while the workspace is open. */
  explanationLabel() {
    return (LABELS[this.material?.language] ?? LABELS.sql).explanation;
  }

  get code() { return this.editor.value; }

  set code(text) { this.editor.value = text; }

  /** The submission: { text, code, notes }, or null when there is neither code nor explanation. */
  compose(notes) {
    const code = this.editor.value.replace(/\s+$/, '');
    const explanation = notes.trim();
    if (!code.trim() && !explanation) return null;
    if (!code.trim()) return { text: explanation, code: '', notes: explanation };
    const language = this.material?.language === 'openapi' ? (code.trimStart().startsWith('{') ? 'json' : 'yaml') : 'sql';
    const fence = fenceFor(code);
    const text = `${fence}${language}\n${code}\n${fence}${explanation ? `\n\n${explanation}` : ''}`;
    return { text, code, notes: explanation };
  }

  run() {
    if (!this.active || !this.material.runnable || this.running) return;
    if (!this.editor.value.trim()) {
      this.showMessage('Write some code first, then run it.');
      return;
    }
    this.onRun?.(this.editor.value);
  }

  setRunning(running) {
    this.running = running;
    this.runButton.disabled = running;
    this.status.textContent = running ? 'Running…' : '';
  }

  clearOutput() {
    clear(this.output);
    this.output.hidden = true;
    this.editor.clearMark();
    this.status.textContent = '';
  }

  showMessage(text) {
    this.output.replaceChildren(...runFailureView({ message: text }));
    this.output.hidden = false;
  }

  showResult(result) {
    this.setRunning(false);
    this.editor.clearMark();
    this.output.replaceChildren(...runResultView(result, { width: this.output.clientWidth || this.section.clientWidth || 800 }));
    this.output.hidden = false;
    this.status.textContent = 'Ran.';
  }

  /** A run_failed error: its words, the line marked in the gutter, the caret put there. */
  showFailure(error) {
    this.setRunning(false);
    this.output.replaceChildren(...runFailureView(error));
    this.output.hidden = false;
    this.status.textContent = 'Did not run.';
    const line = error.position?.line;
    if (line > 0) {
      this.editor.markLine(line, `Line ${line}: ${error.message ?? 'did not run'}`);
      this.editor.placeCaret(line, error.position.column ?? 1);
    }
  }
}

