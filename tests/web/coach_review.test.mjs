// A coach reviewing interviews on the coach page (issue 13), against the real server: interviews
// started from the coach's invite link over REST and held over the real WebSocket, the coach made
// with `mock-interviewer coach add`. The list and its filters, search and More; one interview with
// its evidence highlighted; notes; a correction and its revert in the audit trail; the four
// exports' contents; calibration, and its example link back to the answer.

import { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { skipReason, useServerAndBrowser, newPage, test } from './harness.mjs';
import { WEAK_ANSWER } from './answers.mjs';
import { addCoach, createInvite, holdInterview, rest, signIn, strong, problemsExcept } from './coach_harness.mjs';

/** A word no answer of the pack contains: the search must find the one interview that says it. */
const MARKER = 'Zanzibarian';

/** Waits until the list shows `count` interviews (after a search or a filter). */
async function listed(page, count) {
  await page.waitForFunction((n) => !/Loading/.test(document.getElementById('list-summary').textContent)
    && document.querySelectorAll('#interview-list > li').length === n, count);
  return page.locator('#interview-list > li').evaluateAll((items) => items.map((item) => item.dataset.interviewId));
}

async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function csvRows(text) {
  const rows = [[]];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (char === '"') quoted = false; else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { rows[rows.length - 1].push(field); field = ''; } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      rows[rows.length - 1].push(field); field = ''; rows.push([]);
    } else field += char;
  }
  if (field || rows[rows.length - 1].length) rows[rows.length - 1].push(field);
  return rows.filter((row) => row.length && !(row.length === 1 && row[0] === ''));
}

describe('coach page: reviewing interviews', { skip: skipReason }, () => {
  const env = useServerAndBrowser();
  const fixture = {};

  before(async () => {
    fixture.token = await addCoach(env.server, 'Rita Reviewer');
    fixture.otherToken = await addCoach(env.server, 'Oscar Other');
    fixture.invite = await createInvite(env.server, fixture.token, { label: 'Cohort 7' });
    const otherInvite = await createInvite(env.server, fixture.otherToken, { label: 'Not yours' });
    fixture.strong = await holdInterview(env.server, {
      invite: fixture.invite, answers: [(prompt) => `${strong(prompt)} We called it the ${MARKER} rollout.`, strong],
    });
    fixture.weak = await holdInterview(env.server, { invite: fixture.invite, answers: [WEAK_ANSWER] });
    fixture.open = await holdInterview(env.server, { invite: fixture.invite, end: false });
    fixture.foreign = await holdInterview(env.server, { invite: otherInvite, answers: [WEAK_ANSWER] });
  });

  test('the list shows only this coach\'s interviews; status, score and invite filters, search with its snippet', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server, fixture.token);
    const all = await listed(page, 3);
    assert.deepEqual(new Set(all), new Set([fixture.strong, fixture.weak, fixture.open].map((item) => item.interview_id)));
    assert.ok(!all.includes(fixture.foreign.interview_id), 'another coach\'s interview is not listed');
    assert.match(await page.locator('#interview-list > li').first().textContent(), /Cohort 7/, 'the invite is named');

    await page.selectOption('#filter-status', 'finished');
    await page.click('#filter-apply');
    assert.deepEqual(new Set(await listed(page, 2)), new Set([fixture.strong.interview_id, fixture.weak.interview_id]));

    await page.selectOption('#filter-status', 'in_progress');
    await page.click('#filter-apply');
    assert.deepEqual(await listed(page, 1), [fixture.open.interview_id]);

    // Score: a threshold between the strong and the weak interview's scores keeps only the strong one.
    const scores = {};
    for (const item of [fixture.strong, fixture.weak]) {
      scores[item.interview_id] = (await rest(env.server, `/coach/interviews/${item.interview_id}`, { token: fixture.token })).json.score.value;
    }
    assert.ok(scores[fixture.strong.interview_id] > scores[fixture.weak.interview_id], `the strong interview scores higher (${JSON.stringify(scores)})`);
    await page.selectOption('#filter-status', '');
    await page.fill('#filter-score-min', String(scores[fixture.weak.interview_id] + 1));
    await page.click('#filter-apply');
    assert.deepEqual(await listed(page, 1), [fixture.strong.interview_id]);

    // Impossible ranges are said in words before asking the server, naming the fields.
    await page.fill('#filter-score-max', '0');
    await page.click('#filter-apply');
    assert.match(await page.locator('#alert').textContent(), /“Score at least” is above “Score at most”/);
    assert.deepEqual(await listed(page, 1), [fixture.strong.interview_id], 'the list shown stays');
    await page.click('#filter-reset');
    await listed(page, 3);

    await page.selectOption('#filter-invite', String(fixture.invite.id));
    await page.fill('#filter-q', MARKER);
    await page.click('#filter-apply');
    assert.deepEqual(await listed(page, 1), [fixture.strong.interview_id]);
    assert.match(await page.locator('.summary-snippet').textContent(), new RegExp(MARKER));

    await page.fill('#filter-q', 'xylophonequartz');
    await page.click('#filter-apply');
    await page.waitForFunction(() => /No interview matches/.test(document.getElementById('list-summary').textContent));
    assert.deepEqual(page.problems, []);
  });

  test('More fetches the next page with the cursor until the end', async () => {
    const extra = [];
    for (let i = 0; i < 19; i += 1) {
      const created = await rest(env.server, '/interviews', { method: 'POST', body: { invite: fixture.invite.code } });
      assert.equal(created.status, 201);
      extra.push(created.json.interview_id);
    }
    const page = await newPage(env.browser);
    await signIn(page, env.server, fixture.token);
    const first = await listed(page, 20);
    assert.ok(await page.locator('#list-more').isVisible(), 'More is offered');
    await page.locator('#list-more').press('Enter');
    const all = await listed(page, 22);
    assert.equal(new Set(all).size, 22, 'no interview twice');
    assert.deepEqual(all.slice(0, 20), first);
    assert.ok(await page.locator('#list-more').isHidden(), 'no More after the last page');
    assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.interviewId), all[20], 'the focus moves to the first new interview');
    assert.deepEqual(page.problems, []);
  });

  test('a listing overtaken by a newer search is dropped when it arrives late', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server, fixture.token);
    // The next unfiltered listing is held at the network until the search asked for after it is shown.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    const unfiltered = (url) => url.pathname.endsWith('/coach/interviews') && !url.searchParams.has('q');
    await page.route(unfiltered, async (route) => { await held; await route.continue(); });
    await page.click('#filter-apply');
    await page.fill('#filter-q', MARKER);
    await page.click('#filter-apply');
    assert.deepEqual(await listed(page, 1), [fixture.strong.interview_id]);
    const late = page.waitForResponse((response) => unfiltered(new URL(response.url())));
    release();
    await late;
    await page.locator('#interview-list[aria-busy="false"]').waitFor({ state: 'attached' });
    assert.deepEqual(await listed(page, 1), [fixture.strong.interview_id], 'the result of the search stays');
    assert.match(await page.locator('#list-summary').textContent(), /^1 interview shown\.$/);
    assert.deepEqual(page.problems, []);
  });

  test('an interview opens with its transcript, the evidence highlighted where the answer said it, and the feedback', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server, fixture.token);
    await page.fill('#filter-q', MARKER);
    await page.press('#filter-q', 'Enter');
    await listed(page, 1);
    await page.click(`[data-interview-id="${fixture.strong.interview_id}"] .summary-link`);
    await page.locator('#review-heading').waitFor();
    const detail = (await rest(env.server, `/coach/interviews/${fixture.strong.interview_id}`, { token: fixture.token })).json;
    assert.equal(await page.locator('.turn').count(), detail.turns.length);
    const turn = detail.turns[0];
    const shown = page.locator(`.turn[data-turn="${turn.turn}"]`);
    assert.match(await shown.locator('.answer-text').textContent(), /Привет — café 😀/, 'the answer is shown whole');
    const marks = await shown.locator('mark').evaluateAll((nodes) => nodes.map((node) => ({ text: node.firstChild.textContent, title: node.title, kind: node.className })));
    const covered = turn.key_points.filter((point) => point.covered && point.evidence.length);
    assert.ok(covered.length, 'the strong answer covered key points with evidence');
    for (const point of covered) {
      for (const evidence of point.evidence) {
        assert.ok(marks.some((mark) => mark.title.includes(point.label) && (!evidence.text || mark.text.includes(evidence.text))),
          `"${point.label}" is marked on "${evidence.text}" (marks: ${JSON.stringify(marks)})`);
      }
    }
    const legend = await shown.locator('.evidence-legend').textContent();
    for (const point of covered) assert.ok(legend.includes(point.label), `the legend names ${point.label}`);
    assert.match(await shown.locator('.judgement-list').textContent(), /Covered: /);
    await shown.locator('.turn-feedback summary').click();
    assert.ok((await shown.locator('.turn-feedback li').count()) >= 1, 'the feedback the candidate saw is there');
    assert.deepEqual(page.problems, []);
  });

  test('notes on an answer and on the interview are kept, with their author', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server, fixture.token);
    await page.goto(`${env.server.url}/coach.html#interview=${fixture.weak.interview_id}`);
    await page.locator('.turn').first().waitFor();
    const turnNote = page.locator('.turn .note-form').first();
    await turnNote.locator('button').click();
    assert.match(await page.locator('#alert').textContent(), /Write the note first/);
    // Over the server's limit (docs/protocol.md, Limits): refused naming the note and the limit, nothing kept.
    await turnNote.locator('textarea').fill('x'.repeat(4001));
    await turnNote.locator('button').click();
    await page.waitForFunction(() => /did not accept “Note”.*4000/.test(document.getElementById('alert').textContent));
    assert.equal(await page.locator('.turn .note').count(), 0, 'nothing was stored');
    await turnNote.locator('textarea').fill('Vague: ask for one concrete incident.');
    await turnNote.locator('button').click();
    await page.waitForFunction(() => /Note added/.test(document.getElementById('status').textContent));
    await page.fill('#interview-note-text', 'Practise STAR before the next session.');
    await page.click('#interview-note-add');
    await page.waitForFunction(() => document.querySelectorAll('#interview-notes .note').length === 1);

    await page.reload();
    await page.locator('.turn').first().waitFor();
    assert.match(await page.locator('.turn .note-list').first().textContent(), /Vague: ask for one concrete incident\.\s*Rita Reviewer/);
    assert.match(await page.locator('#interview-notes').textContent(), /Practise STAR before the next session\.\s*Rita Reviewer/);
    assert.deepEqual(problemsExcept(page, [400]), []);
  });

  test('a correction with a reason changes the score and a key point, is audited, and reverts', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.server, fixture.token);
    await page.goto(`${env.server.url}/coach.html#interview=${fixture.strong.interview_id}`);
    await page.locator('.turn').first().waitFor();
    const before = (await rest(env.server, `/coach/interviews/${fixture.strong.interview_id}`, { token: fixture.token })).json;
    const turn = before.turns[0];
    const point = turn.key_points.find((item) => item.covered);
    const newScore = turn.score >= 50 ? turn.score - 25 : turn.score + 25;
    const shown = () => page.locator(`.turn[data-turn="${turn.turn}"]`);

    await shown().locator('.override summary').click();
    await shown().locator(`select[name="key_points.${point.id}"]`).selectOption('not_covered');
    await shown().locator('input[name="score"]').fill(String(newScore));
    await shown().locator('.override-form [type="submit"]').click();
    assert.match(await page.locator('#alert').textContent(), /Give a reason/, 'no reason: refused in words');
    assert.equal(await page.locator('#audit-empty').count(), 1, 'nothing was stored');

    await shown().locator('textarea[name="reason"]').fill('Mentioned, but not explained.');
    await shown().locator('.override-form [type="submit"]').click();
    await page.waitForFunction(() => /Correction saved/.test(document.getElementById('status').textContent));
    assert.match(await shown().locator('[data-role="turn-score"]').textContent(), new RegExp(`^${newScore} / 100 · corrected \\(scorer: ${turn.score} / 100\\)`));
    assert.match(await shown().locator(`[data-key-point="${point.id}"]`).textContent(), /Not covered: .*corrected by a coach/);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('turn-heading')), true, 'the reader stays at the answer');
    const entries = page.locator('.audit-entry');
    assert.equal(await entries.count(), 2, 'one audit entry per field changed');
    const audit = await entries.allTextContents();
    assert.ok(audit.some((text) => text.includes(`Score: ${turn.score} → ${newScore}`)), audit.join('\n'));
    assert.ok(audit.some((text) => text.includes(`Key point: ${point.label}: covered → not covered`)), audit.join('\n'));
    assert.ok(audit.every((text) => text.includes('Rita Reviewer') && text.includes('Mentioned, but not explained.')));
    assert.match(await page.locator('#review-score').textContent(), /\d+ \/ 100/);

    // Revert the key point: it is covered again, and the trail keeps both entries and the revert.
    const entry = page.locator(`.audit-entry[data-field="key_point:${point.id}"]`).first();
    await entry.locator('.revert summary').click();
    await entry.locator('.revert-form input').fill('Second reading: it was explained.');
    await entry.locator('.revert-form button').click();
    await page.waitForFunction(() => /Reverted/.test(document.getElementById('status').textContent));
    assert.match(await shown().locator(`[data-key-point="${point.id}"]`).textContent(), /^.?Covered: /);
    assert.equal(await page.locator('.audit-entry').count(), 3);
    assert.match(await page.locator(`.audit-entry[data-field="key_point:${point.id}"]`).allTextContents().then((texts) => texts.join('\n')), /reverted/);
    fixture.corrected = { turn: turn.turn, point, newScore };
    assert.deepEqual(page.problems, []);
  });

  test('the exports download Markdown, JSON, CSV and printable HTML with the corrected values marked', async () => {
    assert.ok(fixture.corrected, 'runs after the correction test');
    const page = await newPage(env.browser);
    await signIn(page, env.server, fixture.token);
    await page.goto(`${env.server.url}/coach.html#interview=${fixture.strong.interview_id}`);
    await page.locator('.turn').first().waitFor();
    const detail = (await rest(env.server, `/coach/interviews/${fixture.strong.interview_id}`, { token: fixture.token })).json;
    const question = detail.turns[0].question;

    const markdown = await downloaded(page, '#export-markdown');
    assert.match(markdown.name, /\.md$/);
    assert.ok(markdown.text.includes(question), 'the Markdown has the question');
    assert.ok(markdown.text.includes(String(fixture.corrected.newScore)), 'the Markdown uses the corrected score');

    const json = await downloaded(page, '#export-json');
    assert.match(json.name, /\.json$/);
    const parsed = JSON.parse(json.text);
    assert.equal(JSON.stringify(parsed).includes(fixture.strong.interview_id), true);
    assert.equal(JSON.stringify(parsed).includes(question), true);

    const csv = await downloaded(page, '#export-csv');
    assert.match(csv.name, /\.csv$/);
    const rows = csvRows(csv.text);
    assert.equal(rows.length, detail.turns.length + 1, 'a header and one row per answer');
    assert.ok(rows.slice(1).some((row) => row.includes(String(fixture.corrected.newScore))), 'the CSV has the corrected score');

    const html = await downloaded(page, '#export-html');
    assert.match(html.name, /\.html?$/);
    assert.match(html.text, /<html/i);
    assert.ok(html.text.includes(question.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'))
      || html.text.includes(question.replace(/&/g, '&amp;').replace(/</g, '&lt;')), 'the HTML report has the question');
    assert.deepEqual(page.problems, []);
  });

  test('calibration shows a corrected key point in its chart and table, with a link to the answer', async () => {
    // The weak interview gets a missed key point marked covered (over REST: the page's form has its own test above).
    const weak = (await rest(env.server, `/coach/interviews/${fixture.weak.interview_id}`, { token: fixture.token })).json;
    const turn = weak.turns[0];
    const point = turn.key_points.find((item) => !item.covered);
    assert.ok(point, 'the weak answer missed a key point');
    const corrected = await rest(env.server, `/coach/interviews/${fixture.weak.interview_id}/turns/${turn.turn}/overrides`, {
      method: 'POST', token: fixture.token, body: { reason: 'Said in other words.', key_points: { [point.id]: 'covered' } },
    });
    assert.equal(corrected.status, 201, corrected.text);
    const page = await newPage(env.browser);
    await signIn(page, env.server, fixture.token);
    await page.getByRole('link', { name: 'Calibration' }).click();
    await page.locator('#calibration-table').waitFor();
    assert.match(await page.locator('#calibration-totals').textContent(), /judgements? of the scorer, \d+ corrections? by coaches: agreement \d+ %/);
    const row = page.locator(`#calibration-table tr[data-kind="key_point"][data-id="${point.id}"]`);
    assert.equal(await row.count(), 1);
    const cells = await row.locator('td').allTextContents();
    assert.ok(Number(cells[1]) >= 1, `the key point counts an override (${cells})`);
    assert.ok((await page.locator('#calibration-chart').textContent()).includes(`Key point: ${point.label}`), 'the chart names it');
    assert.match(cells[2] ?? '', /\d+ %/, 'with its agreement rate');
    assert.ok(Number(cells[3]) >= 1, 'corrected towards yes');
    const example = row.getByRole('link').first();
    const [, exampleTurn] = /&turn=(\d+)$/.exec(await example.getAttribute('href'));
    await example.click();
    await page.locator('#review-view .turn').first().waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.closest('.turn')?.dataset.turn), exampleTurn,
      'the example opens at its answer, focused');
    assert.deepEqual(page.problems, []);
  });
});
