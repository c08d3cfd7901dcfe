// Regression tests for the ways a single client could take the server down or lock others out
// (issue 11): numbers beyond a double, oversized and trickled messages, slow headers, too many
// connections from one address; and the protocol promises an independent client relies on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createInterview, http, openConnections, SHORT_PLAN, startServer, STRONG_ANSWER, tempDir, waitFor,
         WEAK_ANSWER } from './harness.mjs';
import { RawSocket } from './raw_socket.mjs';

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

describe('numbers beyond a double', () => {
  test('get malformed_json in any message, and the connection is freed when it closes', () =>
    withServer(['--max-connections', '6'], async (server) => {
      // Twenty clients in a row on a server capped at six: each slot must come back.
      for (let i = 0; i < 20; i += 1) {
        const client = await Client.open(server.wsUrl);
        client.send('{"type":"ping","v":1e999}');
        const reply = await client.next();
        assert.equal(reply.code, 'malformed_json');
        assert.match(reply.message, /at byte 20/);
        assert.doesNotMatch(reply.message, /1e999/);
        client.send({ type: 'ping' });
        assert.equal((await client.next()).type, 'pong', 'the connection stays usable');
        await client.close();
      }
      await waitFor(async () => (await openConnections(server.base)) === 0, { what: 'every connection released' });
      assert.doesNotMatch(server.stderr(), /1e999/, 'the log does not carry the number');
    }));

  test('in a join, an answer and a REST body alike', () =>
    withServer([], async (server) => {
      const interview = await createInterview(server.base);
      const client = await Client.open(server.wsUrl);
      client.send(`{"type":"join","v":1,"interview_id":"${interview.interview_id}","token":"x","last_seq":1e999}`);
      assert.equal((await client.next()).code, 'malformed_json');
      await client.join(interview);
      client.send('{"type":"answer","v":1,"text":"x","client_id":"a","extra":-1e400}');
      assert.equal((await client.next()).code, 'malformed_json');
      const active = async () => Number(/^mi_active_interviews (\d+)$/m.exec((await http(server.base, '/metrics')).text)[1]);
      assert.equal(await active(), 1);
      await client.close();
      // Its cleanup ran: the interview no longer counts as active.
      await waitFor(async () => (await active()) === 0, { what: 'the interview left' });

      const rest = await http(server.base, '/api/v1/interviews', { method: 'POST', body: '{"role":"backend-developer","seed":1e999}' });
      assert.equal(rest.status, 400);
      assert.equal(rest.json.error.code, 'malformed_json');
      assert.match(rest.json.error.message, /at byte 36/);
    }));

  test('a server holding such a connection still shuts down at once on SIGTERM', () =>
    withServer([], async (server) => {
      const client = await Client.open(server.wsUrl);
      client.send('{"type":"ping","v":1e999}');
      await client.next();
      const exited = await server.stop('SIGTERM');
      assert.equal(exited.code, 0);
      assert.equal((await client.closed).code, 1001);
      // Before the fix the lost session stayed registered, and shutdown waited out its grace.
      assert.doesNotMatch(server.stderr(), /did not close within/);
    }));
});

describe('message size and pace', () => {
  test('a frame header announcing 2^40 bytes closes with 1009 before its payload arrives', () =>
    withServer([], async (server) => {
      const raw = await RawSocket.open(new URL(server.base).port);
      await raw.upgrade();
      raw.write(RawSocket.frameHeader(2 ** 40));
      raw.write(Buffer.alloc(1024, 0x61));
      assert.equal(await raw.closeCode(), 1009);
      await raw.ended;
    }));

  test('a message trickled a byte at a time is closed with 1008 after the message timeout', () =>
    withServer(['--message-timeout-ms', '300'], async (server) => {
      const raw = await RawSocket.open(new URL(server.base).port);
      await raw.upgrade();
      raw.write(RawSocket.frameHeader(1000));
      raw.write(Buffer.from('{'));
      // The attack: a byte every 100 ms keeps the connection from ever looking idle.
      const trickle = setInterval(() => raw.write(Buffer.from(' ')), 100);
      try {
        assert.equal(await raw.closeCode(), 1008);
      } finally {
        clearInterval(trickle);
      }
      await raw.ended;
    }));
});

describe('slow and oversized requests', () => {
  test('headers sent a byte at a time are cut off after the handshake timeout', () =>
    withServer(['--handshake-timeout-ms', '300'], async (server) => {
      const raw = await RawSocket.open(new URL(server.base).port);
      const request = Buffer.from('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ' + 'a'.repeat(200) + '\r\n\r\n');
      let sent = 0;
      const trickle = setInterval(() => { if (sent < request.length) raw.write(request.subarray(sent, ++sent)); }, 50);
      try {
        await raw.ended;
      } finally {
        clearInterval(trickle);
      }
      assert.ok(sent < request.length, `the server waited for ${sent} of ${request.length} bytes`);
    }));

  test('a WebSocket upgrade sent slowly gets the handshake timeout too, not the idle timeout', () =>
    withServer(['--handshake-timeout-ms', '300', '--http-idle-timeout-ms', '30000'], async (server) => {
      const raw = await RawSocket.open(new URL(server.base).port);
      raw.write('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n');
      await raw.ended;    // within the handshake timeout; the test's own timeout is far longer
    }));

  test('headers over the limit get 431 headers_too_large', () =>
    withServer([], async (server) => {
      const response = await http(server.base, '/healthz', { headers: { 'x-padding': 'a'.repeat(20 * 1024) } });
      assert.equal(response.status, 431);
      assert.equal(response.json.error.code, 'headers_too_large');
      assert.match(response.json.error.message, /16384 bytes/);
    }));

  test('one address may hold only so many connections; others are still served', () =>
    withServer(['--max-connections-per-address', '3'], async (server) => {
      const open = await Promise.all([1, 2, 3].map(() => Client.open(server.wsUrl)));
      await assert.rejects(Client.open(server.wsUrl), (error) => error.status === 429);
      const refused = await http(server.base, '/healthz');
      assert.equal(refused.status, 429);
      assert.equal(refused.json.error.code, 'too_many_connections');
      assert.equal(refused.headers.get('retry-after'), '1');
      await open[0].close();
      // The closed one's slot comes back once the server has seen the close.
      const late = await waitFor(() => Client.open(server.wsUrl).catch(() => null), { what: 'a freed slot' });
      late.send({ type: 'ping' });
      assert.equal((await late.next()).type, 'pong');
      await Promise.all([late, open[1], open[2]].map((client) => client.close()));
    }));
});

describe('handshake refusals are JSON', () => {
  test('a malformed upgrade gets 400 bad_handshake with the usual headers', () =>
    withServer([], async (server) => {
      const raw = await RawSocket.open(new URL(server.base).port);
      raw.write('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n');
      const bytes = await raw.until((data) => data.includes('}}'), 'the JSON body');
      const text = bytes.toString();
      assert.match(text, /^HTTP\/1\.1 400/);
      assert.match(text, /Content-Type: application\/json/i);
      assert.match(text, /Content-Security-Policy: /i);
      const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
      assert.equal(body.error.code, 'bad_handshake');
      assert.match(body.error.message, /Sec-WebSocket-Key/i);
      raw.destroy();
    }));

  test('a WebSocket version other than 13 gets 426 upgrade_required naming the version', () =>
    withServer([], async (server) => {
      const raw = await RawSocket.open(new URL(server.base).port);
      raw.write('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
                'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n');
      const text = (await raw.until((data) => data.includes('}}'), 'the JSON body')).toString();
      assert.match(text, /^HTTP\/1\.1 426/);
      assert.match(text, /Sec-WebSocket-Version: 13/i);
      assert.equal(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)).error.code, 'upgrade_required');
      raw.destroy();
    }));

  test('plain HTTP to /ws gets 426 with the Upgrade header', () =>
    withServer([], async (server) => {
      const response = await http(server.base, '/ws');
      assert.equal(response.status, 426);
      assert.equal(response.headers.get('upgrade'), 'websocket');
      assert.equal(response.json.error.code, 'upgrade_required');
    }));
});

describe('protocol promises', () => {
  test('every turn ends with turn_complete: answers, commands, and answers that are commands', () =>
    withServer([], async (server) => {
      const interview = await createInterview(server.base);
      const client = await Client.open(server.wsUrl);
      await client.join(interview);
      for (const message of [{ type: 'answer', text: WEAK_ANSWER }, { type: 'answer', text: '  HELP ' },
                             { type: 'command', name: 'hint' }, { type: 'command', name: 'end' }]) {
        const frames = await client.exchange(message);
        assert.equal(frames[0].type, 'ack', JSON.stringify(frames[0]));
        assert.ok(frames.turn, `turn_complete after ${JSON.stringify(message)}`);
        assert.equal(frames.turn.seq, frames.at(-1).seq, 'it names the last event of the turn');
        assert.equal(frames.turn.state.last_seq, frames.turn.seq);
      }
      const ended = client.queue.length ? client.queue : [];
      assert.equal(ended.length, 0, 'nothing after the last turn_complete');
      await client.close();
    }));

  test('end streams ack, the command, the report, then turn_complete with status finished', () =>
    withServer([], async (server) => {
      const interview = await createInterview(server.base);
      const client = await Client.open(server.wsUrl);
      await client.join(interview);
      const frames = await client.exchange({ type: 'command', name: 'end' });
      assert.deepEqual(frames.map((frame) => frame.type === 'event' ? frame.event.type : frame.type), ['ack', 'command', 'report']);
      assert.equal(frames.turn.state.status, 'finished');
      assert.equal(frames.turn.state.awaiting, null);
      await client.close();
    }));

  test('join with last_seq at or past the end gets no events', () =>
    withServer([], async (server) => {
      const interview = await createInterview(server.base);
      for (const lastSeq of [3, 4, 999]) {
        const client = await Client.open(server.wsUrl);
        const joined = await client.join(interview, lastSeq);
        assert.deepEqual(joined.events, []);
        assert.equal(joined.last_seq, 3);
        await client.close();
      }
    }));

  test('an answer resent with its client id is acknowledged again but stored once', () =>
    withServer([], async (server) => {
      const interview = await createInterview(server.base);
      const first = await Client.open(server.wsUrl);
      await first.join(interview);
      const answer = { type: 'answer', text: STRONG_ANSWER, client_id: 'answer-1' };
      const original = await first.exchange(answer);
      assert.equal(original[0].client_id, 'answer-1');
      assert.equal(original[0].duplicate, undefined);
      await first.close();

      const second = await Client.open(server.wsUrl);
      await second.join(interview, original.turn.seq);
      const resent = await second.exchange(answer);
      assert.equal(resent.length, 1, 'an ack and no events');
      assert.equal(resent[0].duplicate, true);
      assert.equal(resent[0].seq, original[0].seq);
      assert.equal(resent.turn.seq, original.turn.seq);
      const stored = await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
      assert.equal(stored.json.events.filter((entry) => entry.event.type === 'answer_received').length, 1);
      await second.close();
    }));

  test('REST: an array body is malformed_json; an invalid plan lists every problem', () =>
    withServer([], async (server) => {
      const array = await http(server.base, '/api/v1/interviews', { method: 'POST', body: '[]' });
      assert.equal(array.status, 400);
      assert.equal(array.json.error.code, 'malformed_json');
      const broken = await http(server.base, '/api/v1/interviews', { method: 'POST', body: '{"role": "backend-developer",' });
      assert.match(broken.json.error.message, /at byte \d+/);
      const invalid = await http(server.base, '/api/v1/interviews', {
        method: 'POST', body: { ...SHORT_PLAN, seniority: 'wizard', stages: ['hr', 'lunch'], questions_per_stage: 99 },
      });
      assert.equal(invalid.json.error.code, 'invalid_plan');
      const details = invalid.json.error.details.join('\n');
      assert.match(details, /seniority/);
      assert.match(details, /lunch/);
      assert.match(details, /questions_per_stage 99/);
    }));
});
