// The practical tasks that run, through the real binary over real sockets: Run (rows, cost, plan;
// a failure placed in the code), submissions checked and scored, sandbox escapes refused within
// their budget, checks that never hold up the I/O or interview threads, and the same submission
// giving the same result twice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, createInterview, http, SOURCE_DIR, startServer, tempDir } from './harness.mjs';

const PACK = JSON.parse(readFileSync(path.join(SOURCE_DIR, 'content/tasks/performance-optimization.json'), 'utf8'));
const GOOD_SCHEMA = readFileSync(path.join(SOURCE_DIR, 'tests/data/practical/good-schema.sql'), 'utf8');
const GOOD_API = readFileSync(path.join(SOURCE_DIR, 'tests/data/practical/good-api.yaml'), 'utf8');
// A small step budget keeps the runaway queries quick; the budget is the point, not its size.
const STEP_BUDGET = 20_000_000;
const CHECK_TIMEOUT_MS = 10_000;

const taskPlan = (task, seed = 5) => ({
  role: 'backend-developer', stages: ['coding-challenge'], industry: 'none', seniority: 'mid',
  questions_per_stage: 1, follow_ups_per_question: 0, practical_task: task, seed,
});

/** Joins a new interview and answers (skips) questions until the practical task is asked. */
async function openTask(server, task, seed) {
  const interview = await createInterview(server.base, taskPlan(task, seed));
  const client = await Client.open(server.wsUrl);
  const joined = await client.join(interview);
  let asked = joined.events.map((entry) => entry.event).findLast((event) => event.type === 'question_asked');
  while (asked.kind !== 'task') {
    const frames = await client.exchange({ type: 'command', name: 'skip' });
    asked = frames.map((frame) => frame.event).filter(Boolean).findLast((event) => event.type === 'question_asked');
  }
  return { interview, client, asked };
}

/** Sends a run and returns its one reply (run_result or error). */
async function run(client, code, clientId = `r${Math.random().toString(36).slice(2, 10)}`) {
  client.send({ type: 'run', code, client_id: clientId });
  const reply = await client.next(CHECK_TIMEOUT_MS + 5000);
  assert.equal(reply.client_id, clientId, JSON.stringify(reply));
  return reply;
}

const sqlBlock = (code) => `\`\`\`sql\n${code}\n\`\`\``;

describe('practical tasks that run', () => {
  let server;
  let temp;
  before(async () => {
    temp = tempDir();
    server = await startServer({
      db: temp.db,
      args: ['--max-messages-per-second', '50', '--max-check-steps', String(STEP_BUDGET), '--max-concurrent-checks', '1'],
    });
  });
  after(async () => {
    await server?.stop();
    temp?.cleanup();
  });

  test('the slow-query task is asked with its query, its measured cost and the schema', async () => {
    const { client, asked } = await openTask(server, 'perf-optimization');
    const { material } = asked.task;
    assert.equal(material.checker, 'slow_query');
    assert.equal(material.runnable, true);
    const query = PACK.queries.find((entry) => entry.id === material.variant_id);
    assert.ok(query, `the variant ${material.variant_id} is one of the pack's queries`);
    assert.equal(material.blocks.find((block) => block.label === 'The slow query').text, query.sql);
    assert.ok(material.facts.original.vm_steps > 0);
    assert.match(asked.text, /```sql block/);
    await client.close();
  });

  test('Run shows the first rows, the cost and the plan, and stores nothing', async () => {
    const { client, interview } = await openTask(server, 'perf-optimization', 5);
    const reply = await run(client, "CREATE INDEX users_by_name ON users (name);\nSELECT id, email FROM users WHERE name = 'Grace Hopper'");
    assert.equal(reply.type, 'run_result', JSON.stringify(reply));
    const { result } = reply;
    assert.equal(result.ok, true);
    assert.equal(result.rows.length, 50);
    assert.equal(result.row_count, 55);
    assert.equal(result.truncated, true);
    assert.deepEqual(result.columns, ['id', 'email']);
    assert.match(result.rows[0][1], /^'grace\.hopper\.\d+@example\.com'$/);
    assert.ok(result.cost.vm_steps > 0 && result.index_build_cost.vm_steps > 0);
    assert.deepEqual(result.plan, ['SEARCH users USING INDEX users_by_name (name=?)']);
    assert.ok(result.original_cost.vm_steps > result.cost.vm_steps);
    const stored = await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
    assert.equal(stored.json.events.length, 3, 'a Run stores nothing');
    await client.close();
  });

  test('a Run that fails says where in the code, in the error frame of a run', async () => {
    const { client } = await openTask(server, 'perf-optimization');
    const reply = await run(client, 'SELECT id\nFROM users\nWHERE name = = 1', 'bad-1');
    assert.equal(reply.type, 'error');
    assert.equal(reply.code, 'run_failed');
    assert.equal(reply.of, 'run');
    assert.equal(reply.field, 'code');
    assert.deepEqual({ line: reply.position.line, column: reply.position.column }, { line: 3, column: 14 });
    assert.match(reply.message, /line 3, column 14: near "=": syntax error/);
    await client.close();
  });

  test('a Run at a question, or before joining, is refused in words', async () => {
    const interview = await createInterview(server.base, { role: 'backend-developer', stages: ['hr'], seed: 1 });
    const client = await Client.open(server.wsUrl);
    const early = await run(client, 'SELECT 1', 'early');
    assert.equal(early.code, 'not_joined');
    await client.join(interview);
    const refused = await run(client, 'SELECT 1', 'q1');
    assert.equal(refused.type, 'error');
    assert.equal(refused.code, 'nothing_to_run');
    assert.equal(refused.of, 'run');
    await client.close();
  });

  test('sandbox escapes through the server are refused, each within its budget, with a clear message', async () => {
    const { client } = await openTask(server, 'perf-optimization');
    const escapes = [
      { code: "ATTACH DATABASE '/etc/passwd' AS secrets", message: /ATTACH is not a query/ },
      { code: "SELECT load_extension('/tmp/evil.so')", message: /load_extension/ },
      { code: 'PRAGMA writable_schema = ON', message: /PRAGMA is not a query/ },
      { code: "VACUUM INTO '/tmp/copy.db'", message: /VACUUM is not a query/ },
      { code: 'DELETE FROM orders', message: /DELETE is not a query/ },
      { code: 'CREATE INDEX i ON users (name); DROP TABLE users; SELECT 1', message: /line 1, column 33 \(statement 2\): DROP TABLE is not allowed here/ },
      { code: 'WITH RECURSIVE bomb(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM bomb) SELECT count(*) FROM bomb', message: /virtual-machine steps/ },
      { code: 'SELECT count(*) FROM order_items a, order_items b', message: /virtual-machine steps/ },
      { code: 'SELECT randomblob(2000000000)', message: /(randomblob|too big|value)/ },
    ];
    for (const escape of escapes) {
      const started = Date.now();
      const reply = await run(client, escape.code);
      const took = Date.now() - started;
      assert.equal(reply.type, 'error', `${escape.code}: ${JSON.stringify(reply)}`);
      assert.equal(reply.code, 'run_failed', escape.code);
      assert.match(reply.message, escape.message, escape.code);
      assert.ok(took < CHECK_TIMEOUT_MS, `${escape.code} ended within the time budget (${took} ms)`);
    }
    // The connection is still good for the interview.
    client.send({ type: 'ping' });
    assert.equal((await client.next()).type, 'pong');
    await client.close();
  });

  test('a 10 MB submission or Run is refused before anything runs', async () => {
    const { client } = await openTask(server, 'perf-optimization');
    client.send({ type: 'run', code: `SELECT '${'x'.repeat(10 * 1024 * 1024)}'` });
    // Closed with 1009 as soon as the size is known; a client still writing may see the socket go first (1006).
    const closed = await client.closed;
    assert.ok([1009, 1006].includes(closed.code), `closed with ${closed.code}`);
    const metrics = await http(server.base, '/metrics');
    assert.match(metrics.text, /^mi_errors_total\{kind="message_too_large"\} [1-9]/m);
    const { client: second } = await openTask(server, 'perf-optimization');
    const frames = await second.exchange({ type: 'answer', text: `-- ${'y'.repeat(30_000)}\nSELECT 1` });
    assert.equal(frames[0].code, 'answer_too_long');
    await second.close();
  });

  test('a submission is checked before it is scored: task_checked, check feedback, the decided items, the report', async () => {
    const { client, asked, interview } = await openTask(server, 'perf-optimization', 5);
    const query = PACK.queries.find((entry) => entry.id === asked.task.material.variant_id);
    const text = `${sqlBlock(`${query.reference.index_ddl}\n${query.reference.query}`)}\n${query.reference.explanation}`;
    const frames = await client.exchange({ type: 'answer', text, client_id: 'sub-1' });
    assert.equal(frames[0].type, 'ack');
    const events = frames.slice(1).map((frame) => frame.event);
    assert.deepEqual(events.slice(0, 2).map((event) => event.type), ['answer_received', 'task_checked']);
    const checked = events[1];
    assert.equal(checked.outcome, 'passed', checked.summary);
    assert.equal(checked.details.verdict, 'optimized');
    assert.ok(checked.details.speedup >= 2);
    const findings = events.filter((event) => event.type === 'feedback' && event.kind === 'check');
    assert.ok(findings.length >= 3, 'the findings are streamed as feedback');
    assert.ok(findings.some((finding) => finding.subject_id === 'slow_query.rows' && finding.positive));
    const optimized = events.find((event) => event.type === 'feedback' && event.subject_id === 'perf-optimization-deliv-optimized-query');
    assert.equal(optimized.positive, true);
    assert.match(optimized.detail, /fewer/);
    const report = events.find((event) => event.type === 'report');
    assert.ok(report, 'the one-task interview ends with the report');
    const task = report.report.questions.find((question) => question.item_id === 'perf-optimization');
    assert.equal(task.check.outcome, 'passed');
    assert.ok(task.check.exhibits.some((block) => block.label === 'The plan after'));
    assert.match(report.markdown, /#### Checked by running it/);
    const stored = await http(server.base, `/api/v1/interviews/${interview.interview_id}`, { token: interview.token });
    assert.ok(stored.json.events.some((entry) => entry.event.type === 'task_checked'));
    await client.close();
  });

  test('the schema and the API tasks are checked too', async () => {
    const schema = await openTask(server, 'db-schema-design');
    const schemaFrames = await schema.client.exchange({ type: 'answer', text: `${sqlBlock(GOOD_SCHEMA)}\nThird normal form; money as DECIMAL.` });
    const schemaCheck = schemaFrames.map((frame) => frame.event).find((event) => event?.type === 'task_checked');
    assert.equal(schemaCheck.outcome, 'passed', schemaCheck.summary);
    assert.equal(schemaCheck.details.schema.tables.length, 5);
    await schema.client.close();

    const api = await openTask(server, 'api-implementation');
    const broken = GOOD_API.replace("'204': {description: Deleted}", "'200': {description: Deleted}");
    const apiFrames = await api.client.exchange({ type: 'answer', text: `\`\`\`yaml\n${broken}\`\`\`\nTested with Jest.` });
    const apiCheck = apiFrames.map((frame) => frame.event).find((event) => event?.type === 'task_checked');
    assert.equal(apiCheck.outcome, 'failed');
    assert.ok(apiCheck.findings.some((finding) => /DELETE \/todos\/\{id\} does not answer 204 No Content: .* \(line \d+\)$/.test(finding.text)));
    await api.client.close();
  });

  test('the same submission gives the same score and findings in another interview', async () => {
    const results = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const { client } = await openTask(server, 'db-schema-design', 9);
      const bad = GOOD_SCHEMA.replace('total DECIMAL(12,2)', 'total REAL');
      const frames = await client.exchange({ type: 'answer', text: sqlBlock(bad) });
      const events = frames.map((frame) => frame.event).filter(Boolean);
      results.push({
        score: events.find((event) => event.type === 'answer_scored').score,
        findings: events.find((event) => event.type === 'task_checked').findings,
      });
      await client.close();
    }
    assert.deepEqual(results[0], results[1]);
  });

  test('a check in progress holds up neither the network nor other interviews', async () => {
    const busy = await openTask(server, 'perf-optimization');
    const other = await createInterview(server.base, { role: 'backend-developer', stages: ['hr'], questions_per_stage: 1, seed: 2 });
    const client = await Client.open(server.wsUrl);
    await client.join(other);
    const order = [];
    busy.client.send({ type: 'run', code: 'WITH RECURSIVE bomb(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM bomb) SELECT count(*) FROM bomb', client_id: 'slow' });
    const slow = busy.client.next(CHECK_TIMEOUT_MS + 5000).then((reply) => { order.push(`run:${reply.code}`); });
    client.send({ type: 'ping' });
    assert.equal((await client.next()).type, 'pong');
    order.push('pong');
    const frames = await client.exchange({ type: 'answer', text: 'I am a backend developer with five years of Go.' });
    assert.equal(frames[0].type, 'ack');
    order.push('answer');
    await slow;
    assert.deepEqual(order, ['pong', 'answer', 'run:run_failed']);
    const metrics = await http(server.base, '/metrics');
    assert.match(metrics.text, /^mi_checks_total [1-9]\d*$/m);
    await busy.client.close();
    await client.close();
  });
});
