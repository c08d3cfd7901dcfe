// The coach page's entry point: sign-in with a coach token (kept in sessionStorage), the pages
// behind it (#interviews, #interview=ID, #invites, #calibration), the alert and the status line.

import { el } from '../dom.js';
import { CoachApi, looksLikeCoachToken } from './coach-api.js';
import { loadToken, saveToken, forgetToken } from './coach-session.js';
import { ListView, FILTER_NAMES } from './list-view.js';
import { ReviewView } from './review-view.js';
import { InvitesView } from './invites-view.js';
import { CalibrationView } from './calibration-view.js';

const views = {
  signIn: document.getElementById('sign-in-view'),
  interviews: document.getElementById('interviews-view'),
  review: document.getElementById('review-view'),
  invites: document.getElementById('invites-view'),
  calibration: document.getElementById('calibration-view'),
};
const alertBox = document.getElementById('alert');
const statusLine = document.getElementById('status');
const nav = document.getElementById('coach-nav');
const identity = document.getElementById('coach-identity');
const signInForm = document.getElementById('sign-in-form');
const tokenInput = document.getElementById('token-input');

// One API client and one of each view for the page's life; signing in sets the token, signing
// out clears the token and every view, so nothing of one coach stays on screen for the next.
const api = new CoachApi({
  token: null,
  // What a refused field is called on the page (the filters', the forms' labels).
  fieldNames: {
    ...FILTER_NAMES, label: 'Label', plan: 'Role and stages', expires_at_ms: 'Expires on', text: 'Note', reason: 'Reason',
    score: 'Score', key_points: 'Key points', red_flags: 'Red flags', star: 'STAR parts',
  },
  onUnauthorized: () => { if (signedIn) signOut('Your token is no longer accepted (it may have been revoked). Sign in again.'); },
});
const common = { api, onError: showAlert, onStatus: showStatus, hideAlert };
const pages = {
  list: new ListView(common),
  review: new ReviewView({ ...common, container: views.review }),
  invites: new InvitesView({ ...common, onInvitesChanged: (invites) => pages.list.fillInvites(invites) }),
  calibration: new CalibrationView(common),
};
let signedIn = false;

function showView(name) {
  for (const [key, view] of Object.entries(views)) view.hidden = key !== name;
  document.body.dataset.view = name;
  for (const link of nav.querySelectorAll('[data-nav]')) {
    const current = link.dataset.nav === name || (name === 'review' && link.dataset.nav === 'interviews');
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function showAlert(text) {
  alertBox.replaceChildren(
    el('span', { class: 'alert-text', text }),
    el('button', { type: 'button', class: 'button quiet alert-dismiss', onclick: hideAlert }, 'Dismiss'));
  alertBox.hidden = false;
}

function hideAlert() {
  alertBox.hidden = true;
  alertBox.replaceChildren();
}

/** Says what just happened, on screen and to a screen reader (a copy that shows nothing, say). */
function showStatus(text) {
  statusLine.textContent = text;
}

function signOut(message) {
  forgetToken();
  api.token = null;
  signedIn = false;
  for (const page of Object.values(pages)) page.reset();
  identity.hidden = true;
  nav.hidden = true;
  tokenInput.value = '';
  showStatus('');
  showView('signIn');
  if (globalThis.location.hash) history.replaceState(null, '', globalThis.location.pathname);
  if (message) showAlert(message);
  else hideAlert();
  document.getElementById('sign-in-heading').focus();
}

/** Signs in with `token`: the server says who it belongs to, or refuses it. */
async function signIn(token, { remembered = false } = {}) {
  api.token = token;
  let me;
  try {
    me = await api.me();
  } catch (error) {
    api.token = null;
    if (remembered) signOut(error.status === 401 ? 'Your session ended: the token is no longer accepted. Sign in again.' : error.message);
    else {
      showAlert(error.status === 401
        ? 'That token was not accepted. Check that you pasted all of it; a revoked token no longer works (ask an administrator for a new one).'
        : error.message);
      tokenInput.focus();
    }
    return;
  }
  saveToken(token);
  signedIn = true;
  hideAlert();
  document.getElementById('coach-name').textContent = me.name;
  document.getElementById('coach-role').textContent = me.role === 'admin' ? 'administrator' : 'coach';
  pages.list.showIdentity(me);
  identity.hidden = false;
  nav.hidden = false;
  await route({ focus: true });
}

async function route({ focus = false } = {}) {
  if (!signedIn) return;
  const hash = globalThis.location.hash;
  const review = /^#interview=([A-Za-z0-9_-]+)(?:&turn=(\d+))?$/.exec(hash);
  try {
    if (review) {
      showView('review');
      await pages.review.open(review[1], { focusTurn: review[2] ?? null });
      return;
    }
    const name = hash === '#invites' ? 'invites' : hash === '#calibration' ? 'calibration' : 'interviews';
    showView(name);
    if (focus || hash) document.getElementById(`${name}-heading`).focus();
    if (name === 'invites') await pages.invites.open();
    else if (name === 'calibration') await pages.calibration.open();
    else await pages.list.open();
  } catch (error) {
    if (signedIn) showAlert(error.message);
  }
}

globalThis.addEventListener('hashchange', () => {
  hideAlert();
  showStatus('');
  route({ focus: true });
});

signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (!looksLikeCoachToken(token)) {
    showAlert('That is not a coach token: it starts with mic_ and has 43 more letters, digits, - or _. Paste all of it.');
    tokenInput.focus();
    return;
  }
  signIn(token);
});

document.getElementById('sign-out').addEventListener('click', () => signOut());

const remembered = loadToken();
if (remembered) signIn(remembered, { remembered: true });
else {
  showView('signIn');
  showStatus('');
}
