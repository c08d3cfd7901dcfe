// The current interview's id and candidate token, kept in localStorage so that a reload (or a
// closed tab) resumes the interview. Nothing else about the interview is stored in the browser:
// the server replays it.

const KEY = 'mock-interviewer.session.v1';

export function loadSession(storage = globalThis.localStorage) {
  try {
    const saved = JSON.parse(storage.getItem(KEY) ?? 'null');
    if (saved && typeof saved.interviewId === 'string' && typeof saved.token === 'string') return saved;
  } catch { /* unreadable entry: treat as none */ }
  return null;
}

export function saveSession(session, storage = globalThis.localStorage) {
  storage.setItem(KEY, JSON.stringify({
    interviewId: session.interviewId,
    token: session.token,
    role: session.role ?? '',
    finished: Boolean(session.finished),
    startedAt: session.startedAt ?? new Date().toISOString(),
  }));
}

export function markFinished(storage = globalThis.localStorage) {
  const saved = loadSession(storage);
  if (saved) saveSession({ ...saved, finished: true }, storage);
}

export function forgetSession(storage = globalThis.localStorage) {
  storage.removeItem(KEY);
}
