// The interview list: every filter of GET /api/v1/coach/interviews, full-text search in the
// answers, and cursor pagination ("More interviews" appends the next page).

import { el, clear } from '../dom.js';
import { countOf } from '../wording.js';
import { STATUS_WORDS, formatDate, scoreText, itemsOf, idOf, nameOf, capitalise } from './format.js';

/** The filters' names as the form's labels say them (for errors that name a field). */
export const FILTER_NAMES = {
  q: 'Search the answers', created_from: 'Created from', created_to: 'Created up to', role: 'Role', stage: 'Stage',
  industry: 'Company type', seniority: 'Seniority', status: 'Status', invite: 'Invite link',
  score_min: 'Score at least', score_max: 'Score at most', sort: 'Order', cursor: 'More interviews', limit: 'page size',
};

const PAGE_SIZE = 20;

export class ListView {
  constructor({ root = document, api, onError, onStatus }) {
    this.api = api;
    this.onError = onError;
    this.onStatus = onStatus;
    this.form = root.getElementById('filter-form');
    this.list = root.getElementById('interview-list');
    this.summary = root.getElementById('list-summary');
    this.more = root.getElementById('list-more');
    this.shareNote = root.getElementById('share-code-note');
    this.query = null;
    this.nextCursor = null;
    this.shown = 0;
    this.listsLoaded = false;
    // Each listing asked for gets the next number; an answer to any but the newest is dropped, so a
    // slow listing arriving after a quicker search cannot replace what the search found.
    this.lastRequest = 0;
    this.resetAfter = 0;
    this.pending = 0;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.search();
    });
    // "Clear filters" lists again once the form has cleared itself (after the reset event).
    this.form.addEventListener('reset', () => { if (this.query) setTimeout(() => this.search(), 0); });
    this.form.elements.role.addEventListener('change', () => this.loadStages().catch((error) => this.onError(error.message)));
    this.more.addEventListener('click', () => this.loadMore());
    if (globalThis.matchMedia?.('(max-width: 640px)').matches) root.getElementById('more-filters').open = false;
  }

  /** Forgets what was listed (signing out). */
  reset() {
    this.query = null;
    this.nextCursor = null;
    this.shown = 0;
    this.listsLoaded = false;
    // A listing still on its way belongs to the coach who left.
    this.resetAfter = ++this.lastRequest;
    this.list.removeAttribute('aria-busy');
    this.form.reset();
    clear(this.list);
    this.summary.textContent = '';
    this.shareNote.textContent = '';
    this.more.hidden = true;
  }

  showIdentity(me) {
    this.shareNote.textContent = me.role === 'admin'
      ? `You are an administrator: you see every interview. Candidates share with you using the code ${me.share_code}.`
      : `You see the interviews started from your invite links and those candidates shared with you. Your share code, for candidates to type on their report page: ${me.share_code}`;
  }

  /** Fills the role, stage, company type, seniority and invite filters (once), then lists. */
  async open() {
    if (!this.listsLoaded) {
      const [roles, industries, seniorities, invites] = await Promise.all([
        this.api.roles(), this.api.industries(), this.api.seniorities(), this.api.listInvites(),
      ]);
      fillSelect(this.form.elements.role, itemsOf(roles, 'roles'), 'Any role');
      fillSelect(this.form.elements.industry, itemsOf(industries, 'industries'), 'Any company type');
      fillSelect(this.form.elements.seniority, itemsOf(seniorities, 'seniorities'), 'Any seniority');
      this.fillInvites(itemsOf(invites, 'invites'));
      await this.loadStages();
      this.listsLoaded = true;
    }
    // Listed afresh each time (with the filters as they are): new interviews arrive all the time.
    await this.search();
  }

  fillInvites(invites) {
    const select = this.form.elements.invite;
    const previous = select.value;
    fillSelect(select, invites.map((invite) => ({ id: invite.id, name: invite.expired ? `${invite.label} (expired)` : invite.label })), 'Any, or none');
    select.value = previous && invites.some((invite) => String(invite.id) === previous) ? previous : '';
  }

  async loadStages() {
    const role = this.form.elements.role.value;
    const select = this.form.elements.stage;
    if (!role) {
      fillSelect(select, [], 'Any stage (choose a role first)');
      return;
    }
    fillSelect(select, itemsOf(await this.api.stages(role), 'stages'), 'Any stage');
  }

  /** The filters as query parameters, or a problem naming the field. */
  readFilters() {
    const data = new FormData(this.form);
    const query = {};
    for (const [key, value] of data.entries()) if (String(value).trim() !== '') query[key] = String(value).trim();
    for (const key of ['score_min', 'score_max']) {
      if (query[key] === undefined) continue;
      if (!/^\d{1,3}$/.test(query[key]) || Number(query[key]) > 100) {
        return { problem: `“${FILTER_NAMES[key]}” must be a whole number from 0 to 100.`, field: key };
      }
    }
    if (query.score_min !== undefined && query.score_max !== undefined && Number(query.score_min) > Number(query.score_max)) {
      return { problem: '“Score at least” is above “Score at most”: no interview can match.', field: 'score_min' };
    }
    if (query.created_from && query.created_to && query.created_from > query.created_to) {
      return { problem: '“Created from” is after “Created up to”: no interview can match.', field: 'created_from' };
    }
    query.limit = String(PAGE_SIZE);
    return { query };
  }

  async search() {
    const { query, problem, field } = this.readFilters();
    if (problem) {
      this.onError(problem);
      this.form.elements[field]?.focus();
      return;
    }
    this.summary.textContent = 'Loading…';
    // The list shown stays until the new one arrives: a refused filter loses nothing on screen.
    if (await this.fetchPage(query, null)) this.query = query;
  }

  async loadMore() {
    if (!this.nextCursor) return;
    const firstNew = this.list.children.length;
    await this.fetchPage(this.query, this.nextCursor);
    // Keyboard users continue where the new page starts.
    this.list.children[firstNew]?.querySelector('a')?.focus();
  }

  /**
   * Lists one page: the first of `query` (replacing the list) or the one at `cursor` (appended).
   * True once shown; false when refused, or overtaken by a newer listing (then nothing changes).
   * The list is aria-busy while any listing is on its way.
   */
  async fetchPage(query, cursor) {
    const request = ++this.lastRequest;
    const current = () => request === this.lastRequest;
    this.more.disabled = true;
    this.pending += 1;
    this.list.setAttribute('aria-busy', 'true');
    try {
      const page = await this.api.listInterviews(cursor ? { ...query, cursor } : query);
      const interviews = itemsOf(page, 'interviews');
      const roles = [...new Set(interviews.map((summary) => summary.role))];
      const names = new Map(await Promise.all(roles.map(async (role) => [role, await this.api.stageNames(role)])));
      if (!current()) return false;
      if (!cursor) {
        clear(this.list);
        this.shown = 0;
      }
      for (const summary of interviews) this.list.append(summaryItem(summary, names.get(summary.role)));
      this.shown += interviews.length;
      this.nextCursor = page.next_cursor ?? null;
      this.more.hidden = !this.nextCursor;
      this.summary.textContent = this.shown
        ? `${countOf(this.shown, 'interview')} shown${this.nextCursor ? '; more match' : ''}.`
        : 'No interview matches these filters.';
      return true;
    } catch (error) {
      if (!current()) return false;
      this.summary.textContent = this.shown ? `${countOf(this.shown, 'interview')} shown (from the filters before).` : '';
      this.onError(error.message);
      return false;
    } finally {
      this.pending -= 1;
      if (current()) this.more.disabled = false;
      if (this.pending === 0 && request > this.resetAfter) this.list.setAttribute('aria-busy', 'false');
    }
  }
}

function summaryItem(summary, stageNames = new Map()) {
  const facts = [
    STATUS_WORDS[summary.status] ?? capitalise(summary.status),
    formatDate(summary.created_at_ms),
    countOf(summary.answers ?? 0, 'answer'),
    [capitalise(summary.seniority), summary.industry && summary.industry !== 'none' ? capitalise(summary.industry) : ''].filter(Boolean).join(', '),
    summary.invite ? `invite: ${summary.invite.label}` : '',
    summary.shared ? 'shared by the candidate' : '',
  ].filter(Boolean);
  return el('li', { class: 'interview-summary', dataset: { interviewId: summary.interview_id } },
    el('div', { class: 'summary-head' },
      el('a', { href: `#interview=${encodeURIComponent(summary.interview_id)}`, class: 'summary-link' },
        capitalise(summary.role), el('span', { class: 'sr-only', text: `, ${formatDate(summary.created_at_ms)}` })),
      el('span', { class: 'score-badge', text: scoreText(summary.score) },
        summary.overridden ? el('span', { class: 'overridden-tag', text: ' · corrected' }) : null)),
    el('p', { class: 'summary-facts', text: facts.join(' · ') }),
    Array.isArray(summary.stages) && summary.stages.length
      ? el('p', { class: 'summary-facts', text: `Stages: ${summary.stages.map((id) => stageNames.get(id) ?? capitalise(id)).join(', ')}` }) : null,
    summary.snippet ? el('p', { class: 'summary-snippet' }, el('span', { class: 'sr-only', text: 'Matching words: ' }), `“${summary.snippet}”`) : null);
}

function fillSelect(select, items, anyLabel) {
  clear(select);
  select.append(el('option', { value: '', text: anyLabel }));
  for (const item of items) select.append(el('option', { value: idOf(item), text: nameOf(item) }));
}
