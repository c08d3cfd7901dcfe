// The practice profile in the browser: the first interview creates it (with Try again and its
// before and after on screen), two more interviews are held for it over the API, and the progress
// page shows the same figures the API computes, as a chart and as tables, at 1280 and 375 px with
// no axe violations; a second browser context takes the profile over with the recovery code.

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  skipReason, startServer, launchBrowser, newPage, startInterview, answer, latestPrompt, command, REPO, test, screenshotPath,
} from './harness.mjs';
import { strongAnswer, WEAK_ANSWER } from './answers.mjs';
import { answer as answerOverWebSocket } from '../server/coach_harness.mjs';

const AXE_SOURCE = readFileSync(path.join(REPO, 'tests', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const PROFILE_KEY = 'mock-interviewer.profile.v1';
const PLAN = { role: 'backend-developer', stages: ['hr'], questions_per_stage: 2, follow_ups_per_question: 0, seed: 11 };

async function violations(page) {
  if (!await page.evaluate(() => Boolean(window.axe))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return result.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${violation.help} — ${node.target.join(' ')}`));
}

async function api(url, pathname, { method = 'GET', secret, body } = {}) {
  const response = await fetch(url + pathname, {
    method,
    headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: await response.json() };
}

describe('progress page and practice profile', { skip: skipReason }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ extraArgs: ['--max-messages-per-second', '50'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('three interviews later the progress page shows what improved and what to drill, and the code moves it to another browser', async () => {
    const page = await newPage(browser, { bypassCSP: true });
    await startInterview(page, server.url, { stages: ['hr'] });
    const profile = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), PROFILE_KEY);
    assert.match(profile.secret, /^mip_/, 'the first interview created a profile');
    assert.match(profile.recoveryCode, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

    // Try again: the first answer, then the same question answered better, side by side.
    const first = await latestPrompt(page);
    await answer(page, WEAK_ANSWER);
    await command(page, 'again');
    await page.locator('.message[data-kind="question"]', { hasText: 'Try again (attempt 2)' }).waitFor();
    assert.equal((await latestPrompt(page)).itemId, first.itemId, 'the same question, put again');
    await answer(page, strongAnswer(first.text));
    const comparison = page.locator('.retry-comparison');
    await comparison.waitFor();
    assert.match(await comparison.textContent(), /Before and after: \+\d+; the report counts \d+/);
    assert.match(await comparison.textContent(), /Before.*Score \d+\/100.*After.*Score \d+\/100/s);
    await command(page, 'end');
    await page.locator('#report-heading').waitFor();

    // Two more interviews for the same profile, held over the API: weak, then strong.
    for (const text of [WEAK_ANSWER, strongAnswer('Can you tell me about your experience with backend technologies?')]) {
      const created = await api(server.url, '/api/v1/profiles/me/interviews', { method: 'POST', secret: profile.secret, body: PLAN });
      assert.equal(created.status, 201);
      await answerOverWebSocket(server.url.replace(/^http/, 'ws') + '/ws', created.json, [text, text]);
    }
    const expected = (await api(server.url, '/api/v1/profiles/me/progress', { secret: profile.secret })).json;
    assert.equal(expected.totals.interviews, 3);

    await page.goto(`${server.url}/progress.html`);
    await page.locator('#overall-chart').waitFor();
    const shownScores = await page.locator('#overall-chart .series-0 .chart-value').evaluateAll((nodes) => nodes.map((node) => Number(node.dataset.value)));
    assert.deepEqual(shownScores, expected.overall.map((point) => point.score));
    const tableScores = await page.locator('table:has(caption:text-is("Overall score per interview")) tbody td:nth-child(3)').allTextContents();
    assert.deepEqual(tableScores.map(Number), expected.overall.map((point) => point.score), 'the table says the same as the chart');
    assert.match(await page.locator('.totals').textContent(), new RegExp(`${expected.totals.interviews} interviews .*${expected.totals.answers} answers`));
    assert.match(await page.locator('.totals').textContent(), /days are UTC/);
    assert.equal(await page.locator('.recovery-code-value').textContent(), profile.recoveryCode);
    assert.ok(await page.locator('#drill-heading').isVisible());
    const found = [];
    for (const size of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
      await page.setViewportSize(size);
      for (const colorScheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme });
        for (const problem of await violations(page)) found.push(`${size.width} px ${colorScheme}: ${problem}`);
      }
      const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no sideways scrolling at ${size.width} px (${overflow} px too wide)`);
      await page.screenshot({ path: screenshotPath(`progress-${size.width}.png`), fullPage: true });
    }
    assert.deepEqual(found, [], `axe found ${found.length} violations:\n${found.join('\n')}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'I have written it down' }).click();
    await page.locator('.recovery-code-value').waitFor({ state: 'detached' });

    // A second browser: no profile until the code is typed (any case, spaces for hyphens).
    const other = await newPage(browser, { bypassCSP: true });
    await other.goto(`${server.url}/progress.html`);
    await other.getByText('This browser has no practice profile yet').waitFor();
    await other.fill('#recover-code', profile.recoveryCode.toLowerCase().replace(/-/g, ' '));
    await other.click('#recover-button');
    await other.locator('#overall-chart').waitFor();
    assert.equal(await other.locator('.totals').textContent(), await page.locator('.totals').textContent());
    const otherProfile = await other.evaluate((key) => JSON.parse(localStorage.getItem(key)), PROFILE_KEY);
    assert.equal(otherProfile.profileId, profile.profileId);
    assert.notEqual(otherProfile.secret, profile.secret, 'each device has its own secret');
    assert.deepEqual(await violations(other), []);
    assert.deepEqual([...page.problems, ...other.problems], []);
  });
});
