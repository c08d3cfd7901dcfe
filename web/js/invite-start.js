// A coach's invite link, `/?invite=CODE`: the start page shows the invite's label and who sent it,
// and starts the interview with the invite's plan (the server takes the plan from the code; the
// page sends only the code, and the seed of `?seed=N` when there is one).

import { el, clear } from './dom.js';
import * as api from './api.js';

export function inviteCodeFromAddress(location = globalThis.location) {
  const code = new URLSearchParams(location.search).get('invite');
  return code && /^[A-Za-z0-9_-]{1,64}$/.test(code) ? code : null;
}

/** The address without `invite=`: a later "Start a new interview" is the candidate's own choice. */
export function forgetInviteInAddress(location = globalThis.location) {
  const params = new URLSearchParams(location.search);
  if (!params.has('invite')) return;
  params.delete('invite');
  const search = params.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

function refusal(error) {
  if (error.status === 410 || error.code === 'invite_expired') return 'This invite link has expired. Ask your coach for a new one, or choose an interview yourself below.';
  if (error.status === 404 || error.code === 'invite_not_found') return 'This invite link is not known to the server. Check the address with your coach, or choose an interview yourself below.';
  return `${error.message} The invite could not be read; you can choose an interview yourself below.`;
}

/**
 * Shows the invite in `box` and hides `form`, or leaves the form when the address has no invite
 * or the server refuses it. `start(body, role)` creates the interview.
 */
export async function offerInvite({ box, form, stageNames, seed, start, onError }) {
  const code = inviteCodeFromAddress();
  box.hidden = true;
  form.hidden = false;
  if (!code) return;
  let invite;
  try {
    invite = await api.getInvite(code);
  } catch (error) {
    onError(refusal(error));
    return;
  }
  const plan = invite.plan ?? {};
  const stages = Array.isArray(plan.stages) ? plan.stages.map((id) => stageNames.get(id) ?? id).join(', ') : 'every stage';
  const button = el('button', { type: 'button', class: 'button primary', id: 'invite-start' }, 'Start the interview');
  clear(box).append(
    el('h2', { id: 'invite-heading', text: invite.label }),
    el('p', { text: invite.coach ? `${invite.coach} invited you to this interview.` : 'You were invited to this interview.' }),
    el('p', { class: 'field-hint', id: 'invite-plan', text: `Stages: ${stages}.` }),
    el('p', { class: 'field-hint', text: 'Your coach sees this interview, its answers and scores.' }),
    el('div', { class: 'form-actions' }, button));
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'Starting…';
    try {
      await start(seed === null ? { invite: code } : { invite: code, seed }, plan.role);
      forgetInviteInAddress();
    } catch (error) {
      onError(error.status === 410 || error.status === 404 ? refusal(error) : error.message);
    } finally {
      button.disabled = false;
      button.textContent = 'Start the interview';
    }
  });
  box.hidden = false;
  form.hidden = true;
}
