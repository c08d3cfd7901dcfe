// The REST API against its description: the server serves docs/openapi.json as it is in the
// source tree, and every documented operation answers, on a real server, with a status the
// document lists and a body its schema accepts. The route table and the document are compared
// both ways in C++ (tests/server/api_route_table_test.cpp); this checks the bodies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, createInterview, http, SHORT_PLAN, SOURCE_DIR, startServer, STRONG_ANSWER, tempDir } from './harness.mjs';
import { genericHeaders, post } from './fake_chat_api.mjs';
import { OpenApiValidator } from './openapi_validator.mjs';

// The tags of the operations this file covers; the coach, invite and profile operations are
// covered by their own test files, each asserting the same for its tags.
const TAGS = ['Operations', 'Interviews', 'Start page', 'Chat platforms'];
const GENERIC_SECRET = 'generic-secret-for-openapi-tests-42';

/** Answers until the report; returns the events seen. */
async function finishOverWebSocket(wsUrl, interview) {
  const client = await Client.open(wsUrl);
  await client.join(interview);
  for (let turn = 0; turn < 20; turn += 1) {
    const frames = await client.exchange({ type: 'answer', text: STRONG_ANSWER, client_id: `answer-${turn}` });
    if (frames.turn.state.status === 'finished') break;
  }
  await client.close();
}

describe('docs/openapi.json on a real server', () => {
  let temp;
  let server;
  let api;
  before(async () => {
    temp = tempDir();
    server = await startServer({ db: temp.db, env: { MI_WEBHOOK_SECRET: GENERIC_SECRET } });
    api = await OpenApiValidator.fromServer(server.base);
  });
  after(async () => {
    await server?.stop();
    temp?.cleanup();
  });

  test('the served document is docs/openapi.json of this source tree', async () => {
    const source = JSON.parse(readFileSync(path.join(SOURCE_DIR, 'docs/openapi.json'), 'utf8'));
    const served = await http(server.base, '/api/v1/openapi.json');
    api.check('GET', '/api/v1/openapi.json', served);
    assert.deepEqual(served.json, source);
    assert.equal(served.json.openapi, '3.1.0');
  });

  test('operations and start-page lists answer as documented', async () => {
    api.check('GET', '/healthz', await http(server.base, '/healthz'));
    api.check('GET', '/readyz', await http(server.base, '/readyz'));
    const metrics = api.check('GET', '/metrics', await http(server.base, '/metrics'));
    assert.match(metrics, /^mi_open_connections \d+$/m);
    api.check('GET', '/api/v1/roles', await http(server.base, '/api/v1/roles'));
    api.check('GET', '/api/v1/industries', await http(server.base, '/api/v1/industries'));
    api.check('GET', '/api/v1/seniorities', await http(server.base, '/api/v1/seniorities'));
    const stages = api.check('GET', '/api/v1/stages', await http(server.base, '/api/v1/stages?role=backend-developer'));
    assert.ok(stages.stages.length >= 5);
    const missing = api.check('GET', '/api/v1/stages', await http(server.base, '/api/v1/stages'));
    assert.equal(missing.error.code, 'missing_parameter');
    const unknown = api.check('GET', '/api/v1/stages', await http(server.base, '/api/v1/stages?role=astronaut'));
    assert.equal(unknown.error.code, 'role_not_found');
  });

  test('a wrong method is a documented 405 that names the right one, on every documented path', async () => {
    for (const operation of api.operations(TAGS)) {
      const [method, route] = operation.split(' ');
      const concrete = route.replace('{interview_id}', '0123456789abcdef0123456789abcdef');
      // A method the path does not document (DELETE is a real operation on some paths now).
      const wrong = ['PUT', 'PATCH', 'DELETE'].find((candidate) => !api.document.paths[route][candidate.toLowerCase()]);
      const refused = api.check(method, route, await http(server.base, concrete, { method: wrong }));
      assert.equal(refused.error.code, 'method_not_allowed', operation);
      assert.match(refused.error.message, new RegExp(`use ${method}`), operation);
    }
  });

  test('an unknown API path is a 404 that points to this document', async () => {
    const answer = await http(server.base, '/api/v1/interviewz');
    assert.equal(answer.status, 404);
    assert.equal(answer.json.error.code, 'not_found');
    assert.match(answer.json.error.message, /openapi\.json/);
  });

  test('an interview created, read, refused and finished answers as documented', async () => {
    const created = api.check('POST', '/api/v1/interviews',
      await http(server.base, '/api/v1/interviews', { method: 'POST', body: SHORT_PLAN }));
    const route = '/api/v1/interviews/{interview_id}';
    const at = `/api/v1/interviews/${created.interview_id}`;
    const open = api.check('GET', route, await http(server.base, at, { token: created.token }));
    assert.equal(open.report, null);
    api.check('GET', route, await http(server.base, at));
    api.check('GET', route, await http(server.base, at, { token: 'not-the-token' }));
    api.check('GET', route, await http(server.base, '/api/v1/interviews/ffffffffffffffffffffffffffffffff', { token: created.token }));

    const invalid = api.check('POST', '/api/v1/interviews',
      await http(server.base, '/api/v1/interviews', { method: 'POST', body: { role: 'backend-developer', seniority: 'wizard', stages: ['lunch'] } }));
    assert.equal(invalid.error.code, 'invalid_plan');
    assert.ok(invalid.error.details.length >= 2);
    const malformed = api.check('POST', '/api/v1/interviews',
      await http(server.base, '/api/v1/interviews', { method: 'POST', body: '{"role": ' }));
    assert.equal(malformed.error.code, 'malformed_json');

    const interview = await createInterview(server.base);
    await finishOverWebSocket(server.wsUrl, interview);
    const finished = api.check('GET', route, await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token }));
    assert.equal(finished.status, 'finished');
    assert.equal(typeof finished.report_markdown, 'string');
  });

  test('the chat routes answer as documented: signed, refused, switched off, and the signed report', async () => {
    const send = (text, key) => {
      const body = JSON.stringify({ conversation_id: 'openapi-1', user_id: 'casey', text });
      return post(server.base, '/api/v1/webhooks/generic', body, genericHeaders(GENERIC_SECRET, body, { idempotencyKey: key }));
    };
    let reply = api.check('POST', '/api/v1/webhooks/generic', await send('/start hr junior', 'k-start'));
    for (let turn = 0; turn < 20 && !reply.report_url; turn += 1) {
      reply = api.check('POST', '/api/v1/webhooks/generic', await send(STRONG_ANSWER, `k-${turn}`));
    }
    assert.ok(reply.report_url, 'the chat interview finished with a report link');
    const unsigned = await post(server.base, '/api/v1/webhooks/generic', '{"conversation_id":"x","user_id":"y","text":"hi"}',
      { 'content-type': 'application/json' });
    assert.equal(api.check('POST', '/api/v1/webhooks/generic', unsigned).error.code, 'unauthorized');

    // The link opens the web client (/#report=ID&sig=SIG), which reads the report from the API.
    const link = new URLSearchParams(new URL(reply.report_url, server.base).hash.slice(1));
    const reportPath = `/api/v1/reports/${link.get('report')}?sig=${link.get('sig')}`;
    const report = api.check('GET', '/api/v1/reports/{interview_id}', await http(server.base, reportPath));
    assert.equal(report.status, 'finished');
    const forged = await http(server.base, reportPath.replace(/sig=[^&]+/, 'sig=forged'));
    api.check('GET', '/api/v1/reports/{interview_id}', forged);
    assert.equal(forged.status, 401);

    for (const platform of ['slack', 'telegram']) {
      const off = await post(server.base, `/api/v1/webhooks/${platform}`, '{}', { 'content-type': 'application/json' });
      assert.equal(api.check('POST', `/api/v1/webhooks/${platform}`, off).error.code, 'not_found');
    }
  });

  test('every documented operation of these tags was exercised above', () => {
    api.assertExercised(TAGS);
  });

  test('every documented operation has a tag that some test file covers', () => {
    // coach_api.test.mjs asserts Coaches, Invites and Sharing; profiles.test.mjs asserts Profiles.
    const covered = new Set([...TAGS, 'Coaches', 'Invites', 'Sharing', 'Profiles']);
    // Add a file's tags here when it asserts assertExercised for them.
    for (const tag of api.document.tags.map((t) => t.name)) {
      assert.ok(covered.has(tag), `no test file asserts that the operations tagged "${tag}" were exercised`);
    }
  });
});
