// Resuming after a dropped connection, a graceful restart and kill -9; one connection taking
// over another.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createInterview, http, startServer, STRONG_ANSWER, tempDir, WEAK_ANSWER } from './harness.mjs';

function byType(entries, type) {
  return entries.filter((entry) => (entry.event ?? entry).type === type);
}

describe('resume and takeover', () => {
  test('a reconnecting client receives exactly the events after its last seq', async () => {
    const temp = tempDir();
    const server = await startServer({ db: temp.db });
    try {
      const interview = await createInterview(server.base);
      const first = await Client.open(server.wsUrl);
      await first.join(interview);
      const frames = await first.exchange({ type: 'answer', text: WEAK_ANSWER });
      const lastSeq = frames.at(-1).seq;
      first.socket.terminate();     // a dropped connection, no close handshake
      await first.closed;

      const second = await Client.open(server.wsUrl);
      const upToDate = await second.join(interview, lastSeq);
      assert.deepEqual(upToDate.events, []);
      assert.equal(upToDate.last_seq, lastSeq);
      await second.close();

      const third = await Client.open(server.wsUrl);
      const behind = await third.join(interview, 3);
      assert.deepEqual(behind.events.map((entry) => entry.seq), frames.slice(1).map((frame) => frame.seq));
      assert.deepEqual(behind.events.map((entry) => entry.event), frames.slice(1).map((frame) => frame.event));
      const next = await third.exchange({ type: 'answer', text: STRONG_ANSWER });
      assert.equal(next[0].seq, lastSeq + 1);
      await third.close();
    } finally {
      await server.stop();
      temp.cleanup();
    }
  });

  test('after a graceful restart the interview continues where it stood', async () => {
    const temp = tempDir();
    let server = await startServer({ db: temp.db });
    const interview = await createInterview(server.base);
    let client = await Client.open(server.wsUrl);
    await client.join(interview);
    const before = await client.exchange({ type: 'answer', text: STRONG_ANSWER });
    const beforeJoin = await (async () => {
      const other = await Client.open(server.wsUrl);
      const joined = await other.join(interview);
      await other.close();
      return joined;
    })();
    assert.equal((await client.closed).code, 4000);    // the check above took the interview over
    assert.equal((await server.stop('SIGTERM')).code, 0);

    server = await startServer({ db: temp.db });
    try {
      client = await Client.open(server.wsUrl);
      const joined = await client.join(interview);
      assert.deepEqual(joined.events, beforeJoin.events, 'the whole log survived the restart');
      assert.deepEqual(joined.state, beforeJoin.state);
      assert.equal(joined.last_seq, before.at(-1).seq);
      const after = await client.exchange({ type: 'answer', text: STRONG_ANSWER });
      assert.equal(after[0].type, 'ack');
      assert.equal(after[0].seq, joined.last_seq + 1);
      await client.close();
    } finally {
      await server.stop();
      temp.cleanup();
    }
  });

  test('after kill -9 nothing acknowledged is lost and the interview resumes', async () => {
    const temp = tempDir();
    let server = await startServer({ db: temp.db, args: ['--max-messages-per-second', '100'] });
    const interview = await createInterview(server.base, {
      role: 'backend-developer', industry: 'none', seniority: 'senior', questions_per_stage: 3, seed: 11,
    });
    const client = await Client.open(server.wsUrl);
    await client.join(interview);
    const seen = new Map();         // seq -> event, everything received after an ack
    let ackedUpTo = 3;
    for (let turn = 0; turn < 3; turn += 1) {
      const frames = await client.exchange({ type: 'answer', text: turn % 2 ? WEAK_ANSWER : STRONG_ANSWER });
      assert.equal(frames[0].type, 'ack');
      for (const frame of frames.slice(1)) seen.set(frame.seq, frame.event);
      ackedUpTo = frames.at(-1).seq;
    }
    // One more answer in flight when the process dies: it may or may not have been stored, so
    // the client sends it again with the same client id after the restart.
    const inFlight = { type: 'answer', text: `${STRONG_ANSWER} (in flight)`, client_id: 'in-flight-1' };
    client.send(inFlight);
    const killed = await server.stop('SIGKILL');
    assert.equal(killed.signal, 'SIGKILL');
    await client.closed;

    server = await startServer({ db: temp.db });
    try {
      const again = await Client.open(server.wsUrl);
      const joined = await again.join(interview);
      const stored = new Map(joined.events.map((entry) => [entry.seq, entry.event]));
      for (const [seq, event] of seen) assert.deepEqual(stored.get(seq), event, `acknowledged event ${seq} survived`);
      assert.ok(joined.last_seq >= ackedUpTo);
      // The in-flight answer is there completely or not at all: never an answer without its score.
      const extra = joined.events.filter((entry) => entry.seq > ackedUpTo).map((entry) => entry.event.type);
      if (extra.length) {
        assert.equal(extra[0], 'answer_received');
        assert.ok(extra.includes('answer_scored'), extra.join(', '));
      }
      // Resent with its client id: stored exactly once, whichever side of the commit the kill fell.
      const resent = await again.exchange(inFlight);
      assert.equal(resent[0].type, 'ack');
      assert.equal(resent[0].client_id, 'in-flight-1');
      assert.equal(Boolean(resent[0].duplicate), extra.length > 0, 'a duplicate exactly when it had been stored');
      const after = await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
      const copies = after.json.events.filter((entry) => entry.event.type === 'answer_received' && entry.event.text === inFlight.text);
      assert.equal(copies.length, 1, 'the in-flight answer is stored once');

      const next = await again.exchange({ type: 'answer', text: STRONG_ANSWER });
      assert.equal(next[0].type, 'ack');
      assert.equal(next[0].seq, resent.turn.seq + 1);
      await again.close();
    } finally {
      await server.stop();
      temp.cleanup();
    }
  });

  test('a second connection takes the interview over; the first is told and closed with 4000', async () => {
    const temp = tempDir();
    const server = await startServer({ db: temp.db });
    try {
      const interview = await createInterview(server.base);
      const first = await Client.open(server.wsUrl);
      await first.join(interview);
      const second = await Client.open(server.wsUrl);
      const joined = await second.join(interview);
      assert.equal(joined.last_seq, 3);

      const notice = await first.next();
      assert.equal(notice.type, 'superseded');
      assert.ok(notice.message.length > 0);
      const closed = await first.closed;
      assert.equal(closed.code, 4000);
      assert.match(closed.reason, /superseded/);

      const frames = await second.exchange({ type: 'answer', text: STRONG_ANSWER });
      assert.equal(frames[0].type, 'ack');
      const stored = await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
      assert.equal(byType(stored.json.events, 'answer_received').length, 1);
      await second.close();
    } finally {
      await server.stop();
      temp.cleanup();
    }
  });
});
