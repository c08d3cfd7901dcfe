// Every bad input gets its documented answer, and the server keeps serving everyone else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createInterview, http, startServer, STRONG_ANSWER, tempDir } from './harness.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectError(client, frame, code, field) {
  client.send(frame);
  const reply = await client.next();
  assert.equal(reply.type, 'error', JSON.stringify(reply));
  assert.equal(reply.v, 1);
  assert.equal(reply.code, code, reply.message);
  assert.ok(reply.message.length > 10, 'the message says what was wrong');
  if (field !== undefined) assert.equal(reply.field, field);
  return reply;
}

async function stillServes(client) {
  client.send({ type: 'ping' });
  assert.equal((await client.next()).type, 'pong');
}

describe('bad input', () => {
  let server;
  let temp;
  before(async () => {
    temp = tempDir();
    server = await startServer({
      db: temp.db,
      args: ['--max-answer-chars', '2000', '--max-messages-per-second', '20', '--rate-limit-strikes', '5'],
    });
  });
  after(async () => {
    await server?.stop();
    temp?.cleanup();
  });

  test('a message over 64 KiB closes that connection with 1009; others carry on', async () => {
    const bystander = await Client.open(server.wsUrl);
    const client = await Client.open(server.wsUrl);
    client.send({ type: 'answer', text: 'x'.repeat(70 * 1024) });
    const closed = await client.closed;
    assert.equal(closed.code, 1009);
    await stillServes(bystander);
    await bystander.close();
  });

  test('malformed JSON gets malformed_json and the connection stays usable', async () => {
    const client = await Client.open(server.wsUrl);
    const reply = await expectError(client, '{"type": "ping", "v": 1', 'malformed_json');
    assert.match(reply.message, /at byte \d+/);
    await expectError(client, '[1, 2, 3]', 'malformed_json');
    // Which answer was meant? A repeated key is refused rather than one value silently dropped.
    const twice = await expectError(client, '{"type": "ping", "v": 1, "v": 1}', 'malformed_json');
    assert.match(twice.message, /"v" appears more than once/);
    await stillServes(client);
    await client.close();
  });

  test('an unknown type is named', async () => {
    const client = await Client.open(server.wsUrl);
    const reply = await expectError(client, { type: 'anwser', text: 'hi' }, 'unknown_type', 'type');
    assert.match(reply.message, /'anwser'/);
    await stillServes(client);
    await client.close();
  });

  test('missing and wrong-typed fields are named', async () => {
    const client = await Client.open(server.wsUrl);
    await expectError(client, JSON.stringify({ v: 1, text: 'no type' }), 'missing_field', 'type');
    await expectError(client, JSON.stringify({ type: 'ping' }), 'missing_field', 'v');
    await expectError(client, { type: 'ping', v: 2 }, 'unsupported_version', 'v');
    await expectError(client, { type: 'join', interview_id: 'abc' }, 'missing_field', 'token');
    await expectError(client, { type: 'answer', text: 42 }, 'wrong_type', 'text');
    await expectError(client, { type: 'join', interview_id: 'a', token: 'b', last_seq: 'x' }, 'wrong_type', 'last_seq');
    await expectError(client, { type: 'command', name: 'dance' }, 'unknown_command', 'name');
    await stillServes(client);
    await client.close();
  });

  test('invalid UTF-8 in a binary frame gets invalid_utf8; in a text frame the connection closes with 1007', async () => {
    const client = await Client.open(server.wsUrl);
    client.socket.send(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), { binary: true });
    const reply = await client.next();
    assert.equal(reply.code, 'invalid_utf8');
    await stillServes(client);

    client.socket.send(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), { binary: false });
    assert.equal((await client.closed).code, 1007);
  });

  test('answering before joining, or joining with a bad id or token, is refused', async () => {
    const interview = await createInterview(server.base);
    const client = await Client.open(server.wsUrl);
    await expectError(client, { type: 'answer', text: 'hello' }, 'not_joined');
    await expectError(client, { type: 'join', interview_id: interview.interview_id, token: 'wrong' }, 'unauthorized');
    await expectError(client, { type: 'join', interview_id: 'no-such-interview', token: 'x' }, 'interview_not_found');
    await client.join(interview);
    await expectError(client, { type: 'join', interview_id: interview.interview_id, token: interview.token }, 'already_joined');
    await client.close();
  });

  test('a too-long answer is refused, nothing is stored, and the interview goes on', async () => {
    const interview = await createInterview(server.base);
    const client = await Client.open(server.wsUrl);
    const joined = await client.join(interview);
    const reply = await expectError(client, { type: 'answer', text: 'é'.repeat(2001) }, 'answer_too_long', 'text');
    assert.match(reply.message, /2001 characters/);
    assert.match(reply.message, /limit is 2000/);
    const frames = await client.exchange({ type: 'answer', text: STRONG_ANSWER });
    assert.equal(frames[0].type, 'ack');
    assert.equal(frames[0].seq, joined.last_seq + 1, 'the refused answer left no trace in the log');
    await client.close();
  });

  test('messages over the rate get rate_limited without being processed', async () => {
    const client = await Client.open(server.wsUrl);
    for (let i = 0; i < 24; i += 1) client.send({ type: 'ping' });
    const replies = [];
    for (let i = 0; i < 24; i += 1) replies.push(await client.next());
    const limited = replies.filter((reply) => reply.type === 'error');
    assert.ok(limited.length >= 1 && limited.length < 5, `some were limited: ${limited.length}`);
    assert.ok(limited.every((reply) => reply.code === 'rate_limited'));
    // It says when to try again, in words without raw numbers of its own, and that advice works.
    assert.ok(limited.every((reply) => Number.isInteger(reply.retry_after_ms) && reply.retry_after_ms > 0));
    assert.match(limited[0].message, /at most 20 per second/);
    assert.equal(replies.filter((reply) => reply.type === 'pong').length, 24 - limited.length);
    await sleep(Math.max(...limited.map((reply) => reply.retry_after_ms)));
    await stillServes(client);
    await client.close();
  });

  test('a client that keeps flooding is closed with 1008; others carry on', async () => {
    const bystander = await Client.open(server.wsUrl);
    const client = await Client.open(server.wsUrl);
    for (let i = 0; i < 60; i += 1) client.send({ type: 'ping' });
    const closed = await client.closed;
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /rate limit/);
    await stillServes(bystander);
    await bystander.close();
  });

  test('a page from another origin is refused at the handshake', async () => {
    await assert.rejects(Client.open(server.wsUrl, { origin: 'http://evil.example' }), (error) => error.status === 403);
    const sameOrigin = await Client.open(server.wsUrl, { origin: server.base });
    await stillServes(sameOrigin);
    await sameOrigin.close();
  });
});

describe('configured limits', () => {
  test('an allowlisted origin may connect and others may not', async () => {
    const temp = tempDir();
    const server = await startServer({ db: temp.db, args: ['--allowed-origin', 'https://interviews.example.com'] });
    try {
      const allowed = await Client.open(server.wsUrl, { origin: 'https://interviews.example.com' });
      await stillServes(allowed);
      await allowed.close();
      await assert.rejects(Client.open(server.wsUrl, { origin: server.base }), (error) => error.status === 403);
    } finally {
      await server.stop();
      temp.cleanup();
    }
  });

  test('connections over the cap get 503 until one closes', async () => {
    const temp = tempDir();
    const server = await startServer({ db: temp.db, args: ['--max-connections', '3'] });
    try {
      const open = await Promise.all([1, 2, 3].map(() => Client.open(server.wsUrl)));
      await assert.rejects(Client.open(server.wsUrl), (error) => error.status === 503);
      for (const client of open) await stillServes(client);
      await open[0].close();
      await sleep(100);
      const late = await Client.open(server.wsUrl);
      await stillServes(late);
      await Promise.all([late, open[1], open[2]].map((client) => client.close()));
    } finally {
      await server.stop();
      temp.cleanup();
    }
  });

  test('a client that answers no pings is closed after the idle timeout; a live one stays', async () => {
    const temp = tempDir();
    // 6 s: the live client has 3 s to answer each ping, ample even on a machine busy compiling.
    const idleTimeoutMs = 6000;
    const server = await startServer({ db: temp.db, args: ['--idle-timeout-ms', String(idleTimeoutMs)] });
    try {
      const silent = await Client.open(server.wsUrl, { autoPong: false });
      let pinged = false;
      silent.socket.on('ping', () => { pinged = true; });
      const live = await Client.open(server.wsUrl);
      const opened = Date.now();
      await silent.closed;
      const elapsed = Date.now() - opened;
      assert.ok(pinged, 'the server pinged before giving up');
      // A close frame says why, so the client knows it was idleness, not a failure.
      assert.equal(silent.closeInfo.code, 4001);
      assert.match(silent.closeInfo.reason, /idle/);
      assert.ok(elapsed >= idleTimeoutMs - 100, `closed after ${elapsed} ms, before the idle timeout`);
      // The live client answered the same pings (automatically): it is pinged again, not closed,
      // and still served. Waiting for pings, not for a clock, keeps this independent of load. Two
      // more ping cycles: each was a chance for the watchdog to miss a ping when it woke late.
      for (let cycle = 0; cycle < 2; cycle += 1) {
        await new Promise((resolve, reject) => {
          live.socket.once('ping', resolve);
          live.closed.then(() => reject(new Error(`the live client was closed: ${live.closeInfo?.code} ${live.closeInfo?.reason}`)));
        });
      }
      await stillServes(live);
      await live.close();
    } finally {
      await server.stop();
      temp.cleanup();
    }
  });

  test('an unusable limit stops the server before it listens, naming the flag', async () => {
    const temp = tempDir();
    try {
      await assert.rejects(startServer({ db: temp.db, args: ['--max-queued-writes', '1'] }), /--max-queued-writes/);
    } finally {
      temp.cleanup();
    }
  });
});
