// The report as a candidate keeps it, against the real server: their own answers in it, only the
// skills the answers gave evidence of (and how much), improvements only where there is something
// to improve, names instead of ids in the Markdown, earlier reports reachable from the start page,
// and a finished conversation that cannot be typed into (bugs 8 and 6).

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import {
  skipReason, useServerAndBrowser, newPage, startInterview, answerUntilReport, REPO, test,
} from './harness.mjs';
import { strongAnswer, strongSubmission } from './answers.mjs';

const pack = JSON.parse(readFileSync(path.join(REPO, 'content', 'roles', 'backend-developer.json'), 'utf8'));
/** Ids a person should never read: levels, statuses, verdicts and the pack's own ids. */
const INTERNAL_IDS = ['must_verify', 'good_to_verify', 'not_assessed', 'not_asked', 'in_progress',
  ...pack.questions.map((question) => question.id), ...pack.practical_tasks.map((task) => task.id),
  ...pack.skills.map((skill) => skill.id), ...pack.stages.map((stage) => stage.id).filter((id) => id.includes('-'))];

describe('the report', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('shows the answers, skills with their evidence, useful improvements, names not ids, and earlier reports (bug 8)', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['hr', 'coding-challenge'], seniority: 'junior' });
    const sent = [];
    await answerUntilReport(page, (prompt) => {
      const text = prompt.kind === 'task' ? strongSubmission(prompt.taskName) : strongAnswer(prompt.text);
      sent.push(text);
      return text;
    });
    await page.locator('#report-heading').waitFor();

    // The candidate's own answers, with the question they answered.
    const answers = await page.locator('.question-list .your-answer').allTextContents();
    for (const text of sent) {
      assert.ok(answers.some((shown) => shown.includes(text.split('\n')[0])), `the report shows the answer "${text.slice(0, 40)}…"`);
    }

    // Skills: only those with evidence, each saying how much.
    const skills = await page.locator('[id^="skill-chart"] .chart-row').evaluateAll((rows) => rows.map((row) => row.textContent));
    assert.ok(skills.length >= 1, 'some skills are shown');
    for (const row of skills) {
      assert.doesNotMatch(row, /not assessed/, `a skill without evidence is left out (${row})`);
      assert.match(row, /from (1 answer|(?:[2-9]|\d{2,}) answers)\b/, `the skill says how much evidence it has (${row})`);
    }

    // What to improve first: only answers below the pass mark, each with its reason.
    const passMark = Number((await page.locator('.overall').textContent()).match(/Pass mark for this seniority: (\d+)/)[1]);
    const improvements = await page.locator('.improvement-list > li').allInnerTexts();
    for (const item of improvements) {
      const score = Number(item.match(/\((\d+) ?\/ ?100\)/)?.[1] ?? 0);
      assert.ok(score < passMark, `"${item.split('\n')[0]}" is below the pass mark of ${passMark}`);
    }
    if (!improvements.length) assert.match(await page.locator('#improvements-heading + *').textContent(), /pass mark/);

    // The Markdown keeps names, never ids.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-markdown')]);
    const markdown = await promisify(readFile)(await download.path(), 'utf8');
    for (const id of INTERNAL_IDS) assert.ok(!markdown.includes(id), `the Markdown does not show the id "${id}"`);
    assert.ok(markdown.includes(sent[0].split('\n')[0].slice(0, 30)), 'the Markdown report has the answers');

    // "Read the conversation" shows it, but the finished interview takes no more answers.
    await page.click('#show-conversation');
    await page.locator('#chat-log').waitFor({ state: 'visible' });
    const typeable = await page.locator('#answer-input').evaluate((node) => node.checkVisibility() && !node.disabled && !node.readOnly);
    assert.equal(typeable, false, 'the answer box of a finished interview cannot be typed into (bug 6)');
    await page.getByRole('button', { name: 'Back to the report' }).click();

    // After "Start a new interview" the report stays reachable from the start page.
    const overall = await page.locator('#overall-score').textContent();
    await page.click('#new-interview');
    await page.locator('#start-view').waitFor({ state: 'visible' });
    const earlier = page.locator('#earlier-interviews');
    await earlier.waitFor({ state: 'visible' });
    const link = earlier.getByRole('link', { name: /report/i }).first();
    await link.click();
    await page.locator('#report-view').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#overall-score').textContent(), overall, 'the earlier report is the same');
    await page.getByRole('button', { name: 'Start a new interview' }).click();
    await page.locator('#start-view').waitFor({ state: 'visible' });
    assert.deepEqual(page.problems, []);
  });
});
