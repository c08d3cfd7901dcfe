// The practical tasks that run, in the browser against the real server: the workspace (a code
// editor with line numbers, Run, the output), a failure marked on its line, the submission's
// findings streamed into the feedback, the schema drawn as an SVG diagram, the OpenAPI task done
// by keyboard alone, and the report with the findings, the measured speed-up and the plans.
// At 1280 and 375 px, with no console error.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  REPO, skipReason, useServerAndBrowser, startServer, newPage, startInterview, pace, waitOrAlert, settle, command, screenshotPath, test,
} from './harness.mjs';

const PACK = JSON.parse(readFileSync(path.join(REPO, 'content/tasks/performance-optimization.json'), 'utf8'));
const GOOD_SCHEMA = readFileSync(path.join(REPO, 'tests/data/practical/good-schema.sql'), 'utf8');
const GOOD_API = readFileSync(path.join(REPO, 'tests/data/practical/good-api.yaml'), 'utf8');

/** The slow query the task card shows, and its entry in the pack (with the reference solution). */
async function givenQuery(page) {
  const sql = await page.locator('.task-card pre[aria-label="The slow query"]').textContent();
  const query = PACK.queries.find((entry) => entry.sql === sql);
  assert.ok(query, `the task card's query is one of the pack's: ${sql}`);
  return query;
}

/** Presses Run and waits for the output (or a failure). */
async function runCode(page, { key } = {}) {
  await pace(page);
  if (key) await page.press('#code-input', key);
  else await page.click('#run-button');
  await page.locator('#run-output:not([hidden]) :is(.run-summary, .run-error)').waitFor();
  await page.locator('#run-button:not([disabled])').waitFor();
}

/** Sends the workspace (code + explanation) and waits for its score. */
async function submit(page, { key = 'Control+Enter' } = {}) {
  const scoredBefore = await page.locator('.feedback .score-badge:not([hidden])').count();
  await pace(page);
  await page.press('#answer-input', key);
  await waitOrAlert(page, (count) => document.querySelectorAll('.feedback .score-badge:not([hidden])').length > count,
    scoredBefore, { what: 'waiting for the score of the submission' });
  await settle(page);
}

describe('practical tasks that run', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('the slow query: Run shows rows, cost and plan; a failure marks its line; the findings and the report follow', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['coding-challenge'], task: 'perf-optimization' });
    const query = await givenQuery(page);
    assert.equal(await page.locator('#task-workspace').isVisible(), true);
    assert.equal(await page.locator('#code-label').textContent(), 'Your SQL');
    assert.equal(await page.locator('label[for="answer-input"]').textContent(), 'Your explanation');
    assert.match(await page.locator('.task-card').innerText(), /Its measured cost[\s\S]*steps/);

    // Line numbers follow the code.
    await page.fill('#code-input', 'SELECT 1\nFROM users\nWHERE name = = 1');
    assert.deepEqual(await page.locator('.code-gutter span').allTextContents(), ['1', '2', '3']);
    await runCode(page);
    assert.match(await page.locator('#run-output .run-error').textContent(), /line 3, column 14: near "=": syntax error/);
    assert.equal(await page.locator('.code-gutter .error-line').textContent(), '3');
    assert.match(await page.locator('.code-gutter .error-line').getAttribute('title'), /^Line 3: /);

    // The reference solution, run: rows, cost and both plans.
    await page.fill('#code-input', `${query.reference.index_ddl}\n${query.reference.query}`);
    assert.equal(await page.locator('.code-gutter .error-line').count(), 0, 'editing clears the mark');
    await runCode(page, { key: 'Control+Enter' });
    const output = page.locator('#run-output');
    assert.match(await output.locator('.run-summary').textContent(), /rows? in [\d ]+ steps; the original takes/);
    assert.ok(await output.locator('.rows-table tbody tr').count() >= 1);
    assert.ok(await output.locator('.rows-table tbody tr').count() <= 50);
    assert.match(await output.locator('.cost-list').innerText(), /Steps\s+[\d ]+ \(the original: [\d ]+\)/);
    assert.equal(await output.locator('.plans .plan').count(), 2);
    await page.screenshot({ path: screenshotPath('workspace-run-1280.png') });

    await page.fill('#answer-input', `${query.reference.explanation} It needs 10x fewer steps.`);
    await submit(page);
    const card = page.locator('.feedback').last();
    const check = card.locator('.section-check');
    assert.match(await check.innerText(), /Optimised: the same/);
    assert.ok(await check.locator('li.good').count() >= 2, 'good findings are marked');
    assert.match(await check.innerText(), /Plan before[\s\S]*Plan after/);
    assert.match(await card.locator('.section-covered').innerText(), /Optimized query — checked: the same/);
    // The candidate's message carries the code in a fenced block and the explanation after it.
    assert.match(await page.locator('.message.candidate .answer-text').last().textContent(), /^```sql\n[\s\S]*\n```\n\n/);
    // A follow-up keeps the workspace and the code.
    assert.equal(await page.locator('#task-workspace').isVisible(), true);
    assert.equal(await page.inputValue('#code-input'), `${query.reference.index_ddl}\n${query.reference.query}`);

    await command(page, 'end');
    await page.locator('body[data-view="report"]').waitFor();
    const report = page.locator('.report-check');
    assert.match(await report.innerText(), /Checked by running it[\s\S]*Measured: \d+(\.\d)?x fewer steps/);
    assert.equal(await report.locator('.plans .plan').count(), 2);
    assert.ok(await report.locator('.check-findings li').count() >= 3);
    await page.screenshot({ path: screenshotPath('report-check-1280.png'), fullPage: true });
    // The Markdown download carries the check too.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-markdown')]);
    const markdown = readFileSync(await download.path(), 'utf8');
    assert.match(markdown, /\*Checked by running it:\* Optimised/);
    assert.match(markdown, /The plan after:\n\n```text\n/);
    assert.deepEqual(page.problems, []);
  });

  test('the schema at 375 px: Run draws the candidate\'s own schema as an SVG diagram', async () => {
    const page = await newPage(env.browser, { width: 375, height: 740, isMobile: true, hasTouch: true });
    await startInterview(page, env.server.url, { stages: ['coding-challenge'], task: 'db-schema-design' });
    assert.equal(await page.locator('#code-label').isVisible(), true, 'the code box is labelled on a phone too');
    await page.fill('#code-input', GOOD_SCHEMA);
    await runCode(page);
    const diagram = page.locator('#run-output svg.er-diagram');
    await diagram.waitFor();
    assert.equal(await diagram.locator('.er-table').count(), 5);
    assert.equal(await diagram.getAttribute('role'), 'img');
    assert.match(await diagram.locator('desc').textContent(), /orders: .*user_id .*\(FK\).*user_id references users/);
    assert.ok(await diagram.locator('path.er-link').count() >= 5, 'a line for each foreign key');
    const box = await diagram.boundingBox();
    assert.ok(box.width <= 375, `the diagram fits the phone (${box.width} px)`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 375), true, 'no sideways scrolling');
    await page.screenshot({ path: screenshotPath('workspace-375.png') });
    await diagram.screenshot({ path: screenshotPath('er-diagram-375.png') });

    await page.fill('#answer-input', 'Third normal form; money as DECIMAL; every foreign key indexed.');
    await pace(page);
    await page.click('#send-button');
    // A schema with nothing missing needs no follow-up: the report comes at once.
    await page.locator('.feedback .section-check .check-summary.passed').waitFor({ state: 'attached' });
    await settle(page);
    if (await page.evaluate(() => document.body.dataset.view !== 'report')) await command(page, 'end');
    await page.locator('body[data-view="report"]').waitFor();
    assert.equal(await page.locator('.report-check svg.er-diagram .er-table').count(), 5);
    assert.deepEqual(page.problems, []);
  });

  test('the API by keyboard alone: Tab to the editor, Ctrl+Enter runs, Tab to the notes, Ctrl+Enter sends', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['coding-challenge'], task: 'api-implementation' });
    assert.equal(await page.locator('#code-label').textContent(), 'Your OpenAPI document (YAML or JSON)');
    await page.focus('#code-input');
    const broken = GOOD_API.replace("'204': {description: Deleted}", "'200': {description: Deleted}");
    await page.keyboard.insertText(broken);
    await runCode(page, { key: 'Control+Enter' });
    assert.match(await page.locator('#run-output .run-summary').textContent(), /OpenAPI 3\.0\.3: 5 operations/);
    assert.match(await page.locator('#run-output .operations').innerText(), /DELETE \/todos\/\{id\} — Delete a todo/);
    // Tab leaves the editor (no keyboard trap) and reaches Run, then the notes.
    await page.focus('#code-input');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'run-button');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'answer-input');
    await page.keyboard.type('Clients send a bearer token; tested with Jest and supertest.');
    await submit(page);
    const check = page.locator('.feedback').last().locator('.section-check');
    assert.match(await check.innerText(), /DELETE \/todos\/\{id\} does not answer 204 No Content[^\n]*\(line \d+\)/);
    assert.match(await page.locator('.feedback').last().innerText(), /Not following RESTful conventions/);
    assert.deepEqual(page.problems, []);
  });

  test('a Run refused for going too fast says so in the workspace, and Run works again', async () => {
    const server = await startServer({ extraArgs: ['--max-messages-per-second', '0.2'] });
    try {
      const page = await newPage(env.browser);
      await startInterview(page, server.url, { stages: ['coding-challenge'], task: 'db-schema-design' });
      await page.fill('#code-input', 'CREATE TABLE t (id INTEGER PRIMARY KEY);');
      // At 0.2 messages a second the join took the connection's one message for the next 5 s:
      // this Run is refused before it is read, with a plain rate_limited error.
      await page.click('#run-button');
      await page.locator('#run-output .run-error').waitFor();
      assert.match(await page.locator('#run-output').textContent(), /faster than the server accepts/);
      assert.equal(await page.locator('#run-button').isDisabled(), false, 'Run can be pressed again');
      assert.equal(await page.locator('#composer-alert').isHidden(), true, 'no alert: the workspace said it');
      assert.deepEqual(page.problems, []);
    } finally {
      await server.stop();
    }
  });
});
