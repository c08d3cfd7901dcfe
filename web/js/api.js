// REST calls under /api/v1. Every failure becomes an ApiError whose message is a sentence for
// the candidate; the raw response is never shown.

import { describeServerError } from './messages.js';

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(message, { status = 0, code = '' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

async function request(path, { method = 'GET', body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError('The server could not be reached. Check that it is running, then try again.');
  }
  if (response.status === 204) return {};
  let payload = null;
  const text = await response.text();
  if (text) {
    try { payload = JSON.parse(text); } catch { payload = null; }
  }
  if (!response.ok) {
    const error = payload && typeof payload === 'object' ? (payload.error ?? payload) : {};
    throw new ApiError(describeServerError(error.code, error.message, response.status), {
      status: response.status, code: error.code ?? '',
    });
  }
  if (payload === null) throw new ApiError('The server sent an answer this page could not read. Please try again.');
  return payload;
}

/** The list inside a response that is either a bare array or an object holding one. */
function listOf(payload, ...keys) {
  if (Array.isArray(payload)) return payload;
  for (const key of keys) if (Array.isArray(payload?.[key])) return payload[key];
  const arrays = Object.values(payload ?? {}).filter(Array.isArray);
  return arrays.length === 1 ? arrays[0] : [];
}

export async function listRoles() {
  return listOf(await request('/roles'), 'roles');
}

export async function listStages(roleId) {
  return listOf(await request(`/stages?role=${encodeURIComponent(roleId)}`), 'stages');
}

export async function listIndustries() {
  return listOf(await request('/industries'), 'industries');
}

export async function listSeniorities() {
  return listOf(await request('/seniorities'), 'seniorities');
}

/** Creates an interview; resolves to { interview_id, token }. */
export async function createInterview(plan) {
  const created = await request('/interviews', { method: 'POST', body: plan });
  if (!created.interview_id || !created.token) {
    throw new ApiError('The server did not return a new interview. Please try again.');
  }
  return created;
}

export async function getInterview(interviewId, token) {
  return request(`/interviews/${encodeURIComponent(interviewId)}`, { token });
}

/** The interview behind a signed report link from a chat (#report=ID&sig=SIG): read-only, no token. */
export async function getSignedReport(interviewId, signature) {
  return request(`/reports/${encodeURIComponent(interviewId)}?sig=${encodeURIComponent(signature)}`);
}

// ---------- invites, sharing with a coach, deleting (docs/coaching.md) ----------

/** The invite behind `/?invite=CODE`: { label, plan, coach }. No credential. */
export async function getInvite(code) {
  return request(`/invites/by-code/${encodeURIComponent(code)}`);
}

export async function listShares(interviewId, token) {
  return listOf(await request(`/interviews/${encodeURIComponent(interviewId)}/shares`, { token }), 'shares');
}

export async function addShare(interviewId, token, shareCode) {
  return request(`/interviews/${encodeURIComponent(interviewId)}/shares`, { method: 'POST', body: { share_code: shareCode }, token });
}

export async function withdrawShare(interviewId, token, shareCode) {
  return request(`/interviews/${encodeURIComponent(interviewId)}/shares/${encodeURIComponent(shareCode)}`, { method: 'DELETE', token });
}

/** Erases the interview's answers on the server; resolves to { deleted, answers_erased }. */
export async function deleteInterview(interviewId, token) {
  return request(`/interviews/${encodeURIComponent(interviewId)}`, { method: 'DELETE', token });
}

// ---------- the practice profile (docs/profiles.md) ----------

/** A new profile: { profile_id, secret, recovery_code } (the secret and code are shown once). */
export async function createProfile() {
  return request('/profiles', { method: 'POST', body: {} });
}

/** This device's own secret for the profile a recovery code belongs to: { profile_id, secret }. */
export async function recoverProfile(recoveryCode) {
  return request('/profiles/recover', { method: 'POST', body: { recovery_code: recoveryCode } });
}

export async function getProfile(secret) {
  return request('/profiles/me', { token: secret });
}

/** An interview the profile owns; resolves like createInterview. */
export async function startProfileInterview(secret, plan) {
  const created = await request('/profiles/me/interviews', { method: 'POST', body: plan, token: secret });
  if (!created.interview_id || !created.token) throw new ApiError('The server did not return a new interview. Please try again.');
  return created;
}

export async function getProgress(secret) {
  return request('/profiles/me/progress', { token: secret });
}

export async function getDrillPlan(secret) {
  return request('/profiles/me/drill', { token: secret });
}

export async function startDrill(secret) {
  return request('/profiles/me/drills', { method: 'POST', body: {}, token: secret });
}

export async function exportProfile(secret) {
  return request('/profiles/me/export', { token: secret });
}

export async function deleteProfile(secret) {
  return request('/profiles/me', { method: 'DELETE', token: secret });
}
