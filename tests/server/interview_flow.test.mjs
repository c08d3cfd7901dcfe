// Whole interviews over real WebSocket connections to the real server binary.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, createInterview, http, SHORT_PLAN, startServer, STRONG_ANSWER, tempDir, WEAK_ANSWER,
} from './harness.mjs';

const PROMPTS = new Set(['question_asked', 'follow_up', 'report']);

describe('interview flow', () => {
  let server;
  let temp;
  before(async () => {
    temp = tempDir();
    server = await startServer({ db: temp.db, args: ['--max-messages-per-second', '50'] });
  });
  after(async () => {
    await server?.stop();
    temp?.cleanup();
  });

  test('joining a new interview returns the greeting, the first stage and the first question', async () => {
    const interview = await createInterview(server.base);
    const client = await Client.open(server.wsUrl);
    const joined = await client.join(interview);
    assert.equal(joined.v, 1);
    assert.equal(joined.interview_id, interview.interview_id);
    assert.deepEqual(joined.events.map((entry) => entry.event.type), ['interview_started', 'stage_started', 'question_asked']);
    assert.deepEqual(joined.events.map((entry) => entry.seq), [1, 2, 3]);
    assert.equal(joined.last_seq, 3);
    assert.equal(joined.state.status, 'in_progress');
    assert.equal(joined.state.stage.id, 'hr');
    assert.equal(joined.state.awaiting.kind, 'question');
    assert.equal(joined.state.awaiting.text, joined.events[2].event.text);
    await client.close();
  });

  test('an answer streams ack, then the answer, feedback items, score and the next prompt, in order', async () => {
    const interview = await createInterview(server.base);
    const client = await Client.open(server.wsUrl);
    const joined = await client.join(interview);
    const frames = await client.exchange({ type: 'answer', text: WEAK_ANSWER });

    assert.equal(frames[0].type, 'ack');
    assert.equal(frames[0].of, 'answer');
    assert.equal(frames[0].seq, joined.last_seq + 1);
    const events = frames.slice(1);
    assert.ok(events.every((frame) => frame.type === 'event' && frame.v === 1));
    const types = events.map((frame) => frame.event.type);
    assert.equal(types[0], 'answer_received');
    assert.equal(events[0].event.text, WEAK_ANSWER);
    const scored = types.indexOf('answer_scored');
    assert.ok(scored > 1, `feedback items come before the score: ${types.join(', ')}`);
    assert.ok(types.slice(1, scored).every((type) => type === 'feedback'), types.join(', '));
    assert.ok(PROMPTS.has(types.at(-1)), `ends with the next prompt: ${types.join(', ')}`);
    assert.ok(types.indexOf('answer_scored') < types.length - 1);
    // One frame per event, numbered without gaps, each frame's seq the event's own.
    events.forEach((frame, index) => {
      assert.equal(frame.seq, frames[0].seq + index);
      assert.equal(frame.event.seq, frame.seq);
    });
    // A weak answer misses key points: the feedback says so.
    assert.ok(events.some((frame) => frame.event.type === 'feedback' && frame.event.positive === false));
    await client.close();
  });

  test('a whole interview runs to its report, which the REST API then serves', async () => {
    const interview = await createInterview(server.base, { ...SHORT_PLAN, stages: ['hr', 'technical'] });
    const client = await Client.open(server.wsUrl);
    let lastSeq = (await client.join(interview)).last_seq;
    let report = null;
    const stagesSeen = new Set();
    for (let turn = 0; turn < 40 && !report; turn += 1) {
      const frames = await client.exchange({ type: 'answer', text: STRONG_ANSWER });
      assert.equal(frames[0].type, 'ack', JSON.stringify(frames[0]));
      for (const frame of frames.slice(1)) {
        assert.equal(frame.seq, lastSeq + 1, 'no event is skipped or repeated');
        lastSeq = frame.seq;
        if (frame.event.type === 'stage_started') stagesSeen.add(frame.event.stage_id);
        if (frame.event.type === 'report') report = frame.event;
      }
    }
    assert.ok(report, 'the interview ended with a report');
    assert.deepEqual([...stagesSeen], ['technical']);
    assert.ok(report.markdown.length > 0);

    const stored = await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
    assert.equal(stored.status, 200);
    assert.equal(stored.json.status, 'finished');
    assert.equal(stored.json.state.status, 'finished');
    assert.deepEqual(stored.json.report, report.report);
    assert.equal(stored.json.events.length, lastSeq);

    client.send({ type: 'answer', text: 'one more thing' });
    const refused = await client.next();
    assert.equal(refused.type, 'error');
    assert.equal(refused.code, 'interview_finished');
    await client.close();
  });

  test('a command is acknowledged and answered like an answer', async () => {
    const interview = await createInterview(server.base);
    const client = await Client.open(server.wsUrl);
    await client.join(interview);
    client.send({ type: 'command', name: 'hint' });
    const ack = await client.next();
    assert.equal(ack.type, 'ack');
    assert.equal(ack.of, 'command');
    const event = await client.next();
    assert.equal(event.event.type, 'command');
    assert.equal(event.event.name, 'hint');
    assert.ok(event.event.response.length > 0);
    const turn = await client.next();
    assert.equal(turn.type, 'turn_complete', 'a hint produces nothing more, and the turn says so');
    assert.equal(turn.seq, event.seq);
    assert.equal(turn.state.awaiting.kind, 'question');

    const frames = await client.exchange({ type: 'command', name: 'end' });
    assert.equal(frames.at(-1).event.type, 'report');
    await client.close();
  });

  test('ping is answered with pong', async () => {
    const client = await Client.open(server.wsUrl);
    client.send({ type: 'ping' });
    assert.deepEqual(await client.next(), { type: 'pong', v: 1 });
    await client.close();
  });

  test('fifty concurrent interviews keep their own answers and events', async () => {
    const count = 50;
    const interviews = await Promise.all(Array.from({ length: count }, () => createInterview(server.base)));
    const clients = await Promise.all(interviews.map(() => Client.open(server.wsUrl)));
    await Promise.all(clients.map((client, index) => client.join(interviews[index])));
    const results = await Promise.all(clients.map((client, index) =>
      client.exchange({ type: 'answer', text: `Candidate ${index} marker-${index}-x: ${STRONG_ANSWER}` })));
    results.forEach((frames, index) => {
      assert.equal(frames[0].type, 'ack', `client ${index}: ${JSON.stringify(frames[0])}`);
      const received = frames.find((frame) => frame.type === 'event' && frame.event.type === 'answer_received');
      assert.ok(received.event.text.includes(`marker-${index}-x`), `client ${index} got its own answer back`);
      assert.equal(received.seq, 4);
    });
    await Promise.all(clients.map((client) => client.close()));
    const stored = await Promise.all(interviews.map((interview) =>
      http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token })));
    stored.forEach((response, index) => {
      const answers = response.json.events.filter((entry) => entry.event.type === 'answer_received');
      assert.equal(answers.length, 1);
      assert.ok(answers[0].event.text.includes(`marker-${index}-x`), `interview ${index} stored only its own answer`);
    });
  });
});
