// The coach API under /api/v1 (docs/coaching.md; the OpenAPI document at /api/v1/openapi.json is
// the reference). Every call carries the coach's token; every failure becomes a CoachApiError
// whose message is a sentence for the coach. A 401 also tells the page to sign out.

import { describeServerError } from '../messages.js';

const BASE = '/api/v1';

export class CoachApiError extends Error {
  constructor(message, { status = 0, code = '', field = '' } = {}) {
    super(message);
    this.name = 'CoachApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** The field a 400 names: `error.details` holds it alone for `invalid_parameter` and `missing_field`. */
function refusedField(error) {
  if (typeof error.field === 'string') return error.field;
  const details = Array.isArray(error.details) ? error.details : [];
  return ['invalid_parameter', 'missing_field'].includes(error.code) && details.length === 1 && /^[\w.:-]+$/.test(details[0]) ? details[0] : '';
}

/** The words for a refusal. A coach may read which field was refused; the page names it in its own words. */
function describeRefusal(error, status, fieldNames) {
  const field = refusedField(error);
  if (status === 401) {
    return 'Your coach token was not accepted: it is wrong, or it was revoked. Sign in again with a valid token.';
  }
  if (status === 404 && (error.code === 'interview_not_found' || error.code === 'not_found' || !error.code)) {
    return 'That is not there, or it is not among the interviews you may see.';
  }
  if (status === 400 && field) {
    // Coaches read the server's reason too (e.g. "the note has 4001 characters; at most 4000 are
    // kept"): it is written about their own input, and the limit is the server's to say.
    const name = fieldNames[field] ? `“${fieldNames[field]}”` : `the field “${field}”`;
    const reason = typeof error.message === 'string' && error.message ? `: ${error.message}` : '';
    return `The server did not accept ${name}${reason}. Check it and try again.`;
  }
  return describeServerError(error.code, error.message, status);
}

export class CoachApi {
  /** onUnauthorized() is called when the server refuses the token (revoked while signed in). */
  constructor({ token, onUnauthorized = () => {}, fieldNames = {} }) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
    this.fieldNames = fieldNames;
  }

  async send(path, { method = 'GET', body, raw = false } = {}) {
    const headers = { Accept: raw ? '*/*' : 'application/json', Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new CoachApiError('The server could not be reached. Check that it is running, then try again.');
    }
    if (response.ok && raw) return response;
    const text = await response.text();
    let payload = null;
    if (text) {
      try { payload = JSON.parse(text); } catch { payload = null; }
    }
    if (!response.ok) {
      const error = payload?.error && typeof payload.error === 'object' ? payload.error : {};
      if (response.status === 401) this.onUnauthorized();
      throw new CoachApiError(describeRefusal(error, response.status, this.fieldNames), {
        status: response.status, code: error.code ?? '', field: refusedField(error),
      });
    }
    if (response.status === 204) return {};
    if (payload === null) throw new CoachApiError('The server sent an answer this page could not read. Please try again.');
    return payload;
  }

  me() { return this.send('/coach/me'); }

  listInterviews(query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== '' && value !== null && value !== undefined) params.set(key, value);
    const search = params.toString();
    return this.send(`/coach/interviews${search ? `?${search}` : ''}`);
  }

  interview(id) { return this.send(`/coach/interviews/${encodeURIComponent(id)}`); }

  addNote(id, { text, turn }) {
    return this.send(`/coach/interviews/${encodeURIComponent(id)}/notes`, { method: 'POST', body: turn === undefined ? { text } : { text, turn } });
  }

  override(id, turn, change) {
    return this.send(`/coach/interviews/${encodeURIComponent(id)}/turns/${encodeURIComponent(turn)}/overrides`, { method: 'POST', body: change });
  }

  revert(id, auditId, reason) {
    return this.send(`/coach/interviews/${encodeURIComponent(id)}/audit/${encodeURIComponent(auditId)}/revert`, { method: 'POST', body: { reason } });
  }

  /** The export as a fetch Response (its body is read by the caller). */
  exportFile(id, format) {
    return this.send(`/coach/interviews/${encodeURIComponent(id)}/export?format=${encodeURIComponent(format)}`, { raw: true });
  }

  listInvites() { return this.send('/invites'); }

  createInvite(invite) { return this.send('/invites', { method: 'POST', body: invite }); }

  expireInvite(inviteId) { return this.send(`/invites/${encodeURIComponent(inviteId)}`, { method: 'DELETE' }); }

  calibration() { return this.send('/calibration'); }

  /** A role's stage names by id (asked once per role), for showing "HR Interview" rather than "hr". */
  async stageNames(role) {
    this.stageNameCache ??= new Map();
    if (!this.stageNameCache.has(role)) {
      const names = this.stages(role).then((payload) => new Map((payload?.stages ?? []).map((stage) => [stage.id, stage.name ?? stage.id])));
      names.catch(() => this.stageNameCache.delete(role));
      this.stageNameCache.set(role, names);
    }
    return this.stageNameCache.get(role).catch(() => new Map());
  }

  // The start page's lists: no credential needed, sent with it anyway (harmless, same origin).
  roles() { return this.send('/roles'); }
  stages(role) { return this.send(`/stages?role=${encodeURIComponent(role)}`); }
  industries() { return this.send('/industries'); }
  seniorities() { return this.send('/seniorities'); }
}

/** A token that can be one: `mic_` and 43 base64url characters (checked before asking the server). */
export function looksLikeCoachToken(text) {
  return /^mic_[A-Za-z0-9_-]{43}$/.test(text);
}
