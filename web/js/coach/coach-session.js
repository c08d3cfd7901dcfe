// The coach's token lives in sessionStorage only: it is gone when the tab closes or the coach signs
// out, and other tabs never see it. Never localStorage (a shared computer keeps that for good).

const KEY = 'mock-interviewer.coach-token.v1';

export function loadToken(storage = globalThis.sessionStorage) {
  try {
    return storage.getItem(KEY) || null;
  } catch {
    return null;
  }
}

export function saveToken(token, storage = globalThis.sessionStorage) {
  storage.setItem(KEY, token);
}

export function forgetToken(storage = globalThis.sessionStorage) {
  storage.removeItem(KEY);
}
