// On the report page, with the interview's own token: share it with a coach (by the coach's
// share code), see and withdraw the shares, and delete the interview (its answers are erased on
// the server). Docs: docs/coaching.md, "For candidates: sharing and deleting".

import { el, clear } from './dom.js';
import * as api from './api.js';
import { countOf } from './wording.js';

/** Returns the section; `onDeleted(text)` is called once the server erased the interview. */
export function sharingSection({ interviewId, token, onDeleted }) {
  const status = el('p', { class: 'share-status', role: 'status', 'aria-live': 'polite' });
  const problem = el('p', { class: 'share-problem', role: 'alert', hidden: true });
  const list = el('ul', { class: 'share-list', id: 'share-list' });
  const input = el('input', { type: 'text', id: 'share-code-input', name: 'share_code', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'share-code-hint', required: true });
  const shareButton = el('button', { type: 'submit', class: 'button', id: 'share-button' }, 'Share');

  const say = (text) => { problem.hidden = true; status.textContent = text; };
  const complain = (text) => { status.textContent = ''; problem.textContent = text; problem.hidden = false; };

  async function showShares() {
    let shares;
    try {
      shares = await api.listShares(interviewId, token);
    } catch (error) {
      complain(`${error.message} The list of coaches it is shared with cannot be shown.`);
      return;
    }
    clear(list);
    if (!shares.length) list.append(el('li', { class: 'field-hint', text: 'Not shared with any coach.' }));
    for (const share of shares) {
      const withdraw = el('button', { type: 'button', class: 'button quiet danger withdraw-share' },
        'Withdraw', el('span', { class: 'sr-only', text: ` the share with ${share.coach}` }));
      withdraw.addEventListener('click', async () => {
        withdraw.disabled = true;
        try {
          await api.withdrawShare(interviewId, token, share.share_code);
          await showShares();
          say(`Withdrawn: ${share.coach} can no longer read this interview.`);
          input.focus();
        } catch (error) {
          withdraw.disabled = false;
          complain(error.message);
        }
      });
      list.append(el('li', { class: 'share', dataset: { shareCode: share.share_code } },
        el('span', { class: 'share-coach', text: share.coach }),
        el('span', { class: 'option-note', text: ` · code ${share.share_code}` }),
        withdraw));
    }
  }

  const form = el('form', { class: 'share-form', novalidate: true },
    el('label', { for: 'share-code-input', text: 'Coach’s share code' }),
    el('p', { class: 'field-hint', id: 'share-code-hint', text: 'Your coach gives you this code. Sharing lets them read your answers, scores and this report.' }),
    el('div', { class: 'composer-row' }, input, shareButton));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = input.value.trim();
    if (!code) {
      complain('Type the share code your coach gave you first.');
      input.focus();
      return;
    }
    shareButton.disabled = true;
    try {
      const { share } = await api.addShare(interviewId, token, code);
      input.value = '';
      await showShares();
      say(`Shared with ${share?.coach ?? 'the coach'}.`);
    } catch (error) {
      complain(error.status === 404 || error.status === 400
        ? 'No coach has that share code. Check it with your coach and try again.' : error.message);
      input.focus();
    } finally {
      shareButton.disabled = false;
    }
  });

  // Deleting asks first, in words, and the question can be answered either way from the keyboard.
  const deleteButton = el('button', { type: 'button', class: 'button danger', id: 'delete-interview' }, 'Delete this interview');
  const confirmBox = el('div', { class: 'delete-confirm', id: 'delete-confirm', hidden: true },
    el('p', { text: 'This erases your answers on the server for good, also for every coach you shared it with. Only counts are kept. It cannot be undone.' }));
  const confirmYes = el('button', { type: 'button', class: 'button danger', id: 'delete-confirm-yes' }, 'Yes, delete it for good');
  const confirmNo = el('button', { type: 'button', class: 'button', id: 'delete-confirm-no' }, 'Keep it');
  confirmBox.append(el('div', { class: 'delete-actions' }, confirmYes, confirmNo));
  deleteButton.addEventListener('click', () => {
    confirmBox.hidden = false;
    deleteButton.hidden = true;
    confirmNo.focus();
  });
  confirmNo.addEventListener('click', () => {
    confirmBox.hidden = true;
    deleteButton.hidden = false;
    deleteButton.focus();
  });
  confirmYes.addEventListener('click', async () => {
    confirmYes.disabled = true;
    try {
      const result = await api.deleteInterview(interviewId, token);
      const erased = Number.isFinite(result.answers_erased) ? ` (${countOf(result.answers_erased, 'answer')} erased)` : '';
      onDeleted(`Your interview was deleted${erased}.`);
    } catch (error) {
      confirmYes.disabled = false;
      complain(error.message);
    }
  });

  showShares();
  return el('section', { class: 'report-section sharing no-print', id: 'sharing', 'aria-labelledby': 'sharing-heading' },
    el('h2', { id: 'sharing-heading', text: 'Share with a coach' }),
    form,
    problem,
    status,
    el('h3', { text: 'Shared with' }),
    list,
    el('h3', { text: 'Delete this interview' }),
    el('p', { class: 'field-hint', text: 'Removes what you answered from the server. The report in this browser goes too.' }),
    deleteButton,
    confirmBox);
}
