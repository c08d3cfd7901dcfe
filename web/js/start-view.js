// The start page: role, stages, company type and seniority from the server's lists; creates the
// interview and hands its id and token on.

import { el, clear } from './dom.js';
import * as api from './api.js';
import { offerInvite } from './invite-start.js';

const NO_INDUSTRY = 'none';
const DEFAULT_SENIORITY = 'mid';

const idOf = (item) => (typeof item === 'string' ? item : item.id);
const nameOf = (item) => (typeof item === 'string' ? capitalise(item) : (item.name ?? item.title ?? capitalise(item.id)));

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1).replace(/[-_]/g, ' ') : '';
}

export class StartView {
  /**
   * onStarted({ interviewId, token }) is called once the server created the interview;
   * `create(plan)` creates it (the page's practice profile owns it: main.js).
   */
  constructor({ root = document, onStarted, onError, create = api.createInterview }) {
    this.create = create;
    this.form = root.getElementById('start-form');
    this.roleSelect = root.getElementById('role-select');
    this.stageOptions = root.getElementById('stage-options');
    this.industrySelect = root.getElementById('industry-select');
    this.senioritySelect = root.getElementById('seniority-select');
    this.taskField = root.getElementById('task-field');
    this.taskLabel = root.getElementById('task-label');
    this.taskSelect = root.getElementById('task-select');
    this.startButton = root.getElementById('start-button');
    this.earlier = root.getElementById('earlier-interviews');
    this.earlierList = root.getElementById('earlier-list');
    this.onStarted = onStarted;
    this.onError = onError;
    this.stageNames = new Map();
    this.loaded = false;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.roleSelect.addEventListener('change', () => this.loadStages().catch((error) => this.onError(error.message)));
    this.stageOptions.addEventListener('change', () => this.showTaskChoice());
  }

  /** Fills the form from the server's lists (once). */
  async load() {
    if (this.loaded) return;
    this.startButton.disabled = true;
    const [roles, industries, seniorities] = await Promise.all([
      api.listRoles(), api.listIndustries(), api.listSeniorities(),
    ]);
    if (!roles.length) throw new Error('The server has no interview roles to offer yet.');
    fillSelect(this.roleSelect, roles);
    const industryItems = industries.some((item) => idOf(item) === NO_INDUSTRY)
      ? industries : [{ id: NO_INDUSTRY, name: 'No particular company type' }, ...industries];
    fillSelect(this.industrySelect, industryItems, NO_INDUSTRY);
    fillSelect(this.senioritySelect, seniorities, DEFAULT_SENIORITY);
    await this.loadStages();
    this.loaded = true;
    this.startButton.disabled = false;
    await offerInvite({
      box: document.getElementById('invite-box'),
      form: this.form,
      stageNames: this.stageNames,
      seed: seedFromAddress(),
      start: async (body, role) => {
        const created = await api.createInterview(body);
        this.onStarted({ interviewId: created.interview_id, token: created.token, role });
      },
      onError: this.onError,
    });
  }

  /** This browser's finished interviews, newest first, each a link to its report (#report=ID). */
  showEarlierInterviews(history) {
    clear(this.earlierList);
    this.earlier.hidden = !history.length;
    for (const item of history) {
      const when = item.startedAt ? new Date(item.startedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
      const score = Number.isFinite(item.score) ? `${item.score} / 100` : 'not scored';
      this.earlierList.append(el('li', {},
        el('a', { href: `#report=${encodeURIComponent(item.interviewId)}` }, `Report: ${item.roleTitle || capitalise(item.role) || 'Interview'}`),
        el('span', { class: 'option-note', text: [when, score].filter(Boolean).join(' · ') })));
    }
  }

  async loadStages() {
    const stages = await api.listStages(this.roleSelect.value);
    clear(this.stageOptions);
    this.stagesWithTasks = new Map();
    for (const stage of stages) {
      if (stage.practical_tasks?.length) this.stagesWithTasks.set(idOf(stage), { name: nameOf(stage), tasks: stage.practical_tasks });
      this.stageNames.set(idOf(stage), nameOf(stage));
      const inputId = `stage-${idOf(stage)}`;
      this.stageOptions.append(el('label', { for: inputId },
        el('input', { type: 'checkbox', id: inputId, name: 'stages', value: idOf(stage), checked: true }),
        el('span', {}, nameOf(stage),
          stage.focus_areas ? el('span', { class: 'option-note', text: stage.focus_areas }) : null)));
    }
    this.showTaskChoice();
  }

  /** The practical task, when a chosen stage has some (the Coding Challenge): drawn at random unless chosen. */
  showTaskChoice() {
    const chosen = [...this.stageOptions.querySelectorAll('input[name="stages"]:checked')].map((box) => box.value);
    const stage = chosen.map((id) => this.stagesWithTasks?.get(id)).find(Boolean);
    this.taskField.hidden = !stage;
    if (!stage) return;
    const previous = this.taskSelect.value;
    this.taskLabel.textContent = `Practical task (${stage.name})`;
    fillSelect(this.taskSelect, [{ id: '', name: 'Drawn at random' },
      ...stage.tasks.map((task) => ({ id: task.id, name: task.runs ? `${task.name} — runs your code` : task.name }))], previous);
  }

  plan() {
    const stages = [...this.stageOptions.querySelectorAll('input[name="stages"]:checked')].map((box) => box.value);
    const plan = {
      role: this.roleSelect.value,
      stages,
      industry: this.industrySelect.value || NO_INDUSTRY,
      seniority: this.senioritySelect.value || DEFAULT_SENIORITY,
    };
    if (!this.taskField.hidden && this.taskSelect.value) plan.practical_task = this.taskSelect.value;
    const seed = seedFromAddress();
    if (seed !== null) plan.seed = seed;
    return plan;
  }

  async submit() {
    const plan = this.plan();
    if (!plan.stages.length) {
      this.onError('Choose at least one stage for the interview.');
      this.stageOptions.querySelector('input')?.focus();
      return;
    }
    this.startButton.disabled = true;
    this.startButton.textContent = 'Starting…';
    try {
      const created = await this.create(plan);
      this.onStarted({ interviewId: created.interview_id, token: created.token, role: plan.role });
    } catch (error) {
      this.onError(error.message);
    } finally {
      this.startButton.disabled = false;
      this.startButton.textContent = 'Start the interview';
    }
  }
}

/**
 * `?seed=N` in the page's address: the interview is the same every time with the same answers
 * (the server picks questions with it). For replaying a run, and what the browser tests use.
 */
function seedFromAddress(location = globalThis.location) {
  const value = new URLSearchParams(location.search).get('seed');
  return value !== null && /^\d{1,9}$/.test(value) ? Number(value) : null;
}

function fillSelect(select, items, preferred) {
  clear(select);
  for (const item of items) select.append(el('option', { value: idOf(item), text: nameOf(item) }));
  if (preferred !== undefined && items.some((item) => idOf(item) === preferred)) select.value = preferred;
}
