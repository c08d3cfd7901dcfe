// Invite links: a plan (role, stages, company type, seniority) with a label and an optional
// expiry; each link can be copied and expired. A candidate opening one starts that plan.

import { el, clear } from '../dom.js';
import { countOf } from '../wording.js';
import { formatDate, formatDay, itemsOf, idOf, nameOf, capitalise } from './format.js';

const NO_INDUSTRY = 'none';
const DEFAULT_SENIORITY = 'mid';
/** A press of Expire only asks; a second press within this time expires the link. */
const CONFIRM_MS = 5000;

export class InvitesView {
  constructor({ root = document, api, onError, onStatus, hideAlert, onInvitesChanged }) {
    this.api = api;
    this.onError = onError;
    this.onStatus = onStatus;
    this.hideAlert = hideAlert;
    this.onInvitesChanged = onInvitesChanged;
    this.form = root.getElementById('invite-form');
    this.stages = root.getElementById('invite-stages');
    this.list = root.getElementById('invite-list');
    this.loaded = false;
    this.stageNames = new Map();
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.create();
    });
    this.form.elements.role.addEventListener('change', () => this.loadStages().catch((error) => this.onError(error.message)));
  }

  reset() {
    this.loaded = false;
    this.form.reset();
    clear(this.list);
  }

  async open() {
    if (!this.loaded) {
      const [roles, industries, seniorities] = await Promise.all([this.api.roles(), this.api.industries(), this.api.seniorities()]);
      fillSelect(this.form.elements.role, itemsOf(roles, 'roles'));
      const industryItems = itemsOf(industries, 'industries');
      fillSelect(this.form.elements.industry, industryItems.some((item) => idOf(item) === NO_INDUSTRY)
        ? industryItems : [{ id: NO_INDUSTRY, name: 'No particular company type' }, ...industryItems], NO_INDUSTRY);
      fillSelect(this.form.elements.seniority, itemsOf(seniorities, 'seniorities'), DEFAULT_SENIORITY);
      await this.loadStages();
      this.loaded = true;
    }
    await this.refresh();
  }

  async loadStages() {
    clear(this.stages);
    for (const stage of itemsOf(await this.api.stages(this.form.elements.role.value), 'stages')) {
      this.stageNames.set(idOf(stage), nameOf(stage));
      const inputId = `invite-stage-${idOf(stage)}`;
      this.stages.append(el('label', { for: inputId },
        el('input', { type: 'checkbox', id: inputId, name: 'stages', value: idOf(stage), checked: true }),
        el('span', {}, nameOf(stage))));
    }
  }

  async refresh(focusSelector) {
    const invites = itemsOf(await this.api.listInvites(), 'invites');
    this.onInvitesChanged?.(invites);
    clear(this.list);
    if (!invites.length) this.list.append(el('li', { class: 'field-hint', text: 'No invite link yet.' }));
    for (const invite of invites) this.list.append(this.inviteItem(invite));
    if (focusSelector) this.list.querySelector(focusSelector)?.focus();
  }

  plan() {
    const elements = this.form.elements;
    return {
      role: elements.role.value,
      stages: [...this.stages.querySelectorAll('input[name="stages"]:checked')].map((box) => box.value),
      industry: elements.industry.value || NO_INDUSTRY,
      seniority: elements.seniority.value || DEFAULT_SENIORITY,
    };
  }

  async create() {
    const label = this.form.elements.label.value.trim();
    if (!label) {
      this.onError('Give the link a label: the candidate sees it.');
      this.form.elements.label.focus();
      return;
    }
    const plan = this.plan();
    if (!plan.stages.length) {
      this.onError('Choose at least one stage for the interview.');
      this.stages.querySelector('input')?.focus();
      return;
    }
    const body = { label, plan };
    const expires = this.form.elements.expires.value;
    if (expires) {
      // The end of the chosen day, in the coach's time zone.
      const end = new Date(`${expires}T23:59:59.999`);
      if (Number.isNaN(end.getTime())) {
        this.onError('“Expires on” is not a date.');
        this.form.elements.expires.focus();
        return;
      }
      if (end.getTime() <= Date.now()) {
        this.onError('“Expires on” is in the past: the link would never work.');
        this.form.elements.expires.focus();
        return;
      }
      body.expires_at_ms = end.getTime();
    }
    const button = this.form.querySelector('[type="submit"]');
    button.disabled = true;
    try {
      const { invite } = await this.api.createInvite(body);
      this.hideAlert();
      this.form.elements.label.value = '';
      this.form.elements.expires.value = '';
      await this.refresh(`[data-invite-id="${CSS.escape(String(invite.id))}"] .copy-link`);
      this.onStatus(`Invite link “${invite.label}” created.`);
    } catch (error) {
      this.onError(error.message);
    } finally {
      button.disabled = false;
    }
  }

  inviteItem(invite) {
    const url = new URL(invite.url ?? `/?invite=${encodeURIComponent(invite.code)}`, globalThis.location.origin).href;
    const plan = invite.plan ?? {};
    const linkId = `invite-url-${invite.id}`;
    const facts = [
      invite.expired ? 'Expired' : 'Active',
      `created ${formatDate(invite.created_at_ms)}`,
      invite.expires_at_ms && !invite.expired ? `expires ${formatDay(invite.expires_at_ms)}` : '',
      countOf(invite.interviews ?? 0, 'interview') + ' started',
    ].filter(Boolean);
    const planWords = [capitalise(plan.role), Array.isArray(plan.stages) ? plan.stages.map((id) => this.stageNames.get(id) ?? capitalise(id)).join(', ') : 'every stage',
      capitalise(plan.seniority), plan.industry && plan.industry !== NO_INDUSTRY ? capitalise(plan.industry) : ''].filter(Boolean);
    const urlInput = el('input', { type: 'text', id: linkId, class: 'invite-url', value: url, readonly: true });
    const copy = el('button', { type: 'button', class: 'button copy-link', onclick: () => this.copy(url, urlInput) }, 'Copy link');
    const expire = invite.expired ? null : el('button', { type: 'button', class: 'button danger expire-link' }, 'Expire');
    if (expire) {
      let timer = null;
      expire.addEventListener('click', async () => {
        if (expire.dataset.armed !== 'true') {
          expire.dataset.armed = 'true';
          expire.textContent = 'Press again to expire';
          timer = setTimeout(() => { expire.dataset.armed = 'false'; expire.textContent = 'Expire'; }, CONFIRM_MS);
          return;
        }
        clearTimeout(timer);
        expire.disabled = true;
        try {
          await this.api.expireInvite(invite.id);
          this.hideAlert();
          await this.refresh(`[data-invite-id="${CSS.escape(String(invite.id))}"] .copy-link`);
          this.onStatus(`Invite link “${invite.label}” expired: it no longer starts interviews.`);
        } catch (error) {
          expire.disabled = false;
          this.onError(error.message);
        }
      });
    }
    return el('li', { class: `invite${invite.expired ? ' expired' : ''}`, dataset: { inviteId: invite.id, code: invite.code } },
      el('h3', { text: invite.label }),
      el('p', { class: 'summary-facts invite-state', text: facts.join(' · ') }),
      el('p', { class: 'summary-facts', text: `Plan: ${planWords.join(' · ')}` }),
      el('div', { class: 'invite-link-row' },
        el('label', { for: linkId, class: 'sr-only', text: `Link for ${invite.label}` }),
        urlInput, copy, expire));
  }

  async copy(url, input) {
    try {
      await navigator.clipboard.writeText(url);
      this.onStatus('Link copied.');
    } catch {
      // No clipboard permission: the link is selected for Ctrl+C instead.
      input.focus();
      input.select();
      this.onStatus('The link is selected: press Ctrl+C to copy it.');
    }
  }
}

function fillSelect(select, items, preferred) {
  clear(select);
  for (const item of items) select.append(el('option', { value: idOf(item), text: nameOf(item) }));
  if (preferred !== undefined && items.some((item) => idOf(item) === preferred)) select.value = preferred;
}
