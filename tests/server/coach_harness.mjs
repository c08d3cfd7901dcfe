// Helpers for the coach API tests: coach accounts through the real CLI, interviews held over the
// real WebSocket, and a small RFC 4180 reader for the CSV export.
import { execFileSync } from 'node:child_process';
import { BINARY, Client, http } from './harness.mjs';

/** `mock-interviewer coach add NAME [--admin]`: returns { token, shareCode, output }. */
export function addCoach(db, name, { admin = false } = {}) {
  const output = execFileSync(BINARY, ['coach', 'add', name, '--db', db, ...(admin ? ['--admin'] : [])], { encoding: 'utf8' });
  const token = /token \(shown once, keep it safe\): (mic_[A-Za-z0-9_-]{43})$/m.exec(output)?.[1];
  const shareCode = /share code ([A-Z0-9]{8})/.exec(output)?.[1];
  if (!token || !shareCode) throw new Error(`coach add printed no token or share code:\n${output}`);
  return { name, token, shareCode, output };
}

export function coachCli(db, ...args) {
  return execFileSync(BINARY, ['coach', ...args, '--db', db], { encoding: 'utf8' });
}

/** Runs SQL on the database with the sqlite3 shell (a test package), e.g. to age an interview. */
export function sql(db, statement) {
  return execFileSync('sqlite3', [db, statement], { encoding: 'utf8' });
}

export const INVITE_PLAN = Object.freeze({
  role: 'backend-developer', stages: ['hr'], industry: 'startup', seniority: 'mid',
  questions_per_stage: 2, follow_ups_per_question: 0,
});

/** Joins an interview and sends each answer in turn; resolves with every event received. */
export async function answer(wsUrl, interview, answers) {
  const client = await Client.open(wsUrl);
  const events = (await client.join(interview)).events.map((entry) => entry.event);
  for (const text of answers) {
    const frames = await client.exchange({ type: 'answer', text });
    if (frames[0].type !== 'ack') throw new Error(`answer refused: ${JSON.stringify(frames[0])}`);
    for (const frame of frames.slice(1)) events.push(frame.event);
  }
  await client.close();
  return events;
}

export async function startFromInvite(base, code, seed = 7) {
  const response = await http(base, '/api/v1/interviews', { method: 'POST', body: { invite: code, seed } });
  if (response.status !== 201) throw new Error(`start from invite failed: ${response.status} ${response.text}`);
  return response.json;
}

export async function createInvite(base, token, body) {
  const response = await http(base, '/api/v1/invites', { method: 'POST', token, body });
  if (response.status !== 201) throw new Error(`invite failed: ${response.status} ${response.text}`);
  return response.json.invite;
}

/** RFC 4180: rows of fields; quoted fields may hold commas, quotes (doubled) and line breaks. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field); field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i += 1;
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/**
 * An http() that also checks every API response against docs/openapi.json (status documented,
 * body matching its schema), finding the documented route of the concrete path.
 */
export function checkedHttp(rawHttp, getValidator) {
  return async (base, pathname, options = {}) => {
    const response = await rawHttp(base, pathname, options);
    const api = getValidator();
    if (api && pathname.startsWith('/api/')) {
      const method = (options.method ?? 'GET').toUpperCase();
      const concrete = pathname.split('?')[0];
      const route = Object.keys(api.document.paths).find((template) => {
        if (!api.document.paths[template][method.toLowerCase()]) return false;
        const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
        return pattern.test(concrete);
      });
      if (route) api.check(method, route, response);
    }
    return response;
  };
}
