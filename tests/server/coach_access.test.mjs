// The access matrix: every coach and candidate endpoint tried with every credential that must not
// open it — none, a malformed one, a revoked coach's, an expired invite's code, a candidate's token
// on a coach endpoint, another coach's, another candidate's on this interview — asserting the
// status and that the body holds none of the data behind it. Prints the count of pairs tried.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createInterview, http as rawHttp, startServer, tempDir } from './harness.mjs';
import { addCoach, answer, checkedHttp, coachCli, createInvite, INVITE_PLAN, startFromInvite } from './coach_harness.mjs';
import { OpenApiValidator } from './openapi_validator.mjs';

// Every refusal is also checked against docs/openapi.json: its status documented, its body an Error.
let api = null;
const http = checkedHttp(rawHttp, () => api);

const SECRET_ANSWER = 'Our team used Jira and the wombatcustard rollout plan to prioritise the backlog.';
const SECRET_NOTE = 'private note about pangolinsherbet';
const SECRET_LABEL = 'Cohort okapitoffee';

describe('coach API access matrix', () => {
  let server;
  let temp;
  let alice;
  let bob;
  let carol;
  let mine;        // alice's interview, from her invite, shared with nobody else
  let other;       // another candidate's interview
  let invite;
  let expired;
  let turn;
  let auditId;
  const secrets = [];

  before(async () => {
    temp = tempDir();
    alice = addCoach(temp.db, 'alice');
    bob = addCoach(temp.db, 'bob');
    carol = addCoach(temp.db, 'carol');
    coachCli(temp.db, 'revoke', 'carol');
    server = await startServer({ db: temp.db, args: ['--max-messages-per-second', '50'] });
    api = await OpenApiValidator.fromServer(server.base);
    invite = await createInvite(server.base, alice.token, { label: SECRET_LABEL, plan: INVITE_PLAN });
    expired = await createInvite(server.base, alice.token, { label: `${SECRET_LABEL} expired`, plan: INVITE_PLAN });
    assert.equal((await http(server.base, `/api/v1/invites/${expired.id}`, { method: 'DELETE', token: alice.token })).status, 200);
    mine = await startFromInvite(server.base, invite.code, 8);
    await answer(server.wsUrl, mine, [SECRET_ANSWER]);
    other = await createInterview(server.base);
    const review = await http(server.base, `/api/v1/coach/interviews/${mine.interview_id}`, { token: alice.token });
    turn = review.json.turns[0].turn;
    const note = await http(server.base, `/api/v1/coach/interviews/${mine.interview_id}/notes`, {
      method: 'POST', token: alice.token, body: { text: SECRET_NOTE },
    });
    assert.equal(note.status, 201);
    const override = await http(server.base, `/api/v1/coach/interviews/${mine.interview_id}/turns/${turn}/overrides`, {
      method: 'POST', token: alice.token, body: { reason: 'calibrating', score: 77 },
    });
    assert.equal(override.status, 201, override.text);
    auditId = override.json.audit[0].id;
    secrets.push('wombatcustard', 'pangolinsherbet', 'okapitoffee', invite.code, mine.token, alice.shareCode, 'alice');
  });
  after(async () => {
    await server?.stop();
    temp?.cleanup();
  });

  test('every endpoint refuses every credential that must not open it, and leaks nothing', async () => {
    const id = mine.interview_id;
    const credentials = {
      none: undefined,
      malformed: 'Bearer not a token!',
      revoked_coach: `Bearer ${carol.token}`,
      expired_invite: `Bearer ${expired.code}`,
      candidate_token: `Bearer ${mine.token}`,
      other_coach: `Bearer ${bob.token}`,
      other_candidate: `Bearer ${other.token}`,
    };
    // expected[credential]: the status; `open` means the credential is the right one (not tried).
    const coachObject = { none: 401, malformed: 401, revoked_coach: 401, expired_invite: 401, candidate_token: 401, other_coach: 404, other_candidate: 401 };
    const coachCollection = { ...coachObject, other_coach: 200 };   // bob gets his own (empty) list, none of alice's
    const candidateObject = { none: 401, malformed: 404, revoked_coach: 404, expired_invite: 404, candidate_token: 'open', other_coach: 404, other_candidate: 404 };
    // GET /api/v1/interviews/{id} predates this API: a token that does not open the interview is 401 there.
    const candidateRead = { ...candidateObject, malformed: 401, revoked_coach: 401, expired_invite: 401, other_coach: 401, other_candidate: 401 };
    const expiredInvite = Object.fromEntries(Object.keys(credentials).map((name) => [name, 410]));
    const endpoints = [
      ['GET', '/api/v1/coach/me', undefined, { ...coachCollection }],
      ['GET', '/api/v1/coach/interviews', undefined, coachCollection],
      ['GET', '/api/v1/coach/interviews?q=wombatcustard', undefined, coachCollection],
      ['GET', `/api/v1/coach/interviews/${id}`, undefined, coachObject],
      ['POST', `/api/v1/coach/interviews/${id}/notes`, { text: 'hello' }, coachObject],
      ['POST', `/api/v1/coach/interviews/${id}/turns/${turn}/overrides`, { reason: 'x', score: 10 }, coachObject],
      ['POST', `/api/v1/coach/interviews/${id}/audit/${auditId}/revert`, { reason: 'x' }, coachObject],
      ['GET', `/api/v1/coach/interviews/${id}/export?format=markdown`, undefined, coachObject],
      ['GET', `/api/v1/coach/interviews/${id}/export?format=json`, undefined, coachObject],
      ['GET', `/api/v1/coach/interviews/${id}/export?format=csv`, undefined, coachObject],
      ['GET', `/api/v1/coach/interviews/${id}/export?format=html`, undefined, coachObject],
      ['GET', '/api/v1/calibration', undefined, coachCollection],
      ['GET', '/api/v1/invites', undefined, coachCollection],
      ['POST', '/api/v1/invites', { label: 'new', plan: INVITE_PLAN }, { ...coachCollection, other_coach: 'open' }],
      ['DELETE', `/api/v1/invites/${invite.id}`, undefined, coachObject],
      ['GET', `/api/v1/interviews/${id}/shares`, undefined, candidateObject],
      ['POST', `/api/v1/interviews/${id}/shares`, { share_code: bob.shareCode }, candidateObject],
      ['DELETE', `/api/v1/interviews/${id}/shares/${alice.shareCode}`, undefined, candidateObject],
      ['DELETE', `/api/v1/interviews/${id}`, undefined, candidateObject],
      ['GET', `/api/v1/interviews/${id}`, undefined, candidateRead],
      ['GET', `/api/v1/invites/by-code/${expired.code}`, undefined, expiredInvite],
      ['POST', '/api/v1/interviews', { invite: expired.code }, expiredInvite],
    ];
    let pairs = 0;
    let refused = 0;
    const failures = [];
    for (const [method, path, body, expected] of endpoints) {
      for (const [name, authorization] of Object.entries(credentials)) {
        if (expected[name] === 'open') continue;
        pairs += 1;
        const response = await http(server.base, path, { method, body, headers: authorization ? { authorization } : {} });
        const where = `${method} ${path} with ${name}`;
        if (response.status !== expected[name]) failures.push(`${where}: ${response.status}, expected ${expected[name]}: ${response.text}`);
        if (response.status >= 400) {
          refused += 1;
          assert.deepEqual(Object.keys(response.json ?? {}), ['error'], `${where}: an error body only`);
          assert.ok(typeof response.json.error.code === 'string' && typeof response.json.error.message === 'string', where);
        }
        const leaked = secrets.filter((secret) => response.text.includes(secret));
        if (leaked.length) failures.push(`${where}: the body holds ${leaked.join(', ')}`);
      }
    }
    console.log(`access matrix: ${endpoints.length} endpoints x ${Object.keys(credentials).length} credentials = ${pairs} pairs tried, ` +
      `${refused} refused, ${pairs - refused} answered with the caller's own (empty) data`);
    assert.deepEqual(failures, []);
    assert.ok(pairs >= 140, `pairs tried: ${pairs}`);
    // Nothing changed: the notes, overrides, shares and invite are as they were.
    const review = await http(server.base, `/api/v1/coach/interviews/${id}`, { token: alice.token });
    assert.equal(review.status, 200);
    assert.deepEqual(review.json.notes.map((note) => note.text), [SECRET_NOTE]);
    assert.equal(review.json.audit.length, 1);
    assert.equal(review.json.turns[0].score, 77);
    const invites = await http(server.base, '/api/v1/invites', { token: alice.token });
    assert.equal(invites.json.invites.find((entry) => entry.id === invite.id).expired, false);
    const shares = await http(server.base, `/api/v1/interviews/${id}/shares`, { token: mine.token });
    assert.deepEqual(shares.json.shares, []);
  });

  test('tokens are compared by hash: a token one character off opens nothing', async () => {
    const last = alice.token.at(-1) === 'A' ? 'B' : 'A';
    const near = `${alice.token.slice(0, -1)}${last}`;
    const response = await http(server.base, '/api/v1/coach/me', { token: near });
    assert.equal(response.status, 401);
    assert.equal(response.json.error.code, 'unauthorized');
  });
});
