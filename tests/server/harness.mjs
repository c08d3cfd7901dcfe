// Shared helpers for the server integration tests: start the real binary on an ephemeral
// loopback port, talk to it over real HTTP and WebSocket connections.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

export const BINARY = process.env.MI_BINARY ?? path.resolve('build/mock-interviewer');
export const SOURCE_DIR = process.env.MI_SOURCE_DIR ?? path.resolve('.');

/** A temporary folder for a test's database, removed by cleanup(). */
export function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'mi-server-it-'));
  return { dir, db: path.join(dir, 'interviews.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `mock-interviewer serve --port 0` and resolves once it printed its one stdout line,
 * "listening on http://HOST:PORT/". Extra flags in `args`; `content` replaces the content folder.
 */
export async function startServer({ db, content = path.join(SOURCE_DIR, 'content'), args = [], env = {} } = {}) {
  const child = spawn(BINARY, [
    'serve', '--host', '127.0.0.1', '--port', '0', '--db', db,
    '--content', content, '--web', path.join(SOURCE_DIR, 'web'),
    '--shutdown-timeout-ms', '3000', ...args,
  ], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s; stderr:\n${stderr}`)), 20000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /^listening on (http:\/\/[^\s]+\/)\n/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before listening; stderr:\n${stderr}`));
    });
  });
  const base = url.replace(/\/$/, '');
  return {
    child,
    base,
    wsUrl: `${base.replace(/^http/, 'ws')}/ws`,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    /** Sends a signal and resolves with { code, signal } once the process exited. */
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** An HTTP request without keep-alive (so connection counts in tests stay exact). */
export async function http(base, pathname, { method = 'GET', body, token, headers = {} } = {}) {
  const response = await fetch(base + pathname, {
    method,
    headers: {
      connection: 'close',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, headers: response.headers, text, json };
}

export const SHORT_PLAN = Object.freeze({
  role: 'backend-developer', stages: ['hr'], industry: 'none', seniority: 'mid',
  questions_per_stage: 2, follow_ups_per_question: 1, seed: 7,
});

export async function createInterview(base, plan = SHORT_PLAN) {
  const response = await http(base, '/api/v1/interviews', { method: 'POST', body: plan });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${response.text}`);
  return response.json;
}

/** A WebSocket client that queues every message so tests can await them in order. */
export class Client {
  static async open(wsUrl, options = {}) {
    const client = new Client(new WebSocket(wsUrl, options));
    await new Promise((resolve, reject) => {
      client.socket.once('open', resolve);
      client.socket.once('error', reject);
      client.socket.once('unexpected-response', (request, response) => {
        reject(Object.assign(new Error(`handshake refused with HTTP ${response.statusCode}`), { status: response.statusCode }));
      });
    });
    return client;
  }

  constructor(socket) {
    this.socket = socket;
    this.queue = [];
    this.waiters = [];
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`socket closed ${code} ${reason}`));
      });
    });
    socket.on('error', () => { /* reported through close */ });
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(message);
      else this.queue.push(message);
    });
  }

  send(message) {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify({ v: 1, ...message }));
  }

  /** The next message, in arrival order. */
  next(timeoutMs = 10000) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.closeInfo) return Promise.reject(new Error(`socket closed ${this.closeInfo.code} ${this.closeInfo.reason}`));
    return new Promise((resolve, reject) => {
      const waiter = { resolve: (m) => { clearTimeout(timer); resolve(m); }, reject: (e) => { clearTimeout(timer); reject(e); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async join(interview, lastSeq = 0) {
    this.send({ type: 'join', interview_id: interview.interview_id, token: interview.token, last_seq: lastSeq });
    const joined = await this.next();
    if (joined.type !== 'joined') throw new Error(`join answered with ${JSON.stringify(joined)}`);
    return joined;
  }

  /**
   * Sends an answer (or command) and collects its frames until the turn ends: an `error`
   * (returned as the only frame), or `turn_complete` (kept apart as `frames.turn`, so the array
   * holds the ack and the events).
   */
  async exchange(message) {
    this.send(message);
    const frames = [];
    for (;;) {
      const frame = await this.next();
      if (frame.type === 'turn_complete') {
        frames.turn = frame;
        return frames;
      }
      frames.push(frame);
      if (frame.type === 'error') return frames;
    }
  }

  close(code = 1000) {
    this.socket.close(code);
    return this.closed;
  }
}

export const STRONG_ANSWER =
  'At my last company, a fintech startup, I led a team of four backend developers building a payments API in Go ' +
  'and PostgreSQL. The task was to cut checkout latency, which was hurting conversion. I profiled the service, ' +
  'added Redis caching and rewrote two slow SQL queries with proper indexes, and we added integration tests in CI. ' +
  'As a result p95 latency dropped from 800 ms to 200 ms, a 75% improvement, and conversion rose 12% in two months.';

export const WEAK_ANSWER = 'I am a hard worker and I like computers.';

/** Resolves once `probe()` returns a truthy value, checking every `everyMs`; fails after `timeoutMs`. */
export async function waitFor(probe, { timeoutMs = 10000, everyMs = 20, what = 'the condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The server's open connections as /metrics counts them, less the request that asks. */
export async function openConnections(base) {
  const metrics = await http(base, '/metrics');
  return Number(/^mi_open_connections (\d+)$/m.exec(metrics.text)[1]) - 1;
}
