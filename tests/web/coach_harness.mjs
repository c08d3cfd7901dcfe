// Shared steps of the coach page's browser tests: coaches made with the real
// `mock-interviewer coach add` on the test server's database, invites and interviews through the
// real REST API and WebSocket, and signing in on web/coach.html.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { BINARY, SEED, SEND_PACING_MS } from './harness.mjs';
import { Client } from '../server/harness.mjs';
import { strongAnswer } from './answers.mjs';

const run = promisify(execFile);
const TOKEN = /\bmic_[A-Za-z0-9_-]{43}\b/;

export const PLAN = Object.freeze({ role: 'backend-developer', stages: ['hr'], industry: 'none', seniority: 'mid' });

function dbOf(server) {
  return path.join(server.dataDir, 'db');
}

/** `mock-interviewer coach add NAME [--admin]` on the server's database; resolves to the token it printed once. */
export async function addCoach(server, name, { admin = false } = {}) {
  const { stdout, stderr } = await run(BINARY, ['coach', 'add', name, ...(admin ? ['--admin'] : []), '--db', dbOf(server)]);
  const token = TOKEN.exec(stdout)?.[0];
  if (!token) throw new Error(`coach add printed no token:\n${stdout}\n${stderr}`);
  return token;
}

export async function revokeCoach(server, name) {
  await run(BINARY, ['coach', 'revoke', name, '--db', dbOf(server)]);
}

/** A REST call as a coach or a candidate; resolves to { status, json, text, headers }. */
export async function rest(server, pathname, { method = 'GET', body, token } = {}) {
  const response = await fetch(new URL(`/api/v1${pathname}`, server.url), {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, json, text, headers: response.headers };
}

export async function createInvite(server, token, { label, plan = PLAN, expiresAtMs } = {}) {
  const body = { label, plan, ...(expiresAtMs ? { expires_at_ms: expiresAtMs } : {}) };
  const response = await rest(server, '/invites', { method: 'POST', body, token });
  if (response.status !== 201) throw new Error(`invite not created: ${response.status} ${response.text}`);
  return response.json.invite;
}

/** The prompt the interviewer asked last in `events` (question or follow-up text), or null. */
function lastPrompt(events) {
  const prompts = events.filter((event) => event.type === 'question_asked' || event.type === 'follow_up');
  return prompts.length ? prompts[prompts.length - 1].text : null;
}

let lastSendAt = 0;
/** At a person's pace (see harness.mjs's pace): the server's real rate limit stays in force. */
async function pace() {
  const wait = lastSendAt + SEND_PACING_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  lastSendAt = Date.now();
}

/**
 * Starts an interview from `invite` over REST and holds it over the real WebSocket: `answers`
 * is a list of texts or of functions (prompt text → answer); `end` sends the End command after them.
 * Resolves to { interview_id, token }.
 */
export async function holdInterview(server, { invite, answers = [], end = true, seed = SEED }) {
  const created = await rest(server, '/interviews', { method: 'POST', body: { invite: invite.code, seed } });
  if (created.status !== 201) throw new Error(`interview not started from the invite: ${created.status} ${created.text}`);
  const interview = created.json;
  const wsUrl = server.url.replace(/^http/, 'ws') + '/ws';
  const client = await Client.open(wsUrl);
  try {
    const joined = await client.join(interview);
    const events = (joined.events ?? []).map((item) => item.event ?? item);
    for (const answer of answers) {
      await pace();
      const text = typeof answer === 'function' ? answer(lastPrompt(events)) : answer;
      const frames = await client.exchange({ type: 'answer', text });
      if (frames[0]?.type === 'error') throw new Error(`answer refused: ${JSON.stringify(frames[0])}`);
      for (const frame of frames) if (frame.type === 'event') events.push(frame.event);
    }
    if (end) {
      await pace();
      await client.exchange({ type: 'command', name: 'end' });
    }
  } finally {
    await client.close();
  }
  return interview;
}

/** A strong answer to whatever was asked (the role pack's own good answer and key points). */
export const strong = (prompt) => strongAnswer(prompt ?? '');

/** Opens the coach page and signs in; waits for the interview list. */
export async function signIn(page, server, token) {
  await page.goto(`${server.url}/coach.html`);
  await page.fill('#token-input', token);
  await page.click('#sign-in-button');
  await page.locator('#interviews-view').waitFor({ state: 'visible' });
  // The first listing done, and none on its way (the list is aria-busy until then).
  await page.locator('#interview-list[aria-busy="false"]').waitFor({ state: 'attached' });
}

/**
 * The page's problems less Chromium's own line for an HTTP error response the test provoked on
 * purpose ("Failed to load resource: … status of 401"): a refused token is expected to be refused.
 */
export function problemsExcept(page, statuses) {
  return page.problems.filter((problem) => !statuses.some((status) => problem.includes(`Failed to load resource: the server responded with a status of ${status}`)));
}
