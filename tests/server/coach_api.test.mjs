// The coach API against the real server: accounts from the CLI, invites, shares, the list with
// every filter, sort and cursor, one interview's review, notes, overrides and reverts, exports,
// calibration, and a candidate deleting their interview (its text gone from the database file).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createInterview, http as rawHttp, startServer, STRONG_ANSWER, tempDir, WEAK_ANSWER } from './harness.mjs';
import {
  addCoach, answer, checkedHttp, coachCli, createInvite, INVITE_PLAN, parseCsv, sql, startFromInvite,
} from './coach_harness.mjs';
import { OpenApiValidator } from './openapi_validator.mjs';

// Every API response of this file is checked against docs/openapi.json.
let api = null;
const http = checkedHttp(rawHttp, () => api);
const TAGS = ['Coaches', 'Invites', 'Sharing'];

const FORMULA_ANSWER = '=HYPERLINK("http://evil.example/","click") I prioritise with Jira, zanzibar, and talk to the team.';
const ERASE_MARKER = 'quokkamarmalade';

function ids(list) {
  return list.map((summary) => summary.interview_id).sort();
}

describe('coach API', () => {
  let server;
  let temp;
  let alice;
  let bob;
  let root;
  let invite;
  const interviews = {};

  const list = async (query, token = root.token) => {
    const response = await http(server.base, `/api/v1/coach/interviews${query ? `?${query}` : ''}`, { token });
    assert.equal(response.status, 200, response.text);
    return response.json;
  };
  const refusedFilter = async (query, field) => {
    const response = await http(server.base, `/api/v1/coach/interviews?${query}`, { token: root.token });
    assert.equal(response.status, 400, `${query}: ${response.text}`);
    assert.equal(response.json.error.code, 'invalid_parameter');
    assert.deepEqual(response.json.error.details, [field], query);
    assert.match(response.json.error.message, new RegExp(field));
  };
  const detail = async (id, token = root.token) => {
    const response = await http(server.base, `/api/v1/coach/interviews/${id}`, { token });
    assert.equal(response.status, 200, response.text);
    return response.json;
  };

  before(async () => {
    temp = tempDir();
    alice = addCoach(temp.db, 'alice');
    bob = addCoach(temp.db, 'bob');
    root = addCoach(temp.db, 'root', { admin: true });
    server = await startServer({ db: temp.db, args: ['--max-messages-per-second', '50'] });
    api = await OpenApiValidator.fromServer(server.base);
    invite = await createInvite(server.base, alice.token, { label: 'Bootcamp March', plan: INVITE_PLAN });
    // finished, from alice's invite
    interviews.finished = await startFromInvite(server.base, invite.code, 7);
    await answer(server.wsUrl, interviews.finished, [STRONG_ANSWER, STRONG_ANSWER]);
    // in progress, from alice's invite, with an answer a spreadsheet would run
    interviews.formula = await startFromInvite(server.base, invite.code, 8);
    await answer(server.wsUrl, interviews.formula, [FORMULA_ANSWER]);
    // not from an invite; its candidate shares it with bob
    interviews.shared = await createInterview(server.base, {
      role: 'backend-developer', stages: ['hr', 'technical'], industry: 'enterprise', seniority: 'senior',
      questions_per_stage: 1, follow_ups_per_question: 0, seed: 9,
    });
    await answer(server.wsUrl, interviews.shared, [WEAK_ANSWER]);
    const shared = await http(server.base, `/api/v1/interviews/${interviews.shared.interview_id}/shares`, {
      method: 'POST', token: interviews.shared.token, body: { share_code: bob.shareCode.toLowerCase() },
    });
    assert.equal(shared.status, 201, shared.text);
    // nobody's; left alone for a long time: abandoned
    interviews.abandoned = await createInterview(server.base, {
      role: 'backend-developer', stages: ['hr'], industry: 'agency', seniority: 'junior',
      questions_per_stage: 1, follow_ups_per_question: 0, seed: 10,
    });
    sql(temp.db, `UPDATE interviews SET updated_at_ms = 1 WHERE id = '${interviews.abandoned.interview_id}'`);
  });
  after(async () => {
    await server?.stop();
    temp?.cleanup();
  });

  test('coach add prints a token once; list shows names, roles and last use but never the token', async () => {
    assert.match(alice.output, /coach 'alice' added \(coach\)/);
    assert.match(root.output, /\(admin\)/);
    const me = await http(server.base, '/api/v1/coach/me', { token: alice.token });
    assert.equal(me.status, 200);
    assert.deepEqual(me.json, { name: 'alice', role: 'coach', share_code: alice.shareCode });
    const listed = coachCli(temp.db, 'list');
    assert.match(listed, /^alice {2}coach {2}share code [A-Z0-9]{8} {2}created \d{4}-\d\d-\d\d \d\d:\d\d UTC {2}last used \d{4}/m);
    assert.match(listed, /^root {2}admin/m);
    for (const coach of [alice, bob, root]) assert.ok(!listed.includes(coach.token.slice(4)), 'no token in the list');
    assert.ok(!readFileSync(temp.db).includes(alice.token.slice(4)), 'the token itself is not stored');
    assert.throws(() => coachCli(temp.db, 'add', 'alice'), /there is a coach named 'alice' already/);
  });

  test('invites: created with their plan, listed by their coach (admin: all), opened by code', async () => {
    assert.equal(invite.label, 'Bootcamp March');
    assert.deepEqual(invite.plan, INVITE_PLAN);
    assert.equal(invite.url, `/?invite=${invite.code}`);
    assert.equal(invite.expired, false);
    assert.equal(invite.expires_at_ms, null);
    const mine = await http(server.base, '/api/v1/invites', { token: alice.token });
    assert.deepEqual(mine.json.invites.map((entry) => entry.id), [invite.id]);
    assert.equal(mine.json.invites[0].interviews, 2);
    assert.deepEqual((await http(server.base, '/api/v1/invites', { token: bob.token })).json.invites, []);
    assert.equal((await http(server.base, '/api/v1/invites', { token: root.token })).json.invites.length, 1);
    const opened = await http(server.base, `/api/v1/invites/by-code/${invite.code}`);
    assert.equal(opened.status, 200);
    assert.deepEqual(opened.json, { label: 'Bootcamp March', plan: INVITE_PLAN, coach: 'alice', expires_at_ms: null });
    const unknown = await http(server.base, '/api/v1/invites/by-code/nope');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'invite_not_found');
  });

  test('an invite with a bad plan, label or expiry is refused naming what is wrong', async () => {
    const post = (body) => http(server.base, '/api/v1/invites', { method: 'POST', token: alice.token, body });
    const badPlan = await post({ label: 'x', plan: { role: 'astronaut' } });
    assert.equal(badPlan.status, 400);
    assert.equal(badPlan.json.error.code, 'invalid_plan');
    assert.match(badPlan.json.error.message, /unknown role 'astronaut'/);
    for (const [body, field] of [
      [{ label: '', plan: INVITE_PLAN }, 'label'],
      [{ label: 'x'.repeat(201), plan: INVITE_PLAN }, 'label'],
      [{ label: 'x', plan: INVITE_PLAN, expires_at_ms: 5 }, 'expires_at_ms'],
      [{ label: 'x', plan: INVITE_PLAN, expires_at_ms: 'soon' }, 'expires_at_ms'],
      [{ label: 'x', plan: INVITE_PLAN, colour: 'red' }, 'colour'],
      [{ label: 'x', plan: 'hr' }, 'plan'],
      [{ label: 'x', plan: { ...INVITE_PLAN, seed: 3 } }, 'plan.seed'],
    ]) {
      const response = await post(body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.json.error.code, 'invalid_parameter', JSON.stringify(body));
      assert.deepEqual(response.json.error.details, [field]);
    }
    const missing = await post({ plan: INVITE_PLAN });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.code, 'missing_field');
    assert.equal((await http(server.base, '/api/v1/invites', { token: root.token })).json.invites.length, 1, 'nothing stored');
  });

  test('starting from an invite takes its plan; other plan fields beside it are refused', async () => {
    const started = await detail(interviews.finished.interview_id, alice.token);
    assert.equal(started.plan.industry, 'startup');
    assert.deepEqual(started.plan.stages, ['hr']);
    assert.deepEqual(started.invite, { id: invite.id, label: 'Bootcamp March' });
    const started201 = await http(server.base, '/api/v1/interviews', { method: 'POST', body: { invite: invite.code, seed: 3 } });
    assert.equal(started201.status, 201);
    assert.deepEqual(started201.json.invite, { label: 'Bootcamp March', coach: 'alice' });
    // Not kept: the lists below count alice's interviews.
    const removed = await http(server.base, `/api/v1/interviews/${started201.json.interview_id}`, { method: 'DELETE', token: started201.json.token });
    assert.equal(removed.status, 200);
    const mixed = await http(server.base, '/api/v1/interviews', { method: 'POST', body: { invite: invite.code, stages: ['technical'] } });
    assert.equal(mixed.status, 400);
    assert.equal(mixed.json.error.code, 'invalid_parameter');
    assert.deepEqual(mixed.json.error.details, ['stages']);
    const unknown = await http(server.base, '/api/v1/interviews', { method: 'POST', body: { invite: 'nope' } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'invite_not_found');
  });

  test('an expired invite opens nothing and starts nothing; it stays listed', async () => {
    const short = await createInvite(server.base, alice.token, { label: 'To expire', plan: INVITE_PLAN, expires_at_ms: Date.now() + 3_600_000 });
    assert.equal((await http(server.base, `/api/v1/invites/${short.id}`, { method: 'DELETE', token: bob.token })).status, 404,
      'bob cannot expire alice\'s invite');
    const expired = await http(server.base, `/api/v1/invites/${short.id}`, { method: 'DELETE', token: alice.token });
    assert.equal(expired.status, 200);
    assert.equal(expired.json.invite.expired, true);
    const opened = await http(server.base, `/api/v1/invites/by-code/${short.code}`);
    assert.equal(opened.status, 410);
    assert.equal(opened.json.error.code, 'invite_expired');
    const started = await http(server.base, '/api/v1/interviews', { method: 'POST', body: { invite: short.code } });
    assert.equal(started.status, 410);
    const listed = await http(server.base, '/api/v1/invites', { token: alice.token });
    assert.ok(listed.json.invites.some((entry) => entry.id === short.id && entry.expired));
  });

  test('each coach sees exactly their interviews; an admin sees all', async () => {
    const all = [interviews.finished, interviews.formula, interviews.shared, interviews.abandoned].map((i) => i.interview_id).sort();
    assert.deepEqual(ids((await list('', root.token)).interviews), all);
    assert.deepEqual(ids((await list('', alice.token)).interviews), [interviews.finished.interview_id, interviews.formula.interview_id].sort());
    const bobs = (await list('', bob.token)).interviews;
    assert.deepEqual(ids(bobs), [interviews.shared.interview_id]);
    assert.equal(bobs[0].shared, true);
    assert.equal(bobs[0].invite, null);
    assert.equal((await http(server.base, `/api/v1/coach/interviews/${interviews.finished.interview_id}`, { token: bob.token })).status, 404);
  });

  test('a summary has the fields of the contract', async () => {
    const [summary] = (await list(`invite=${invite.id}&status=finished`)).interviews;
    assert.equal(summary.interview_id, interviews.finished.interview_id);
    assert.equal(summary.role, 'backend-developer');
    assert.equal(summary.industry, 'startup');
    assert.equal(summary.seniority, 'mid');
    assert.deepEqual(summary.stages, ['hr']);
    assert.equal(summary.status, 'finished');
    assert.equal(summary.answers, 2);
    assert.equal(typeof summary.score, 'number');
    assert.equal(summary.overridden, false);
    assert.deepEqual(summary.invite, { id: invite.id, label: 'Bootcamp March' });
    assert.ok(summary.created_at_ms <= summary.updated_at_ms);
    // The score is the report's overall score when nothing is overridden.
    const transcript = await http(server.base, `/api/v1/interviews/${summary.interview_id}`, { token: interviews.finished.token });
    assert.equal(summary.score, transcript.json.report.overall_score);
  });

  test('every filter narrows the list to what it names', async () => {
    const everyone = (await list('')).interviews;
    const expect = async (query, predicate) => {
      const got = ids((await list(query)).interviews);
      assert.deepEqual(got, ids(everyone.filter(predicate)), query);
      return got;
    };
    assert.equal((await expect('role=backend-developer', () => true)).length, 4);
    assert.equal((await expect('role=frontend-developer', () => false)).length, 0);
    assert.deepEqual(await expect('stage=technical', (s) => s.stages.includes('technical')), [interviews.shared.interview_id]);
    assert.deepEqual(await expect('industry=enterprise', (s) => s.industry === 'enterprise'), [interviews.shared.interview_id]);
    assert.deepEqual(await expect('seniority=junior', (s) => s.seniority === 'junior'), [interviews.abandoned.interview_id]);
    assert.deepEqual(await expect('status=finished', (s) => s.status === 'finished'), [interviews.finished.interview_id]);
    assert.deepEqual(await expect('status=abandoned', (s) => s.status === 'abandoned'), [interviews.abandoned.interview_id]);
    assert.equal((await expect('status=in_progress', (s) => s.status === 'in_progress')).length, 2);
    assert.equal((await expect(`invite=${invite.id}`, (s) => s.invite?.id === invite.id)).length, 2);
    const scores = everyone.filter((s) => s.score !== null).map((s) => s.score).sort((a, b) => a - b);
    assert.ok(scores.length >= 3, `scored interviews: ${scores}`);
    const middle = scores[1];
    await expect(`score_min=${middle}`, (s) => s.score !== null && s.score >= middle);
    await expect(`score_max=${middle}`, (s) => s.score !== null && s.score <= middle);
    await expect(`score_min=${middle}&score_max=${middle}`, (s) => s.score === middle);
    const created = everyone.map((s) => s.created_at_ms).sort((a, b) => a - b);
    await expect(`created_from=${created[1]}`, (s) => s.created_at_ms >= created[1]);
    await expect(`created_to=${created[2]}`, (s) => s.created_at_ms < created[2]);
    const day = (ms) => new Date(ms).toISOString().slice(0, 10);   // the days they were made on, even across midnight
    await expect(`created_from=${day(created[0])}&created_to=${day(created.at(-1))}`, () => true);
    await expect('created_to=2000-01-01', () => false);
    // Full-text search in answers, with a snippet around the match.
    const found = (await list('q=Zanzibar')).interviews;
    assert.deepEqual(ids(found), [interviews.formula.interview_id]);
    assert.match(found[0].snippet, /zanzibar/);
    assert.equal((await list('q=zanzibar%20jira')).interviews.length, 1, 'every word must match');
    assert.equal((await list('q=zanzibar%20kubernetes')).interviews.length, 0);
    assert.equal((await list('q=zanzibar', bob.token)).interviews.length, 0, 'search stays within what the coach sees');
  });

  test('sort orders and cursor pages cover the list once each', async () => {
    const byCreated = (await list('sort=created_asc')).interviews.map((s) => s.created_at_ms);
    assert.deepEqual(byCreated, [...byCreated].sort((a, b) => a - b));
    const newestFirst = (await list('sort=created_desc')).interviews.map((s) => s.created_at_ms);
    assert.deepEqual(newestFirst, [...newestFirst].sort((a, b) => b - a));
    const scoreDesc = (await list('sort=score_desc')).interviews.map((s) => s.score ?? -1);
    assert.deepEqual(scoreDesc, [...scoreDesc].sort((a, b) => b - a));
    const scoreAsc = (await list('sort=score_asc')).interviews.map((s) => s.score ?? -1);
    assert.deepEqual(scoreAsc, [...scoreAsc].sort((a, b) => a - b));

    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const page = await list(`sort=score_desc&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.interviews.length, 1);
      seen.push(page.interviews[0].interview_id);
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 10);
    assert.equal(pages, 4);
    assert.deepEqual(seen, (await list('sort=score_desc')).interviews.map((s) => s.interview_id));

    const first = await list('sort=created_desc&limit=2');
    await refusedFilter(`sort=created_asc&limit=2&cursor=${encodeURIComponent(first.next_cursor)}`, 'cursor');
    await refusedFilter(`status=finished&limit=2&cursor=${encodeURIComponent(first.next_cursor)}`, 'cursor');
    await refusedFilter('cursor=not-a-cursor', 'cursor');
  });

  test('a bad filter is a 400 naming the field', async () => {
    await refusedFilter('colour=red', 'colour');
    await refusedFilter('created_from=2026-13-01', 'created_from');
    await refusedFilter('created_to=last-week', 'created_to');
    await refusedFilter('status=done', 'status');
    await refusedFilter('score_min=-5', 'score_min');
    await refusedFilter('score_max=101', 'score_max');
    await refusedFilter('score_min=80&score_max=20', 'score_max');
    await refusedFilter('sort=alphabetical', 'sort');
    await refusedFilter('limit=0', 'limit');
    await refusedFilter('limit=101', 'limit');
    await refusedFilter('invite=abc', 'invite');
    await refusedFilter('q=%22%22', 'q');
    await refusedFilter('role=a&role=b', 'role');
  });

  test('one interview: turns with the answer, judgements with evidence spans, feedback and scorer version', async () => {
    const review = await detail(interviews.finished.interview_id, alice.token);
    assert.equal(review.status, 'finished');
    assert.match(review.scorer_version, /^scorer-/);
    assert.equal(review.turns.length, 2);
    assert.deepEqual(review.score, { value: review.score.original, original: review.score.original, overridden: false });
    const bytes = (text) => Buffer.from(text, 'utf8');
    let spans = 0;
    for (const turn of review.turns) {
      assert.equal(turn.answer, STRONG_ANSWER);
      assert.equal(turn.stage, 'hr');
      assert.ok(turn.question.endsWith('?'), turn.question);
      assert.ok(turn.key_points.length > 0);
      assert.ok(turn.feedback.length > 0);
      assert.equal(turn.score, turn.original_score);
      for (const point of turn.key_points) {
        assert.equal(point.covered, point.original_covered);
        for (const span of point.evidence) {
          // start/end are UTF-8 byte offsets into `answer` (what web/js/text-spans.js takes)
          assert.equal(bytes(turn.answer).subarray(span.start, span.end).toString('utf8'), span.text);
          spans += 1;
        }
      }
      for (const flag of turn.red_flags) assert.equal(typeof flag.raised, 'boolean');
    }
    // The other interview's answer names the team: a covered key point with its evidence.
    const formula = await detail(interviews.formula.interview_id, alice.token);
    assert.equal(formula.turns[0].answer, FORMULA_ANSWER);
    for (const point of formula.turns[0].key_points) {
      for (const span of point.evidence) {
        assert.equal(bytes(FORMULA_ANSWER).subarray(span.start, span.end).toString('utf8'), span.text);
        spans += 1;
      }
    }
    assert.ok(spans > 0, 'covered key points carry their evidence');
    assert.deepEqual(review.notes, []);
    assert.deepEqual(review.audit, []);
  });

  test('notes on the interview and on a turn; too long, empty or on an unknown turn refused', async () => {
    const id = interviews.finished.interview_id;
    const review = await detail(id, alice.token);
    const post = (body, token = alice.token) => http(server.base, `/api/v1/coach/interviews/${id}/notes`, { method: 'POST', token, body });
    const general = await post({ text: 'Solid overall; work on brevity.' });
    assert.equal(general.status, 201, general.text);
    assert.equal(general.json.note.author, 'alice');
    assert.equal(general.json.note.turn, null);
    const onTurn = await post({ text: 'Great metrics here.', turn: review.turns[0].turn });
    assert.equal(onTurn.status, 201);
    assert.equal(onTurn.json.note.turn, review.turns[0].turn);
    for (const [body, field] of [[{ text: 'x'.repeat(4001) }, 'text'], [{ text: '' }, 'text'], [{ text: 'x', turn: 99999 }, 'turn'],
      [{ text: 'x', turn: 'first' }, 'turn'], [{ text: 'x', colour: 1 }, 'colour']]) {
      const refused = await post(body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.json.error.code, 'invalid_parameter');
      assert.deepEqual(refused.json.error.details, [field]);
    }
    assert.equal((await post({ text: 'sneaky' }, bob.token)).status, 404);
    const after = await detail(id, alice.token);
    assert.deepEqual(after.notes.map((note) => note.text), ['Solid overall; work on brevity.']);
    assert.deepEqual(after.turns[0].notes.map((note) => note.text), ['Great metrics here.']);
  });

  test('overrides are audited, change the scores everywhere, and revert', async () => {
    const id = interviews.formula.interview_id;
    const review = await detail(id, alice.token);
    const turn = review.turns[0];
    const point = turn.key_points[0];
    const url = `/api/v1/coach/interviews/${id}/turns/${turn.turn}/overrides`;
    const post = (body) => http(server.base, url, { method: 'POST', token: alice.token, body });
    for (const [body, field] of [
      [{ reason: 'x', score: 101 }, 'score'], [{ reason: 'x', score: -1 }, 'score'], [{ reason: 'x', score: 'high' }, 'score'],
      [{ reason: 'x', key_points: { 'no-such-point': 'covered' } }, 'key_points.no-such-point'],
      [{ reason: 'x', key_points: { [point.id]: 'maybe' } }, `key_points.${point.id}`],
      [{ reason: 'x', star: { plot: 'present' } }, 'star.plot'],
      [{ reason: '', score: 50 }, 'reason'], [{ reason: 'x', colour: 1 }, 'colour'],
      [{ reason: 'x', score: turn.score }, 'body'],
    ]) {
      const refused = await post(body);
      assert.equal(refused.status, 400, `${JSON.stringify(body)}: ${refused.text}`);
      assert.deepEqual(refused.json.error.details, [field], JSON.stringify(body));
    }
    const newScore = turn.score >= 50 ? turn.score - 30 : turn.score + 30;
    const flipped = point.covered ? 'not_covered' : 'covered';
    const made = await post({ reason: 'The scorer missed the Jira mention', score: newScore, key_points: { [point.id]: flipped } });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.audit.length, 2);
    const [scoreEntry, pointEntry] = made.json.audit;
    assert.deepEqual({ ...scoreEntry, id: 0, at_ms: 0 }, {
      id: 0, at_ms: 0, turn: turn.turn, field: 'score', from: turn.score, to: newScore,
      reason: 'The scorer missed the Jira mention', author: 'alice',
    });
    assert.equal(pointEntry.field, `key_point:${point.id}`);
    assert.equal(pointEntry.to, flipped);

    const overridden = await detail(id, alice.token);
    const changed = overridden.turns[0];
    assert.equal(changed.score, newScore);
    assert.equal(changed.original_score, turn.score);
    assert.equal(changed.overridden, true);
    assert.equal(changed.key_points[0].covered, !point.covered);
    assert.equal(changed.key_points[0].original_covered, point.covered);
    assert.equal(changed.key_points[0].overridden, true);
    assert.equal(overridden.score.value, newScore);
    assert.equal(overridden.score.original, turn.score);
    assert.equal(overridden.score.overridden, true);
    assert.equal(overridden.audit.length, 2);
    const [summary] = (await list(`q=zanzibar`, alice.token)).interviews;
    assert.equal(summary.overridden, true);
    assert.equal(summary.score, newScore);

    // Revert the score: back to the scorer's; the audit keeps both entries, linked.
    const revertUrl = `/api/v1/coach/interviews/${id}/audit/${scoreEntry.id}/revert`;
    const reverted = await http(server.base, revertUrl, { method: 'POST', token: alice.token, body: { reason: 'Second look: fair' } });
    assert.equal(reverted.status, 201, reverted.text);
    assert.equal(reverted.json.audit[0].reverts, scoreEntry.id);
    assert.equal(reverted.json.audit[0].from, newScore);
    assert.equal(reverted.json.audit[0].to, turn.score);
    const again = await http(server.base, revertUrl, { method: 'POST', token: alice.token, body: { reason: 'again' } });
    assert.equal(again.status, 400);
    assert.deepEqual(again.json.error.details, ['audit_id']);
    const noReason = await http(server.base, revertUrl, { method: 'POST', token: alice.token, body: {} });
    assert.equal(noReason.status, 400);
    const missing = await http(server.base, `/api/v1/coach/interviews/${id}/audit/99999/revert`, { method: 'POST', token: alice.token, body: { reason: 'x' } });
    assert.equal(missing.status, 404);
    const after = await detail(id, alice.token);
    assert.equal(after.turns[0].score, turn.score);
    assert.equal(after.turns[0].key_points[0].overridden, true, 'the key point override stays');
    assert.equal(after.audit.length, 3);
    assert.equal(after.audit[0].reverted_by, after.audit[2].id);
  });

  test('exports: Markdown, JSON, CSV and HTML, with overridden values marked', async () => {
    const id = interviews.formula.interview_id;
    const get = (format) => http(server.base, `/api/v1/coach/interviews/${id}/export?format=${format}`, { token: alice.token });
    const markdown = await get('markdown');
    assert.equal(markdown.status, 200);
    assert.match(markdown.headers.get('content-type'), /^text\/markdown/);
    assert.match(markdown.headers.get('content-disposition'), /^attachment; filename="interview-[0-9a-f]{32}\.md"$/);
    assert.match(markdown.text, /^# Interview /);
    assert.match(markdown.text, /\(overridden; scorer: (covered|not covered)\)/);
    const json = await get('json');
    assert.match(json.headers.get('content-type'), /^application\/json/);
    assert.match(json.headers.get('content-disposition'), /\.json"$/);
    assert.equal(json.json.interview_id, id);
    assert.equal(json.json.turns[0].key_points[0].overridden, true);
    const html = await get('html');
    assert.match(html.headers.get('content-type'), /^text\/html/);
    assert.equal(html.headers.get('content-disposition'), null, 'the printable report opens in the browser');
    assert.match(html.text, /<link rel="stylesheet" href="\/css\/print.css" media="print">/);
    assert.ok(html.text.includes('=HYPERLINK(&quot;http://evil.example/&quot;,&quot;click&quot;)'), 'the answer is escaped');
    const bad = await get('pdf');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.error.details, ['format']);
  });

  test('CSV: one row per answer, RFC 4180 quoting, and no cell a spreadsheet would run', async () => {
    const id = interviews.formula.interview_id;
    const csv = await http(server.base, `/api/v1/coach/interviews/${id}/export?format=csv`, { token: alice.token });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition'), /\.csv"$/);
    assert.ok(csv.text.endsWith('\r\n'));
    const rows = parseCsv(csv.text);
    assert.equal(rows[0][0], 'interview_id');
    assert.equal(rows.length, 2, 'a header and one answer');
    assert.ok(rows.every((row) => row.length === rows[0].length));
    const answerCell = rows[1][rows[0].indexOf('answer')];
    assert.equal(answerCell, `'${FORMULA_ANSWER}`);
    for (const row of rows) {
      for (const cell of row) assert.ok(!/^[=+\-@\t\r]/.test(cell), `a cell starts with a formula character: ${cell}`);
    }
    assert.ok(csv.text.includes('"\'=HYPERLINK(""http://evil.example/"",""click"")'), 'quotes doubled inside a quoted field');
  });

  test('calibration: agreement per item, most overridden first, scoped to what the coach sees', async () => {
    const mine = await http(server.base, '/api/v1/calibration', { token: alice.token });
    assert.equal(mine.status, 200);
    const { totals, items } = mine.json;
    assert.ok(totals.judgements > 0);
    assert.equal(totals.overridden, 1, 'one key point stays overridden');
    assert.ok(Math.abs(totals.agreement_rate - (1 - 1 / totals.judgements)) < 1e-9);
    assert.equal(items[0].kind, 'key_point');
    assert.equal(items[0].overridden, 1);
    assert.equal(items[0].to_positive + items[0].to_negative, 1);
    assert.deepEqual(items[0].examples[0].interview_id, interviews.formula.interview_id);
    assert.ok(items.slice(1).every((item) => item.overridden === 0));
    const bobs = await http(server.base, '/api/v1/calibration', { token: bob.token });
    assert.equal(bobs.json.totals.overridden, 0, 'alice\'s overrides are not in bob\'s interviews');
  });

  test('a candidate lists and withdraws a share; the coach then sees nothing', async () => {
    const id = interviews.shared.interview_id;
    const shares = await http(server.base, `/api/v1/interviews/${id}/shares`, { token: interviews.shared.token });
    assert.equal(shares.status, 200);
    assert.deepEqual(shares.json.shares.map((share) => [share.coach, share.share_code]), [['bob', bob.shareCode]]);
    const unknown = await http(server.base, `/api/v1/interviews/${id}/shares`, { method: 'POST', token: interviews.shared.token, body: { share_code: 'ZZZZZZZZ' } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json.error.details, ['share_code']);
    const withdrawn = await http(server.base, `/api/v1/interviews/${id}/shares/${bob.shareCode}`, { method: 'DELETE', token: interviews.shared.token });
    assert.equal(withdrawn.status, 204);
    assert.equal((await http(server.base, `/api/v1/coach/interviews/${id}`, { token: bob.token })).status, 404);
    assert.deepEqual((await list('', bob.token)).interviews, []);
    const again = await http(server.base, `/api/v1/interviews/${id}/shares/${bob.shareCode}`, { method: 'DELETE', token: interviews.shared.token });
    assert.equal(again.status, 404);
  });

  test('coach revoke: the token opens nothing from then on', async () => {
    const carol = addCoach(temp.db, 'carol');
    assert.equal((await http(server.base, '/api/v1/coach/me', { token: carol.token })).status, 200);
    assert.match(coachCli(temp.db, 'revoke', 'carol'), /revoked/);
    const refused = await http(server.base, '/api/v1/coach/me', { token: carol.token });
    assert.equal(refused.status, 401);
    assert.equal(refused.json.error.code, 'unauthorized');
    assert.match(coachCli(temp.db, 'list'), /^carol .* REVOKED/m);
  });

  test('a candidate deletes their interview: answers erased from events, search, notes and the file', async () => {
    const doomed = await startFromInvite(server.base, invite.code, 11);
    const secret = `My secret project ${ERASE_MARKER} used Redis and Jira with the team.`;
    await answer(server.wsUrl, doomed, [secret]);
    const id = doomed.interview_id;
    const note = await http(server.base, `/api/v1/coach/interviews/${id}/notes`, { method: 'POST', token: alice.token, body: { text: `quoting ${ERASE_MARKER}` } });
    assert.equal(note.status, 201);
    assert.equal((await list(`q=${ERASE_MARKER}`, alice.token)).interviews.length, 1);
    const fileHas = () => [temp.db, `${temp.db}-wal`].some((file) => existsSync(file) &&
      readFileSync(file).toString('latin1').toLowerCase().includes(ERASE_MARKER));
    assert.ok(fileHas(), 'before: the answer is in the database file');

    const wrongToken = await http(server.base, `/api/v1/interviews/${id}`, { method: 'DELETE', token: interviews.finished.token });
    assert.equal(wrongToken.status, 404, 'another candidate\'s token deletes nothing');
    const deleted = await http(server.base, `/api/v1/interviews/${id}`, { method: 'DELETE', token: doomed.token });
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.json.deleted, true);
    assert.equal(deleted.json.answers_erased, 1);
    assert.deepEqual(deleted.json.tombstone, { ...deleted.json.tombstone, answers: 1, notes: 1, overrides: 0, shares: 0 });

    assert.equal((await http(server.base, `/api/v1/interviews/${id}`, { token: doomed.token })).status, 404);
    assert.equal((await http(server.base, `/api/v1/coach/interviews/${id}`, { token: alice.token })).status, 404);
    assert.equal((await list(`q=${ERASE_MARKER}`, alice.token)).interviews.length, 0);
    assert.equal(fileHas(), false, 'after: not a byte of it in the database file or its WAL');
    const tombstone = sql(temp.db, `SELECT answers, notes FROM interview_tombstones WHERE interview_id = '${id}'`);
    assert.equal(tombstone.trim(), '1|1');
    // The rest is untouched.
    assert.equal((await list('', root.token)).interviews.length, 4);
  });

  test('every coach, invite and sharing operation was checked against docs/openapi.json', () => {
    api.assertExercised(TAGS);
  });
});
