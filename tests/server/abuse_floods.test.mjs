// Floods from one address (127.0.0.1) while a well-behaved candidate on another (127.0.0.2) holds
// an interview: each flood is refused with a clear status, error or close code, and the candidate's
// turns stay as fast as a person expects (issue 15).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createInterview, http, openConnections, SHORT_PLAN, startServer, tempDir, waitFor } from './harness.mjs';
import { RawSocket } from './raw_socket.mjs';
import { GOOD_ADDRESS, httpFrom, NORMAL_TURN_MS, wellBehavedCandidate } from './abuse_helpers.mjs';

async function withServer(args, body) {
  const temp = tempDir();
  const server = await startServer({ db: temp.db, args });
  try {
    await body(server);
  } finally {
    await server.stop();
    temp.cleanup();
  }
}

function assertTurnComplete(turn, what) {
  assert.equal(turn.frames[0].type, 'ack', `${what}: the good candidate's answer was acknowledged`);
  assert.ok(turn.frames.turn, `${what}: its turn completed`);
  assert.ok(turn.ms < NORMAL_TURN_MS, `${what}: its turn took ${Math.round(turn.ms)} ms`);
}

describe('floods from one address', () => {
  test('many interviews created per second: 429 rate_limited with Retry-After, nothing created; others still create', () =>
    withServer(['--max-interviews-per-minute', '10'], async (server) => {
      const good = await wellBehavedCandidate(server);
      const attempts = await Promise.all(Array.from({ length: 30 }, () =>
        http(server.base, '/api/v1/interviews', { method: 'POST', body: SHORT_PLAN })));
      // The well-behaved candidate made one of the address table's ten on its own address, not this one.
      const created = attempts.filter((response) => response.status === 201);
      const refused = attempts.filter((response) => response.status === 429);
      assert.equal(created.length, 10, 'a burst of as many as the per-minute limit');
      assert.equal(refused.length, 20);
      for (const response of refused) {
        assert.equal(response.json.error.code, 'rate_limited');
        assert.match(response.json.error.message, /at most 10 per minute/);
        assert.ok(Number(response.headers.get('retry-after')) >= 1, 'Retry-After says when');
      }
      // Only the created ones exist: a refused creation stored nothing.
      const metrics = await http(server.base, '/metrics');
      assert.match(metrics.text, /^mi_interviews_created_total 11$/m);
      assertTurnComplete(await good.turn(), 'during the creation flood');
      const other = await httpFrom(GOOD_ADDRESS, server.base, '/api/v1/interviews', { method: 'POST', body: SHORT_PLAN });
      assert.equal(other.status, 201, 'another address still creates interviews');
      await good.client.close();
    }));

  test('a connection flood beyond the per-address cap: 429 too_many_connections; the candidate is unaffected', () =>
    withServer(['--max-connections-per-address', '10', '--max-connections', '200'], async (server) => {
      const good = await wellBehavedCandidate(server);
      const port = new URL(server.base).port;
      const flood = await Promise.all(Array.from({ length: 40 }, () => RawSocket.open(port)));
      for (const raw of flood) raw.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const statuses = await Promise.all(flood.map(async (raw) => {
        const bytes = await raw.until((data) => data.includes('\r\n\r\n'), 'a response');
        return Number(bytes.toString('latin1').split(' ')[1]);
      }));
      assert.equal(statuses.filter((status) => status === 429).length, 30, 'all but the cap refused');
      assert.equal(statuses.filter((status) => status === 200).length, 10);
      assertTurnComplete(await good.turn(), 'with the flood holding its connections');
      for (const raw of flood) raw.destroy();
      await good.client.close();
    }));

  test('a burst over the message rate: rate_limited, then close 1008; the candidate is unaffected', () =>
    withServer(['--max-messages-per-second', '5', '--rate-limit-strikes', '10'], async (server) => {
      const good = await wellBehavedCandidate(server);
      const flooder = await Client.open(server.wsUrl);
      for (let i = 0; i < 200; i += 1) flooder.send({ type: 'ping' });
      const closed = await flooder.closed;
      assert.equal(closed.code, 1008);
      assert.match(closed.reason, /rate limit/);
      assert.ok(flooder.queue.some((message) => message.code === 'rate_limited' && message.retry_after_ms >= 1));
      assertTurnComplete(await good.turn(), 'after the burst');
      await good.client.close();
    }));

  test('deeply nested JSON in a message and in a REST body gets a clear error, not a crash', () =>
    withServer([], async (server) => {
      const good = await wellBehavedCandidate(server);
      const nested = '['.repeat(30000) + ']'.repeat(30000);
      const attacker = await Client.open(server.wsUrl);
      attacker.send(nested);
      const reply = await attacker.next();
      assert.equal(reply.type, 'error');
      assert.equal(reply.code, 'malformed_json');
      const objects = '{"a":'.repeat(10000) + '1' + '}'.repeat(10000);
      attacker.send(objects);
      // Valid JSON, nested 10 000 deep: parsed without recursion, and refused for what it lacks.
      const lacking = await attacker.next();
      assert.equal(lacking.code, 'missing_field');
      assert.equal(lacking.field, 'type');
      const rest = await http(server.base, '/api/v1/interviews', { method: 'POST', body: nested });
      assert.equal(rest.status, 400);
      assert.equal(rest.json.error.code, 'malformed_json');
      attacker.send({ type: 'ping' });
      assert.equal((await attacker.next()).type, 'pong', 'the connection stays usable');
      assertTurnComplete(await good.turn(), 'after the nested JSON');
      await attacker.close();
      await good.client.close();
    }));
});

// A peer that never reads, as an attacker runs it: it joins an interview, stops reading its socket
// and sends answers (each echoed back in an answer_received event) until more than the kernel's
// socket buffers (about 4 MiB on loopback) is waiting for it. The answers are one long word, so
// scoring them costs little; the limits are raised so that they are accepted.
const NEVER_READS_ARGS = ['--max-message-bytes', String(4 * 1024 * 1024), '--max-answer-chars', '1000000',
  '--max-messages-per-second', '1000', '--rate-limit-strikes', '1000'];
const LONG_PLAN = { role: 'backend-developer', seniority: 'mid', seed: 7, questions_per_stage: 5, follow_ups_per_question: 1 };
const ANSWER_CHARS = 500000;

async function peerThatNeverReads(server) {
  const created = await createInterview(server.base, LONG_PLAN);
  const raw = await RawSocket.open(new URL(server.base).port);
  await raw.upgrade();
  raw.write(RawSocket.textFrame(JSON.stringify({ v: 1, type: 'join', interview_id: created.interview_id, token: created.token })));
  await raw.until((bytes) => bytes.includes('"joined"'), 'the joined frame');
  raw.socket.pause();     // from here on, nothing is read: the server's writes pile up
  return {
    raw,
    sendAnswers(count) {
      const text = 'x'.repeat(ANSWER_CHARS);
      for (let i = 0; i < count; i += 1) {
        raw.write(RawSocket.textFrame(JSON.stringify({ v: 1, type: 'answer', text, client_id: `never-reads-${i}` })));
      }
    },
  };
}

async function errorCount(server, kind) {
  const metrics = await http(server.base, '/metrics');
  return Number(new RegExp(`^mi_errors_total\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(metrics.text)?.[1] ?? 0);
}

describe('peers that never read', () => {
  test('one that keeps sending is closed once its unsent frames pass the cap, then dropped; the candidate is unaffected', () =>
    withServer([...NEVER_READS_ARGS, '--max-queued-writes', '16', '--handshake-timeout-ms', '1000'], async (server) => {
      const good = await wellBehavedCandidate(server);
      const before = await openConnections(server.base);
      const peer = await peerThatNeverReads(server);
      peer.sendAnswers(16);
      await waitFor(async () => await errorCount(server, 'slow_consumer') === 1, { what: 'the server to shed the peer', timeoutMs: 60000 });
      assertTurnComplete(await good.turn(), 'while the peer was shed');
      // Its close frame (1008) waits behind frames it never reads: after the handshake timeout the
      // socket is dropped, and the connection is gone.
      await waitFor(async () => await openConnections(server.base) === before, { what: 'the peer\'s connection to go', timeoutMs: 60000 });
      peer.raw.socket.resume();
      await peer.raw.ended;
      assert.match(server.stderr(), /frames unsent, closing/);
      assertTurnComplete(await good.turn(), 'after the peer was dropped');
      await good.client.close();
    }));

  test('one that stops sending too, with a frame half-written, is dropped after the write timeout; the candidate is unaffected', () =>
    withServer([...NEVER_READS_ARGS, '--write-timeout-ms', '1000', '--max-queued-writes', '65536'], async (server) => {
      const good = await wellBehavedCandidate(server);
      const before = await openConnections(server.base);
      const peer = await peerThatNeverReads(server);
      // 16 answers: about 8 MiB of events, more than the socket buffers hold. With the queue cap
      // out of the way, only the write timeout can shed this peer before the idle timeout (60 s).
      peer.sendAnswers(16);
      await waitFor(async () => await errorCount(server, 'write_timeout') === 1, { what: 'the write timeout to drop the peer', timeoutMs: 60000 });
      await waitFor(async () => await openConnections(server.base) === before, { what: 'the peer\'s connection to go', timeoutMs: 60000 });
      assert.equal(await errorCount(server, 'slow_consumer'), 0, 'the queue cap was not what shed it');
      assert.equal(await errorCount(server, 'idle_timeout'), 0, 'nor the idle timeout');
      peer.raw.socket.resume();
      await peer.raw.ended;
      assert.match(server.stderr(), /not taken within 1 s, dropped/);
      assertTurnComplete(await good.turn(), 'after the peer was dropped');
      await good.client.close();
    }));
});

describe('slow and oversized peers', () => {
  test('headers trickled a byte at a time on many sockets are cut off; the candidate is unaffected', () =>
    withServer(['--handshake-timeout-ms', '500'], async (server) => {
      const good = await wellBehavedCandidate(server);
      const port = new URL(server.base).port;
      const slow = await Promise.all(Array.from({ length: 20 }, () => RawSocket.open(port)));
      const request = Buffer.from(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(100)}\r\n\r\n`);
      let sent = 0;
      const trickle = setInterval(() => {
        sent += 1;
        for (const raw of slow) raw.write(request.subarray(sent - 1, sent));
      }, 100);
      try {
        // Mid-trickle: every slow socket is still open and waiting.
        await waitFor(() => sent >= 2, { what: 'the trickle to start' });
        assertTurnComplete(await good.turn(), 'while headers trickle in');
        await Promise.all(slow.map((raw) => raw.ended));
      } finally {
        clearInterval(trickle);
      }
      assert.ok(sent < request.length, `cut off after ${sent} of ${request.length} bytes`);
      await good.client.close();
    }));

  test('a frame announcing more than the message limit closes with 1009; the candidate is unaffected', () =>
    withServer([], async (server) => {
      const good = await wellBehavedCandidate(server);
      const port = new URL(server.base).port;
      const oversized = await Promise.all(Array.from({ length: 10 }, async () => {
        const raw = await RawSocket.open(port);
        await raw.upgrade();
        raw.write(RawSocket.frameHeader(2 ** 40));
        return raw;
      }));
      for (const raw of oversized) assert.equal(await raw.closeCode(), 1009);
      assertTurnComplete(await good.turn(), 'after the oversized frames');
      for (const raw of oversized) raw.destroy();
      await good.client.close();
    }));
});

describe('the creation limit is per address', () => {
  test('a refused address gets its slot back as the minute passes; another address is never refused', () =>
    withServer(['--max-interviews-per-minute', '2'], async (server) => {
      await createInterview(server.base);
      await createInterview(server.base);
      const refused = await http(server.base, '/api/v1/interviews', { method: 'POST', body: SHORT_PLAN });
      assert.equal(refused.status, 429);
      // One token per 30 s at this limit: Retry-After says so instead of the client guessing.
      assert.ok(Number(refused.headers.get('retry-after')) > 1);
      const other = await httpFrom(GOOD_ADDRESS, server.base, '/api/v1/interviews', { method: 'POST', body: SHORT_PLAN });
      assert.equal(other.status, 201);
    }));
});
