// The real server on --db postgresql://...: a whole interview across a graceful restart and a
// kill -9, readiness with the database, practice profiles, and an SQLite database moved over
// with `db copy`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  BINARY, Client, createInterview, http, SHORT_PLAN, startServer, STRONG_ANSWER, tempDir, waitFor, WEAK_ANSWER,
} from './harness.mjs';
import { answer } from './coach_harness.mjs';
import { ownCluster, pgTestDatabase, psql } from './postgres_harness.mjs';

/** Answers until the report; returns the seq of the last event. */
async function answerToTheEnd(client, lastSeq) {
  for (let turn = 0; turn < 40; turn += 1) {
    const frames = await client.exchange({ type: 'answer', text: turn % 2 ? WEAK_ANSWER : STRONG_ANSWER });
    assert.equal(frames[0].type, 'ack', JSON.stringify(frames[0]));
    for (const frame of frames.slice(1)) {
      assert.equal(frame.seq, lastSeq + 1, 'no event is skipped or repeated');
      lastSeq = frame.seq;
      if (frame.event.type === 'report') return lastSeq;
    }
  }
  throw new Error('the interview did not end within 40 answers');
}

// Answers go back to back: a rate limit made for people would only slow the test down.
const FAST = ['--max-messages-per-second', '100'];

function runCli(args) {
  const result = spawnSync(BINARY, args, { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('PostgreSQL backend', () => {
  test('a whole interview on PostgreSQL survives a restart and a kill -9, and resumes to its report', async () => {
    const database = pgTestDatabase();
    let server = await startServer({ db: database.url, args: FAST });
    try {
      assert.match(server.stderr(), /database: PostgreSQL at postgresql:\/\/[^ ]+ at schema version \d+/);
      const ready = await http(server.base, '/readyz');
      assert.equal(ready.status, 200, ready.text);

      const interview = await createInterview(server.base, { ...SHORT_PLAN, stages: ['hr', 'technical'] });
      let client = await Client.open(server.wsUrl);
      let joined = await client.join(interview);
      const first = await client.exchange({ type: 'answer', text: STRONG_ANSWER, client_id: 'c-1' });
      assert.equal(first[0].type, 'ack');
      await client.close();
      assert.equal((await server.stop('SIGTERM')).code, 0);

      // A graceful restart: the whole log is read back from PostgreSQL.
      server = await startServer({ db: database.url, args: FAST });
      client = await Client.open(server.wsUrl);
      joined = await client.join(interview);
      assert.equal(joined.last_seq, first.at(-1).seq);
      const resent = await client.exchange({ type: 'answer', text: STRONG_ANSWER, client_id: 'c-1' });
      assert.equal(resent[0].type, 'ack');
      assert.equal(resent[0].duplicate, true, 'a resent client id is answered from the store');
      const second = await client.exchange({ type: 'answer', text: WEAK_ANSWER });
      assert.equal(second[0].type, 'ack');
      const acknowledged = second.at(-1).seq;
      const killed = await server.stop('SIGKILL');
      assert.equal(killed.signal, 'SIGKILL');
      await client.closed;

      // After kill -9 every acknowledged event is there, and the interview runs to its report.
      server = await startServer({ db: database.url, args: FAST });
      client = await Client.open(server.wsUrl);
      joined = await client.join(interview);
      assert.equal(joined.last_seq, acknowledged);
      const end = await answerToTheEnd(client, joined.last_seq);
      await client.close();

      const stored = await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
      assert.equal(stored.status, 200);
      assert.equal(stored.json.status, 'finished');
      assert.equal(stored.json.events.length, end);
      assert.deepEqual(stored.json.events.map((entry) => entry.seq), Array.from({ length: end }, (_, i) => i + 1));
      assert.equal(psql(database.url, `SELECT last_seq FROM interviews WHERE id = '${interview.interview_id}'`), String(end));
    } finally {
      await server.stop();
      database.cleanup();
    }
  });

  test('while PostgreSQL is down /readyz names the database and answers are not acknowledged; both recover after', async () => {
    const cluster = ownCluster();
    const server = await startServer({ db: cluster.url, args: FAST });
    try {
      const interview = await createInterview(server.base);
      const client = await Client.open(server.wsUrl);
      await client.join(interview);
      const before = await client.exchange({ type: 'answer', text: STRONG_ANSWER });
      assert.equal(before[0].type, 'ack');

      cluster.pause();
      const down = await http(server.base, '/readyz');
      assert.equal(down.status, 503);
      assert.match(down.json.problems.join(' '), /the database does not answer: .*127\.0\.0\.1/);
      const refused = await client.exchange({ type: 'answer', text: WEAK_ANSWER, client_id: 'during-outage' });
      assert.equal(refused[0].type, 'error', JSON.stringify(refused[0]));

      cluster.resume();
      await waitFor(async () => (await http(server.base, '/readyz')).status === 200, { what: 'readiness after the database came back' });
      const again = await Client.open(server.wsUrl);
      const joined = await again.join(interview);
      assert.equal(joined.last_seq, before.at(-1).seq, 'nothing half-stored during the outage');
      const after = await again.exchange({ type: 'answer', text: WEAK_ANSWER, client_id: 'during-outage' });
      assert.equal(after[0].type, 'ack', JSON.stringify(after[0]));
      assert.equal(after[0].seq, joined.last_seq + 1);
      await again.close();
    } finally {
      await server.stop();
      cluster.stop();
    }
  });

  test('practice profiles on PostgreSQL: an owned interview, its progress across a restart, and deletion of it all', async () => {
    const database = pgTestDatabase();
    let server = await startServer({ db: database.url, args: FAST });
    try {
      const created = await http(server.base, '/api/v1/profiles', { method: 'POST' });
      assert.equal(created.status, 201, created.text);
      const profile = created.json;
      const started = await http(server.base, '/api/v1/profiles/me/interviews', {
        method: 'POST', token: profile.secret, body: { ...SHORT_PLAN, stages: ['hr'], seed: 7 },
      });
      assert.equal(started.status, 201, started.text);
      const events = await answer(server.wsUrl, started.json, [STRONG_ANSWER]);
      assert.ok(events.some((event) => event.type === 'answer_scored'), 'the answer was scored');
      assert.equal(psql(database.url, `SELECT profile_id FROM profile_interviews WHERE interview_id = '${started.json.interview_id}'`),
        profile.profile_id);
      assert.equal((await server.stop('SIGTERM')).code, 0);

      // Another start of the server reads the profile back from PostgreSQL.
      server = await startServer({ db: database.url, args: FAST });
      const me = await http(server.base, '/api/v1/profiles/me', { token: profile.secret });
      assert.equal(me.status, 200, me.text);
      assert.deepEqual(me.json.interviews.map((entry) => entry.interview_id), [started.json.interview_id]);
      const progress = await http(server.base, '/api/v1/profiles/me/progress', { token: profile.secret });
      assert.equal(progress.status, 200, progress.text);
      assert.equal(progress.json.totals.interviews, 1);
      assert.equal(progress.json.totals.answers, 1);

      const deleted = await http(server.base, '/api/v1/profiles/me', { method: 'DELETE', token: profile.secret });
      assert.equal(deleted.status, 200, deleted.text);
      assert.equal(deleted.json.deleted.profile_id, profile.profile_id);
      assert.equal(deleted.json.deleted.interviews, 1);
      assert.equal(deleted.json.deleted.answers, 1);
      const gone = await http(server.base, '/api/v1/profiles/me', { token: profile.secret });
      assert.equal(gone.status, 401, 'the secret no longer finds a profile');
      for (const table of ['profiles', 'profile_secrets', 'profile_interviews', 'interview_events', 'interview_event_segments']) {
        assert.equal(psql(database.url, `SELECT COUNT(*) FROM ${table}`), '0', table);
      }
    } finally {
      await server.stop();
      database.cleanup();
    }
  });

  test('an unreachable database stops the start with its address and never the password', async () => {
    const result = runCli(['serve', '--port', '0', '--db', 'postgresql://mi:hunter2@127.0.0.1:1/mi?connect_timeout=5']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot connect to PostgreSQL at postgresql:\/\/mi:\*\*\*@127\.0\.0\.1:1\/mi/);
    assert.doesNotMatch(result.stderr + result.stdout, /hunter2/);
  });

  test('db copy moves an SQLite database, verified by counts and checksums, and the server carries on from it', async () => {
    const temp = tempDir();
    const database = pgTestDatabase();
    let server = await startServer({ db: temp.db });
    try {
      const interview = await createInterview(server.base);
      const client = await Client.open(server.wsUrl);
      await client.join(interview);
      await client.exchange({ type: 'answer', text: STRONG_ANSWER });
      await client.close();
      const before = await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
      assert.equal((await server.stop('SIGTERM')).code, 0);
      const coach = runCli(['coach', 'add', 'ada', '--db', temp.db]);
      assert.equal(coach.code, 0, coach.stderr);

      const copied = runCli(['db', 'copy', '--from', temp.db, '--to', database.url]);
      assert.equal(copied.code, 0, copied.stderr + copied.stdout);
      assert.match(copied.stdout, /^interviews +1 +1 +([0-9a-f]{16}) +\1 *ok$/m);
      // The events are stored as segments (schema 8): one for the opening events, one for the answer's.
      assert.match(copied.stdout, /^interview_events +0 +0 .*ok$/m);
      assert.match(copied.stdout, /^interview_event_segments +2 +2 +([0-9a-f]{16}) +\1 *ok$/m);
      assert.match(copied.stdout, /^coaches +1 +1 .*ok$/m);
      assert.match(copied.stdout, /^answer_search \(rebuilt\) +1 +1 .*ok$/m);
      assert.match(copied.stdout, /verified: every table's row count and checksum match/);

      // A second copy into the now non-empty target is refused and changes nothing.
      const again = runCli(['db', 'copy', '--from', temp.db, '--to', database.url]);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /is not empty: interviews \(1 rows\)/);
      assert.match(again.stderr, /--replace/);
      const replaced = runCli(['db', 'copy', '--from', temp.db, '--to', database.url, '--replace']);
      assert.equal(replaced.code, 0, replaced.stderr);

      server = await startServer({ db: database.url, args: FAST });
      const after = await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
      assert.equal(after.status, 200);
      assert.deepEqual(after.json.events, before.json.events, 'the same log, event for event');
      const resumed = await Client.open(server.wsUrl);
      const joined = await resumed.join(interview);
      const next = await resumed.exchange({ type: 'answer', text: WEAK_ANSWER });
      assert.equal(next[0].type, 'ack');
      assert.equal(next[0].seq, joined.last_seq + 1);
      await resumed.close();
      const coaches = runCli(['coach', 'list', '--db', database.url]);
      assert.equal(coaches.code, 0, coaches.stderr);
      assert.match(coaches.stdout, /ada/);
    } finally {
      await server.stop();
      database.cleanup();
      temp.cleanup();
    }
  });

  test('db copy refuses what it cannot use, naming it', () => {
    const temp = tempDir();
    try {
      const missing = runCli(['db', 'copy', '--from', `${temp.dir}/nope.db`, '--to', 'postgresql://x@127.0.0.1:1/x']);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no SQLite database at .*nope\.db/);
      const notUrl = runCli(['db', 'copy', '--from', temp.db, '--to', `${temp.dir}/other.db`]);
      assert.equal(notUrl.code, 2);
      assert.match(notUrl.stderr, /--to must be a postgresql:\/\//);
      const noTarget = runCli(['db', 'copy', '--from', temp.db]);
      assert.equal(noTarget.code, 2);
      assert.match(noTarget.stderr, /--to/);
    } finally {
      temp.cleanup();
    }
  });
});
