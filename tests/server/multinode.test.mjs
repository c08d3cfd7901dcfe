// Several real server nodes on one store, one of them behind HAProxy: an interview continues on
// another node after a kill -9, two connections on two nodes answer one interview at once without
// forking its log, each webhook reply is delivered once with both nodes delivering and one killed
// mid-delivery, and two nodes starting together migrate the schema once.
//
// The store: two processes on one SQLite file (WAL) are two nodes on one store for everything the
// log decides; then the same tests on PostgreSQL (a fresh database per test on the cluster CTest
// starts, fixture `postgres`), with the takeover across nodes that needs its notices.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  BINARY, Client, createInterview, http, STRONG_ANSWER, tempDir, waitFor, WEAK_ANSWER,
} from './harness.mjs';
import { FakeChatApi, genericHeaders, post } from './fake_chat_api.mjs';
import { metric, nodeHolding, pidOfLocalPort, startHaproxy, startNodes, stopAll } from './multinode_harness.mjs';
import { pgTestDatabase, psql } from './postgres_harness.mjs';

const LONG_PLAN = Object.freeze({
  role: 'backend-developer', industry: 'none', seniority: 'senior', questions_per_stage: 3, follow_ups_per_question: 0,
  seed: 23,
});

/** The stored log, checked for a fork: seq 1..n without a gap, every answer scored before the next. */
function assertNoFork(events) {
  let awaitingScore = false;
  events.forEach((entry, index) => {
    assert.equal(entry.seq, index + 1, 'the log has no gap and no repeated seq');
    if (entry.event.type === 'answer_received') {
      assert.ok(!awaitingScore, `answer at seq ${entry.seq} came before the previous one was scored`);
      awaitingScore = true;
    }
    if (entry.event.type === 'answer_scored') awaitingScore = false;
  });
  return events.filter((entry) => entry.event.type === 'answer_received').map((entry) => entry.event.text);
}

async function storedEvents(node, interview) {
  const stored = await http(node.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
  assert.equal(stored.status, 200, stored.text);
  return stored.json.events;
}

/** Sends an answer and waits for its turn: { acked, frames } or { refused: code } or { closed }. */
async function answerOnce(client, message) {
  try {
    const frames = await client.exchange(message);
    if (frames[0].type === 'ack') return { acked: true, frames };
    return { refused: frames[0].code ?? frames[0].type, message: frames[0].message };
  } catch (error) {
    return { closed: String(error.message) };
  }
}

function storesUnderTest() {
  const stores = [{
    name: 'one SQLite file',
    notices: false,
    open: () => {
      const temp = tempDir();
      return { db: temp.db, cleanup: temp.cleanup };
    },
  }];
  stores.push({
    name: 'PostgreSQL',
    notices: true,
    open: () => {
      const database = pgTestDatabase();
      return { db: database.url, cleanup: database.cleanup };
    },
  });
  return stores;
}

for (const store of storesUnderTest()) {
  describe(`two nodes on ${store.name}`, () => {
    test('an interview started through HAProxy continues on the other node after a kill -9, nothing acknowledged lost', async () => {
      const opened = store.open();
      const nodes = await startNodes(opened.db, { args: ['--max-messages-per-second', '100'] });
      const proxy = await startHaproxy(nodes);
      try {
        const interview = await createInterview(proxy.base, LONG_PLAN);
        const client = await Client.open(proxy.wsUrl);
        await client.join(interview);
        const acknowledged = new Map();     // seq -> event, every event after an ack
        let ackedUpTo = 0;
        for (let turn = 0; turn < 3; turn += 1) {
          const frames = await client.exchange({ type: 'answer', text: turn % 2 ? WEAK_ANSWER : STRONG_ANSWER, client_id: `t${turn}` });
          assert.equal(frames[0].type, 'ack');
          for (const frame of frames.slice(1)) acknowledged.set(frame.seq, frame.event);
          ackedUpTo = frames.at(-1).seq;
        }
        const holder = await nodeHolding(nodes);
        const survivor = nodes.find((node) => node !== holder);
        const inFlight = { type: 'answer', text: `${STRONG_ANSWER} (in flight)`, client_id: 'in-flight' };
        client.send(inFlight);
        assert.equal((await holder.stop('SIGKILL')).signal, 'SIGKILL');
        await client.closed;

        // Through the same proxy: the dead node is skipped (a refused connect is redispatched).
        const again = await Client.open(proxy.wsUrl);
        const joined = await again.join(interview);
        const stored = new Map(joined.events.map((entry) => [entry.seq, entry.event]));
        for (const [seq, event] of acknowledged) assert.deepEqual(stored.get(seq), event, `acknowledged event ${seq} survived`);
        const extra = joined.events.filter((entry) => entry.seq > ackedUpTo).map((entry) => entry.event.type);
        if (extra.length) assert.equal(extra[0], 'answer_received');
        const resent = await again.exchange(inFlight);
        assert.equal(resent[0].type, 'ack');
        // Stored before the join means a duplicate. The converse does not hold on PostgreSQL: a
        // COMMIT the killed node had already sent is finished by the database after its client is
        // gone, which can be after the join's read; then the resend is the duplicate of it.
        if (extra.length > 0) assert.equal(resent[0].duplicate, true, 'a duplicate when the dead node had stored it');
        if (resent[0].duplicate && extra.length === 0) assert.equal(store.name, 'PostgreSQL', 'only a database finishing a dead client\'s commit stores it late');
        const next = await again.exchange({ type: 'answer', text: STRONG_ANSWER, client_id: 'after' });
        assert.equal(next[0].type, 'ack');
        assert.equal(next[0].seq, resent.turn.seq + 1);
        assert.equal(await metric(survivor, 'mi_active_interviews'), 1, 'the surviving node holds it now');
        const answers = assertNoFork(await storedEvents(survivor, interview));
        assert.equal(answers.filter((text) => text === inFlight.text).length, 1, 'the in-flight answer is stored once');
        await again.close();
      } finally {
        await proxy.stop();
        await stopAll(nodes);
        opened.cleanup();
      }
    });

    test('two connections on two nodes answering one interview at once: one turn per accepted answer, no fork', async () => {
      const opened = store.open();
      const nodes = await startNodes(opened.db, { args: ['--max-messages-per-second', '100'] });
      try {
        const interview = await createInterview(nodes[0].base, LONG_PLAN);
        const clients = [await Client.open(nodes[0].wsUrl), await Client.open(nodes[1].wsUrl)];
        await clients[0].join(interview);
        await clients[1].join(interview);
        const accepted = [];
        const unanswered = [];      // sent on a connection closed (superseded) before its turn came back
        const outcomes = [];
        for (let round = 0; round < 6; round += 1) {
          const messages = clients.map((client, side) => ({
            type: 'answer', text: `${round % 2 ? WEAK_ANSWER : STRONG_ANSWER} [round ${round} from node ${side}]`,
            client_id: `r${round}-n${side}`,
          }));
          // Both sent in the same tick: the nodes race for the same next seq.
          const results = await Promise.all(clients.map((client, side) => (
            client.closeInfo ? { closed: 'before' } : answerOnce(client, messages[side]))));
          results.forEach((result, side) => {
            outcomes.push(result);
            if (result.acked) accepted.push(messages[side].text);
            if (result.closed) unanswered.push(messages[side].text);
          });
          if (results.some((result) => result.acked && result.frames.turn.state.status === 'finished')) break;
        }
        const answers = assertNoFork(await storedEvents(nodes[1], interview));
        assert.equal(new Set(answers).size, answers.length, 'no answer stored twice');
        for (const text of accepted) assert.ok(answers.includes(text), `acknowledged answer stored: ${text}`);
        // An answer whose connection was superseded while it was being handled may be stored without
        // its ack reaching the client (as at a kill -9: the client resends it with its client_id).
        for (const text of answers) assert.ok(accepted.includes(text) || unanswered.includes(text), `stored answer was sent: ${text}`);
        assert.ok(accepted.length >= 6, `at least one answer accepted per round (${JSON.stringify(outcomes.map((o) => Object.keys(o)[0]))})`);
        if (!store.notices) {
          // Nothing tells a node of the other's appends here: each caught up from the log.
          // Every answer is its own turn, except one that met the end of the interview the other
          // node's turn had just reached, or whose practical task that turn closed while its code
          // was being checked: refused, saying so, and nothing of it stored.
          for (const outcome of outcomes.filter((entry) => !entry.acked)) {
            if (outcome.refused === 'interview_finished') continue;
            assert.equal(outcome.refused, 'message_refused', JSON.stringify(outcome));
            assert.match(outcome.message, /moved on to another task/);
          }
          const caughtUp = (await metric(nodes[0], 'mi_errors_total{kind="stale_engine"}')) +
            (await metric(nodes[1], 'mi_errors_total{kind="stale_engine"}')) +
            (await metric(nodes[0], 'mi_errors_total{kind="sequence_conflict"}')) +
            (await metric(nodes[1], 'mi_errors_total{kind="sequence_conflict"}'));
          assert.ok(caughtUp >= 5, `the nodes replayed each other's turns (${caughtUp})`);
        }
        for (const client of clients) if (!client.closeInfo) await client.close();
      } finally {
        await stopAll(nodes);
        opened.cleanup();
      }
    });

    if (store.notices) {
      test('a second connection on another node takes the interview over: the first is closed with 4000', async () => {
        const opened = store.open();
        const nodes = await startNodes(opened.db);
        try {
          const interview = await createInterview(nodes[0].base);
          const first = await Client.open(nodes[0].wsUrl);
          await first.join(interview);
          const second = await Client.open(nodes[1].wsUrl);
          const joined = await second.join(interview);
          assert.equal(joined.last_seq, 3);
          const notice = await first.next();
          assert.equal(notice.type, 'superseded');
          const closed = await first.closed;
          assert.equal(closed.code, 4000);
          assert.match(closed.reason, /superseded/);
          const frames = await second.exchange({ type: 'answer', text: STRONG_ANSWER });
          assert.equal(frames[0].type, 'ack');
          assert.equal(frames[0].seq, 4);
          await second.close();
        } finally {
          await stopAll(nodes);
          opened.cleanup();
        }
      });
    }

    test('webhook replies are delivered once each with both nodes delivering and one killed mid-delivery', async () => {
      const opened = store.open();
      let holdNext = false;
      const callback = await FakeChatApi.start(() => {
        if (!holdNext) return null;
        holdNext = false;
        return 'hold';
      });
      const secret = 'multinode-webhook-secret-0123456789';
      const env = { MI_WEBHOOK_SECRET: secret, MI_WEBHOOK_CALLBACK_URL: `${callback.base}/hook` };
      // A short outbound timeout: a claim lasts one request and 2 s more, so a dead node's claim
      // runs out within seconds.
      const args = ['--outbound-timeout-ms', '1000', '--outbox-retry-base-ms', '20', '--outbox-retry-max-ms', '200',
        '--chat-messages-per-conversation-per-second', '50', '--chat-messages-per-second', '500'];
      const nodes = await startNodes(opened.db, { args, env });
      try {
        let expected = 0;
        const send = async (node, conversation, text, key) => {
          const body = JSON.stringify({ conversation_id: conversation, user_id: `u-${conversation}`, text });
          const response = await post(node.base, '/api/v1/webhooks/generic', body, genericHeaders(secret, body, { idempotencyKey: key }));
          assert.equal(response.status, 200, response.text);
          expected += response.json.messages.length;
          return response;
        };
        const conversations = ['c-1', 'c-2', 'c-3', 'c-4'];
        // Each conversation's turns go to the two nodes in turn, so both queue replies.
        for (const [index, conversation] of conversations.entries()) {
          await send(nodes[index % 2], conversation, '/start hr junior', `${conversation}-start`);
        }
        for (const [index, conversation] of conversations.entries()) {
          await send(nodes[(index + 1) % 2], conversation, STRONG_ANSWER, `${conversation}-0`);
        }
        await callback.untilDelivered(expected, `${expected} callbacks before the kill`);

        // The next callback is held unanswered; the node that sent it is killed with it in flight.
        holdNext = true;
        await send(nodes[0], 'c-1', WEAK_ANSWER, 'c-1-1');
        await callback.until(() => callback.held.length === 1, 'a callback held');
        const heldKey = callback.held[0].entry.headers['idempotency-key'];
        const senderPid = pidOfLocalPort(callback.held[0].response.socket.remotePort);
        const sender = nodes.find((node) => node.child.pid === senderPid);
        assert.ok(sender, `the held callback came from a node (pid ${senderPid})`);
        const survivor = nodes.find((node) => node !== sender);
        assert.equal((await sender.stop('SIGKILL')).signal, 'SIGKILL');
        callback.dropHeld();
        for (const conversation of conversations.slice(1)) await send(survivor, conversation, WEAK_ANSWER, `${conversation}-1`);

        // The survivor sends the dead node's claimed reply once its claim ran out, and all the rest.
        await callback.untilDelivered(expected, `${expected} callbacks after the kill`);
        const keys = callback.delivered().map((entry) => entry.headers['idempotency-key']);
        assert.equal(new Set(keys).size, keys.length, 'no reply delivered twice');
        assert.equal(keys.length, expected);
        assert.ok(keys.includes(heldKey), 'the reply in flight at the kill was delivered afterwards');
        const sentRows = () => JSON.parse(execFileSync(BINARY, ['outbox', 'list', '--db', opened.db, '--state', 'sent', '--json', '--limit', '500']));
        await waitFor(() => sentRows().length === expected, { what: `${expected} outbox rows recorded as sent` });
      } finally {
        await stopAll(nodes);
        await callback.stop();
        opened.cleanup();
      }
    });

    test('two nodes starting at once on a new store migrate it once and both serve', async () => {
      const opened = store.open();
      const nodes = await startNodes(opened.db, { count: 2 });
      try {
        for (const node of nodes) assert.equal((await http(node.base, '/readyz')).status, 200);
        const interview = await createInterview(nodes[0].base);
        const client = await Client.open(nodes[1].wsUrl);
        const joined = await client.join(interview);
        assert.equal(joined.last_seq, 3);
        await client.close();
        const query = 'SELECT version FROM schema_migrations ORDER BY version';
        const listed = store.notices ? psql(opened.db, query) : execFileSync('sqlite3', [opened.db, query], { encoding: 'utf8' });
        const versions = listed.trim().split('\n').map(Number);
        assert.ok(versions.length >= 5);
        assert.deepEqual(versions, [...new Set(versions)].sort((a, b) => a - b), 'each migration recorded once');
      } finally {
        await stopAll(nodes);
        opened.cleanup();
      }
    });
  });
}
