// REST endpoints, health, readiness, metrics, static files, and graceful shutdown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, createInterview, http, SHORT_PLAN, startServer, STRONG_ANSWER, tempDir } from './harness.mjs';

describe('HTTP endpoints', () => {
  let server;
  let temp;
  before(async () => {
    temp = tempDir();
    server = await startServer({ db: temp.db, args: ['--max-http-body-bytes', '4096'] });
  });
  after(async () => {
    await server?.stop();
    temp?.cleanup();
  });

  test('prints exactly one line, the URL, to stdout', () => {
    assert.match(server.stdout(), /^listening on http:\/\/127\.0\.0\.1:\d+\/\n$/);
  });

  test('healthz and readyz report a working server', async () => {
    const health = await http(server.base, '/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(health.json, { status: 'ok' });
    const ready = await http(server.base, '/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json, { status: 'ready', problems: [] });
  });

  test('the start-page lists come from the content', async () => {
    const roles = await http(server.base, '/api/v1/roles');
    assert.equal(roles.status, 200);
    assert.ok(roles.json.roles.some((role) => role.id === 'backend-developer' && role.title));
    const stages = await http(server.base, '/api/v1/stages?role=backend-developer');
    assert.equal(stages.status, 200);
    assert.equal(stages.json.stages[0].id, 'hr');
    assert.ok(stages.json.stages.every((stage) => stage.name && typeof stage.focus_areas === 'string'));
    const industries = await http(server.base, '/api/v1/industries');
    assert.deepEqual(industries.json.industries.map((industry) => industry.id).sort(), ['agency', 'enterprise', 'startup']);
    const seniorities = await http(server.base, '/api/v1/seniorities');
    assert.deepEqual(seniorities.json.seniorities.map((level) => level.id), ['junior', 'mid', 'senior']);
  });

  test('list errors say what was missing or unknown', async () => {
    const missing = await http(server.base, '/api/v1/stages');
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.code, 'missing_parameter');
    const unknown = await http(server.base, '/api/v1/stages?role=astronaut');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'role_not_found');
    assert.match(unknown.json.error.message, /backend-developer/);
    const nothing = await http(server.base, '/api/v1/nothing');
    assert.equal(nothing.status, 404);
    assert.equal(nothing.json.error.code, 'not_found');
    const wrongMethod = await http(server.base, '/api/v1/roles', { method: 'DELETE' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.json.error.code, 'method_not_allowed');
  });

  test('creating an interview returns its id and a token; the token reads it back', async () => {
    const created = await http(server.base, '/api/v1/interviews', { method: 'POST', body: SHORT_PLAN });
    assert.equal(created.status, 201);
    assert.match(created.json.interview_id, /^[0-9a-f]{32}$/);
    assert.match(created.json.token, /^[A-Za-z0-9_-]{43}$/);
    const read = await http(server.base, `/api/v1/interviews/${created.json.interview_id}`, { token: created.json.token });
    assert.equal(read.status, 200);
    assert.equal(read.json.status, 'in_progress');
    assert.equal(read.json.role, 'backend-developer');
    assert.equal(read.json.events.length, 3);
    assert.equal(read.json.report, null);
    assert.equal(read.json.state.awaiting.kind, 'question');
  });

  test('reading an interview needs its token', async () => {
    const interview = await createInterview(server.base);
    const url = `/api/v1/interviews/${interview.interview_id}`;
    const none = await http(server.base, url);
    assert.equal(none.status, 401);
    assert.equal(none.json.error.code, 'unauthorized');
    const wrong = await http(server.base, url, { token: 'not-the-token' });
    assert.equal(wrong.status, 401);
    const unknown = await http(server.base, '/api/v1/interviews/0000', { token: interview.token });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'interview_not_found');
  });

  test('an invalid plan is refused with every problem listed', async () => {
    const badRole = await http(server.base, '/api/v1/interviews', { method: 'POST', body: { role: 'astronaut' } });
    assert.equal(badRole.status, 400);
    assert.equal(badRole.json.error.code, 'invalid_plan');
    assert.match(badRole.json.error.message, /astronaut/);
    const badStage = await http(server.base, '/api/v1/interviews', {
      method: 'POST', body: { role: 'backend-developer', stages: ['lunch'], seniority: 'wizard' },
    });
    assert.equal(badStage.status, 400);
    assert.equal(badStage.json.error.code, 'invalid_plan');
    assert.ok(badStage.json.error.details.length >= 1);
    const notJson = await http(server.base, '/api/v1/interviews', { method: 'POST', body: '{"role":' });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.json.error.code, 'malformed_json');
    // A key given twice would silently lose one of its values; it is refused, saying which key.
    const twice = await http(server.base, '/api/v1/interviews', {
      method: 'POST', body: '{"role": "backend-developer", "seniority": "junior", "seniority": "senior"}',
    });
    assert.equal(twice.status, 400);
    assert.equal(twice.json.error.code, 'malformed_json');
    assert.match(twice.json.error.message, /"seniority" appears more than once/);
    const tooLarge = await http(server.base, '/api/v1/interviews', { method: 'POST', body: { role: 'x'.repeat(5000) } });
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.json.error.code, 'body_too_large');
  });

  test('static files are served with their types, and nothing outside web/', async () => {
    const index = await http(server.base, '/');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /^text\/html/);
    // The page may run and reach only this server's own files and endpoints.
    const policy = index.headers.get('content-security-policy');
    assert.match(policy, /default-src 'self'/);
    assert.match(policy, /script-src 'self'/);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(index.headers.get('referrer-policy'), 'no-referrer');
    assert.match(index.text, /<html/i);
    const script = await http(server.base, '/js/main.js');
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type'), /^text\/javascript/);
    for (const target of ['/../CMakeLists.txt', '/%2e%2e/CMakeLists.txt', '/js/../../README.md', '/missing.html']) {
      const refused = await http(server.base, target);
      assert.equal(refused.status, 404, target);
      assert.equal(refused.json.error.code, 'not_found');
    }
    const plain = await http(server.base, '/ws');
    assert.equal(plain.status, 426);
  });

  test('metrics count connections, interviews, scored answers, latencies and errors', async () => {
    const interview = await createInterview(server.base);
    const client = await Client.open(server.wsUrl);
    await client.join(interview);
    await client.exchange({ type: 'answer', text: STRONG_ANSWER });
    client.send('not json');
    await client.next();
    const metrics = await http(server.base, '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    assert.match(metrics.text, /^mi_open_connections [1-9]\d*$/m);
    assert.match(metrics.text, /^mi_active_interviews [1-9]\d*$/m);
    assert.match(metrics.text, /^mi_answers_scored_total [1-9]\d*$/m);
    assert.match(metrics.text, /^mi_scoring_latency_seconds_count [1-9]\d*$/m);
    assert.match(metrics.text, /^mi_feedback_latency_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
    assert.match(metrics.text, /^mi_errors_total\{kind="malformed_json"\} [1-9]\d*$/m);
    await client.close();
  });
});

describe('readiness and shutdown', () => {
  test('readyz says not ready, and why, when no content is loaded', async () => {
    const temp = tempDir();
    const emptyContent = path.join(temp.dir, 'content');
    mkdirSync(path.join(emptyContent, 'roles'), { recursive: true });
    const server = await startServer({ db: temp.db, content: emptyContent });
    try {
      const ready = await http(server.base, '/readyz');
      assert.equal(ready.status, 503);
      assert.equal(ready.json.status, 'not_ready');
      assert.match(ready.json.problems.join(' '), /role pack/);
      assert.equal((await http(server.base, '/healthz')).status, 200);
    } finally {
      await server.stop();
      temp.cleanup();
    }
  });

  test('SIGTERM sends open clients close 1001, commits what was under way and exits 0', async () => {
    const temp = tempDir();
    const server = await startServer({ db: temp.db });
    const interview = await createInterview(server.base);
    const idle = await Client.open(server.wsUrl);
    const busy = await Client.open(server.wsUrl);
    await busy.join(interview);
    busy.send({ type: 'answer', text: STRONG_ANSWER });
    const exit = server.stop('SIGTERM');
    const [idleClosed, busyClosed] = await Promise.all([idle.closed, busy.closed]);
    assert.equal(idleClosed.code, 1001);
    assert.equal(busyClosed.code, 1001);
    assert.deepEqual(await exit, { code: 0, signal: null });
    // If the answer was acknowledged before the close, it is in the database.
    const acked = busy.queue.find((message) => message.type === 'ack');
    const restarted = await startServer({ db: temp.db });
    try {
      const stored = await http(restarted.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
      const answers = stored.json.events.filter((entry) => entry.event.type === 'answer_received');
      if (acked) assert.equal(answers.length, 1);
      assert.ok(answers.length <= 1);
    } finally {
      await restarted.stop();
      temp.cleanup();
    }
  });
});
