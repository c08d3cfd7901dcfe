// Practice profiles against the real server: a profile without a password, interviews it owns,
// its progress over three interviews (figures checked against the events the candidate saw),
// the drill of its weak spots started as an interview, recovery on another device, the export,
// and deletion (the answers gone from the database file and its WAL). Every API response is
// checked against docs/openapi.json.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { http as rawHttp, startServer, STRONG_ANSWER, tempDir, WEAK_ANSWER } from './harness.mjs';
import { answer, checkedHttp, sql } from './coach_harness.mjs';
import { OpenApiValidator } from './openapi_validator.mjs';

let api = null;
const http = checkedHttp(rawHttp, () => api);
const TAGS = ['Profiles'];
const ERASE_MARKER = 'wombatchutney';
const PLAN = Object.freeze({
  role: 'backend-developer', stages: ['hr'], industry: 'none', seniority: 'mid',
  questions_per_stage: 2, follow_ups_per_question: 0,
});

describe('practice profiles', () => {
  let server;
  let temp;
  let profile;
  const held = [];   // { interview, events } oldest first

  const start = async (secret, seed) => {
    const created = await http(server.base, '/api/v1/profiles/me/interviews', { method: 'POST', token: secret, body: { ...PLAN, seed } });
    assert.equal(created.status, 201, created.text);
    return created.json;
  };
  const fileHas = (text) => [temp.db, `${temp.db}-wal`].some((file) => existsSync(file) &&
    readFileSync(file).toString('latin1').includes(text));

  before(async () => {
    temp = tempDir();
    server = await startServer({ db: temp.db, args: ['--max-messages-per-second', '50'] });
    api = await OpenApiValidator.fromServer(server.base);
    const created = await http(server.base, '/api/v1/profiles', { method: 'POST' });
    assert.equal(created.status, 201, created.text);
    profile = created.json;
    // Three interviews on the same two questions: weak, weak, then strong.
    for (const [seed, text] of [[7, WEAK_ANSWER], [7, WEAK_ANSWER], [7, STRONG_ANSWER]]) {
      const interview = await start(profile.secret, seed);
      const events = await answer(server.wsUrl, interview, [text, text]);
      held.push({ interview, events });
    }
  });
  after(async () => {
    await server?.stop();
    temp?.cleanup();
  });

  test('a new profile gets a secret and a recovery code, of which only hashes are stored', async () => {
    assert.match(profile.secret, /^mip_[A-Za-z0-9_-]{43}$/);
    assert.match(profile.recovery_code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    assert.ok(!fileHas(profile.secret.slice(4)), 'the secret itself is not stored');
    assert.ok(!fileHas(profile.recovery_code.replace(/-/g, '')), 'the recovery code itself is not stored');
    const me = await http(server.base, '/api/v1/profiles/me', { token: profile.secret });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.profile_id, profile.profile_id);
    assert.deepEqual(me.json.interviews.map((entry) => entry.interview_id), held.map((entry) => entry.interview.interview_id));
    assert.ok(me.json.interviews.every((entry) => entry.kind === 'interview' && entry.status === 'finished'));
  });

  test('without the secret, or with a wrong one, the profile answers 401 and says what to send', async () => {
    const missing = await http(server.base, '/api/v1/profiles/me');
    assert.equal(missing.status, 401);
    assert.match(missing.json.error.message, /Bearer mip_/);
    const wrong = await http(server.base, '/api/v1/profiles/me/progress', { token: `mip_${'x'.repeat(43)}` });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json.error.code, 'unauthorized');
    const interviewToken = await http(server.base, '/api/v1/profiles/me', { token: held[0].interview.token });
    assert.equal(interviewToken.status, 401, 'an interview token is not a profile secret');
    const body = await http(server.base, '/api/v1/profiles', { method: 'POST', body: { name: 'me' } });
    assert.equal(body.status, 400);
    assert.deepEqual(body.json.error.details, ['name']);
  });

  test('progress matches the scores, answers and times the candidate was shown', async () => {
    const progress = await http(server.base, '/api/v1/profiles/me/progress', { token: profile.secret });
    assert.equal(progress.status, 200, progress.text);
    const figures = progress.json;
    const scored = held.map(({ events }) => events.filter((event) => event.type === 'answer_scored'));
    const received = held.flatMap(({ events }) => events.filter((event) => event.type === 'answer_received'));
    assert.deepEqual(figures.totals, {
      interviews: 3, finished_interviews: 3, answers: 6,
      time_spent_ms: received.reduce((sum, event) => sum + event.elapsed_ms, 0),
    });
    const reports = held.map(({ events }) => events.find((event) => event.type === 'report').report);
    assert.deepEqual(figures.overall.map((point) => point.score), reports.map((report) => report.overall_score));
    assert.equal(figures.questions.length, 2);
    for (const question of figures.questions) {
      const shown = scored.map((list) => list.find((event) => event.item_id === question.question_id).score);
      assert.deepEqual(question.attempts.map((attempt) => attempt.score), shown, question.question_id);
      assert.equal(question.best_score, Math.max(...shown));
    }
    assert.ok(figures.most_missed_key_points.length > 0, 'weak answers miss key points');
    assert.ok(figures.most_missed_key_points.every((tally) => tally.misses <= tally.judged));
    // All answered today (two days only if the run crossed midnight UTC).
    assert.equal(figures.streak.days_are, 'UTC');
    assert.ok([1, 2].includes(figures.streak.practice_days));
    assert.equal(figures.streak.current_days, figures.streak.practice_days);
    assert.equal(figures.streak.longest_days, figures.streak.practice_days);
    assert.deepEqual(figures.interviews[0].changes_since_previous, [], 'the first interview has nothing to compare with');
    const latest = figures.interviews[2].changes_since_previous;
    assert.match(latest[0], new RegExp(`^Overall score: ${reports[1].overall_score} -> ${reports[2].overall_score} \\(\\+\\d+\\) since your previous interview$`));
    // Every key point the two weak answers missed and the strong one covered is a line of its own.
    const coverage = ({ events }) => new Map(events.filter((event) => event.type === 'feedback' && event.kind === 'coverage')
      .map((event) => [event.text, event.positive]));
    const [first, second, third] = held.map(coverage);
    const gained = [...third].filter(([text, covered]) => covered && first.get(text) === false && second.get(text) === false);
    assert.ok(gained.length > 0, 'the strong answers cover some key point the weak ones missed');
    // The report section holds at most 8 lines, score lines first.
    const room = 8 - latest.filter((line) => !/; (covered|missed) today$/.test(line) && !line.startsWith('Red flag')).length;
    assert.ok(room > 0);
    for (const [text] of gained.slice(0, room)) {
      assert.ok(latest.includes(`${text}: missed in 2 of your last 2 answers; covered today`), `${text}:\n${latest.join('\n')}`);
    }
  });

  test('the drill plan takes the missed key points and starts as a short interview without follow-ups', async () => {
    const plan = await http(server.base, '/api/v1/profiles/me/drill', { token: profile.secret });
    assert.equal(plan.status, 200, plan.text);
    assert.equal(plan.json.session, 3);
    assert.ok(plan.json.questions.length >= 1 && plan.json.questions.length <= 4);
    assert.ok(plan.json.estimated_minutes <= 10);
    assert.ok(plan.json.questions.every((question) => question.targets.length > 0));
    const again = await http(server.base, '/api/v1/profiles/me/drill', { token: profile.secret });
    assert.deepEqual(again.json, plan.json, 'the plan is the same for the same history');

    const drill = await http(server.base, '/api/v1/profiles/me/drills', { method: 'POST', token: profile.secret, body: { seed: 5 } });
    assert.equal(drill.status, 201, drill.text);
    const transcript = await http(server.base, `/api/v1/interviews/${drill.json.interview_id}`, { token: drill.json.token });
    assert.equal(transcript.status, 200);
    assert.deepEqual(transcript.json.plan.questions, plan.json.questions.map((question) => question.question_id));
    assert.equal(transcript.json.plan.follow_ups_per_question, 0);
    const me = await http(server.base, '/api/v1/profiles/me', { token: profile.secret });
    assert.equal(me.json.interviews.at(-1).kind, 'drill');
    const badSeed = await http(server.base, '/api/v1/profiles/me/drills', { method: 'POST', token: profile.secret, body: { seed: -1 } });
    assert.equal(badSeed.status, 400);
    assert.deepEqual(badSeed.json.error.details, ['seed']);
    const drillPlanInBody = await http(server.base, '/api/v1/profiles/me/interviews', {
      method: 'POST', token: profile.secret, body: { ...PLAN, questions: ['backend-experience'] },
    });
    assert.equal(drillPlanInBody.status, 400);
    assert.deepEqual(drillPlanInBody.json.error.details, ['questions']);
  });

  test('a profile with nothing missed yet has nothing to drill', async () => {
    const fresh = (await http(server.base, '/api/v1/profiles', { method: 'POST', body: {} })).json;
    const plan = await http(server.base, '/api/v1/profiles/me/drill', { token: fresh.secret });
    assert.deepEqual(plan.json, { session: 0, estimated_minutes: 0, questions: [], later: [] });
    const drill = await http(server.base, '/api/v1/profiles/me/drills', { method: 'POST', token: fresh.secret });
    assert.equal(drill.status, 404);
    assert.match(drill.json.error.message, /nothing to drill yet/);
  });

  test('the recovery code, however it is typed, gives another device its own secret', async () => {
    const typed = profile.recovery_code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const recovered = await http(server.base, '/api/v1/profiles/recover', { method: 'POST', body: { recovery_code: typed } });
    assert.equal(recovered.status, 200, recovered.text);
    assert.equal(recovered.json.profile_id, profile.profile_id);
    assert.notEqual(recovered.json.secret, profile.secret);
    const there = await http(server.base, '/api/v1/profiles/me', { token: recovered.json.secret });
    assert.equal(there.json.devices, 2);
    assert.equal((await http(server.base, '/api/v1/profiles/me', { token: profile.secret })).status, 200, 'the first device keeps working');

    const unknown = await http(server.base, '/api/v1/profiles/recover', { method: 'POST', body: { recovery_code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' } });
    assert.equal(unknown.status, 401);
    assert.match(unknown.json.error.message, /no practice profile has this recovery code/);
    const malformed = await http(server.base, '/api/v1/profiles/recover', { method: 'POST', body: { recovery_code: 'ABC' } });
    assert.equal(malformed.status, 400);
    assert.deepEqual(malformed.json.error.details, ['recovery_code']);
    const missing = await http(server.base, '/api/v1/profiles/recover', { method: 'POST', body: {} });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error.code, 'missing_field');
  });

  test('the export holds every interview with its answers and the progress', async () => {
    const exported = await http(server.base, '/api/v1/profiles/me/export', { token: profile.secret });
    assert.equal(exported.status, 200, exported.text);
    assert.match(exported.headers.get('content-disposition'), new RegExp(`attachment; filename="practice-profile-${profile.profile_id}.json"`));
    const whole = exported.json;
    assert.equal(whole.profile.profile_id, profile.profile_id);
    assert.equal(whole.interviews.length, 4);
    assert.deepEqual(whole.interviews.map((entry) => entry.kind), ['interview', 'interview', 'interview', 'drill']);
    const answers = whole.interviews[2].interview.events.filter((entry) => entry.event.type === 'answer_received').map((entry) => entry.event.text);
    assert.deepEqual(answers, [STRONG_ANSWER, STRONG_ANSWER]);
    assert.equal(whole.progress.totals.answers, 6);
  });

  test('every profile path refuses another method with 405 naming the right ones', async () => {
    for (const operation of api.operations(TAGS)) {
      const [method, route] = operation.split(' ');
      const wrong = ['PUT', 'PATCH'].find((candidate) => !api.document.paths[route][candidate.toLowerCase()]);
      const refused = await http(server.base, route, { method: wrong, token: profile.secret });
      assert.equal(refused.status, 405, operation);
      assert.match(refused.json.error.message, new RegExp(`use .*${method}`), operation);
    }
  });

  test('deleting the profile erases its interviews\' answers from the database file', async () => {
    const doomed = (await http(server.base, '/api/v1/profiles', { method: 'POST' })).json;
    const interview = await start(doomed.secret, 9);
    await answer(server.wsUrl, interview, [`My project ${ERASE_MARKER} used Redis and PostgreSQL with the team.`]);
    // The search index holds its words, or they wait for it in answer_search_pending (schema 9,
    // indexed in batches); the erasure must take them out with the rest.
    const indexed = () => Number(sql(temp.db, `SELECT (SELECT COUNT(*) FROM answer_search WHERE answer_search MATCH '${ERASE_MARKER}') + ` +
                                              `(SELECT COUNT(*) FROM answer_search_pending WHERE instr(text, '${ERASE_MARKER}') > 0)`));
    assert.equal(indexed(), 1, 'before: the answer is stored and indexed');
    const deleted = await http(server.base, '/api/v1/profiles/me', { method: 'DELETE', token: doomed.secret });
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual(deleted.json.deleted, { ...deleted.json.deleted, profile_id: doomed.profile_id, interviews: 1, answers: 1 });
    assert.equal(fileHas(ERASE_MARKER), false, 'after: not a byte of it in the database file or its WAL');
    assert.equal(indexed(), 0, 'after: not in the search index');
    assert.equal(sql(temp.db, `SELECT COUNT(*) FROM interview_event_segments WHERE interview_id = '${interview.interview_id}'`).trim(), '0');
    assert.equal((await http(server.base, '/api/v1/profiles/me', { token: doomed.secret })).status, 401);
    assert.equal((await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token })).status, 404);
    // The other profile is untouched.
    assert.equal((await http(server.base, '/api/v1/profiles/me', { token: profile.secret })).json.interviews.length, 4);
  });

  test('an interview of a profile deleted on its own leaves the profile\'s other interviews', async () => {
    const owner = (await http(server.base, '/api/v1/profiles', { method: 'POST' })).json;
    const first = await start(owner.secret, 3);
    await start(owner.secret, 4);
    const deleted = await http(server.base, `/api/v1/interviews/${first.interview_id}`, { method: 'DELETE', token: first.token });
    assert.equal(deleted.status, 200, deleted.text);
    const me = await http(server.base, '/api/v1/profiles/me', { token: owner.secret });
    assert.equal(me.json.interviews.length, 1);
  });

  test('every profile operation was checked against docs/openapi.json', () => {
    api.assertExercised(TAGS);
  });
});
