// What this browser keeps in localStorage: the current interview's id and candidate token (a
// reload or a closed tab resumes it), the unsent draft of an answer, and the list of earlier
// interviews with their tokens (the start page links to their reports), and the practice profile's
// id and secret (docs/profiles.md). Nothing else about an interview is stored here: the server
// replays it.

const KEY = 'mock-interviewer.session.v1';
const HISTORY_KEY = 'mock-interviewer.history.v1';
const DRAFT_KEY = 'mock-interviewer.draft.v1';
const CODE_DRAFT_KEY = 'mock-interviewer.code-draft.v1';
/** Earlier interviews kept for the start page; older ones drop off. */
const MAX_HISTORY = 20;

function readJson(storage, key, fallback) {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null') ?? fallback;
  } catch {
    return fallback;                   // unreadable entry: treat as none
  }
}

export function loadSession(storage = globalThis.localStorage) {
  const saved = readJson(storage, KEY, null);
  if (saved && typeof saved.interviewId === 'string' && typeof saved.token === 'string') return saved;
  return null;
}

export function saveSession(session, storage = globalThis.localStorage) {
  const entry = {
    interviewId: session.interviewId,
    token: session.token,
    role: session.role ?? '',
    finished: Boolean(session.finished),
    startedAt: session.startedAt ?? new Date().toISOString(),
  };
  storage.setItem(KEY, JSON.stringify(entry));
  return entry;
}

/** Marks the current interview finished and files it among the earlier ones, with its result. */
export function markFinished({ roleTitle = '', score = null } = {}, storage = globalThis.localStorage) {
  const saved = loadSession(storage);
  if (!saved) return;
  const entry = saveSession({ ...saved, finished: true }, storage);
  rememberInterview({ ...entry, roleTitle, score }, storage);
}

export function forgetSession(storage = globalThis.localStorage) {
  const saved = loadSession(storage);
  if (saved) clearDraft(saved.interviewId, storage);
  storage.removeItem(KEY);
}

// ---------- earlier interviews ----------

/** Finished interviews, newest first: [{ interviewId, token, role, roleTitle, score, startedAt }]. */
export function loadHistory(storage = globalThis.localStorage) {
  const list = readJson(storage, HISTORY_KEY, []);
  return Array.isArray(list) ? list.filter((item) => typeof item?.interviewId === 'string' && typeof item.token === 'string') : [];
}

function rememberInterview(entry, storage) {
  const others = loadHistory(storage).filter((item) => item.interviewId !== entry.interviewId);
  storage.setItem(HISTORY_KEY, JSON.stringify([entry, ...others].slice(0, MAX_HISTORY)));
}

export function forgetInterview(interviewId, storage = globalThis.localStorage) {
  storage.setItem(HISTORY_KEY, JSON.stringify(loadHistory(storage).filter((item) => item.interviewId !== interviewId)));
}

// ---------- the unsent draft ----------

export function loadDraft(interviewId, storage = globalThis.localStorage) {
  const draft = readJson(storage, DRAFT_KEY, null);
  return draft?.interviewId === interviewId && typeof draft.text === 'string' ? draft.text : '';
}

export function saveDraft(interviewId, text, storage = globalThis.localStorage) {
  if (!text) clearDraft(interviewId, storage);
  else storage.setItem(DRAFT_KEY, JSON.stringify({ interviewId, text }));
}

export function clearDraft(interviewId, storage = globalThis.localStorage) {
  if (readJson(storage, DRAFT_KEY, null)?.interviewId === interviewId) storage.removeItem(DRAFT_KEY);
}

// ---------- the code of a practical task that runs, not yet submitted ----------

export function loadCodeDraft(interviewId, itemId, storage = globalThis.localStorage) {
  const draft = readJson(storage, CODE_DRAFT_KEY, null);
  return draft?.interviewId === interviewId && draft.itemId === itemId && typeof draft.text === 'string' ? draft.text : '';
}

export function saveCodeDraft(interviewId, itemId, text, storage = globalThis.localStorage) {
  if (!text) storage.removeItem(CODE_DRAFT_KEY);
  else storage.setItem(CODE_DRAFT_KEY, JSON.stringify({ interviewId, itemId, text }));
}

// ---------- the practice profile ----------

const PROFILE_KEY = 'mock-interviewer.profile.v1';

/**
 * The practice profile of this browser: { profileId, secret, recoveryCode? }, or null. The
 * recovery code is kept only until the candidate says they wrote it down.
 */
export function loadProfile(storage = globalThis.localStorage) {
  const saved = readJson(storage, PROFILE_KEY, null);
  return saved && typeof saved.profileId === 'string' && typeof saved.secret === 'string' ? saved : null;
}

export function saveProfile({ profileId, secret, recoveryCode }, storage = globalThis.localStorage) {
  storage.setItem(PROFILE_KEY, JSON.stringify(recoveryCode ? { profileId, secret, recoveryCode } : { profileId, secret }));
}

export function forgetProfile(storage = globalThis.localStorage) {
  storage.removeItem(PROFILE_KEY);
}
