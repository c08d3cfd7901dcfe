// The whole flow by keyboard alone against the real server: choosing stages, starting, answering
// (Enter sends, Shift+Enter adds a line), a command button, ending, and the report, with a
// visible focus ring on everything reached by Tab.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, useServerAndBrowser, newPage, waitForPrompt, settle, pace, startUrl, test } from './harness.mjs';

/** Presses Tab until `selector` has focus; checks that every stop shows a focus ring. */
async function tabTo(page, selector, { maxPresses = 40 } = {}) {
  for (let press = 0; press < maxPresses; press += 1) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate((wanted) => {
      const active = document.activeElement;
      const style = getComputedStyle(active);
      return {
        matches: active.matches(wanted),
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        name: `${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ''} ${active.textContent.trim().slice(0, 30)}`,
      };
    }, selector);
    assert.ok(state.ring, `focus is visible on ${state.name}`);
    if (state.matches) return;
  }
  throw new Error(`${selector} not reached with Tab`);
}

describe('keyboard only', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('an interview can be started, answered, helped, ended and downloaded without a mouse', async () => {
    const page = await newPage(env.browser);
    await page.goto(startUrl(env.server.url));
    await page.locator('#stage-options input').first().waitFor();
    assert.equal(await page.locator('h1').first().textContent(), 'Practise a job interview');

    // Keep only the first stage: Space unticks the others.
    const stageIds = await page.locator('#stage-options input').evaluateAll((boxes) => boxes.map((box) => box.id));
    for (const id of stageIds.slice(1)) {
      await tabTo(page, `#${id}`);
      await page.keyboard.press('Space');
    }
    await tabTo(page, '#start-button');
    await page.keyboard.press('Enter');
    await page.locator('#interview-view').waitFor({ state: 'visible' });
    await waitForPrompt(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'answer-input', 'the answer box has focus');

    // Shift+Enter adds a line and sends nothing; Enter sends.
    await page.keyboard.type('First line of my answer.');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Second line: I used Git branches and pull requests.');
    assert.equal(await page.inputValue('#answer-input'), 'First line of my answer.\nSecond line: I used Git branches and pull requests.');
    assert.equal(await page.locator('.message.candidate').count(), 0);
    await pace(page);
    await page.keyboard.press('Enter');
    await page.locator('.message.candidate').waitFor();
    await page.locator('.feedback .score-badge:not([hidden])').waitFor();
    await settle(page);
    assert.equal(await page.locator('.message.candidate .answer-text').first().evaluate((node) => node.textContent.includes('\n')), true,
      'the line break is kept');
    assert.equal(await page.inputValue('#answer-input'), '');

    // The feedback is announced: it sits inside the conversation's live region.
    assert.equal(await page.locator('#chat-log').getAttribute('role'), 'log');
    assert.equal(await page.locator('#chat-log').getAttribute('aria-live'), 'polite');
    assert.equal(await page.locator('#chat-log .feedback').count(), 1);

    await tabTo(page, 'button[data-command="hint"]');
    await pace(page);
    await page.keyboard.press('Enter');
    await page.locator('.message[data-kind="command"]').waitFor();
    await settle(page);

    await tabTo(page, 'button[data-command="end"]');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('button[data-command="end"]').textContent(), 'Press again to end', 'ending asks first');
    await pace(page);
    await page.keyboard.press('Enter');
    await page.locator('#report-view').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'report-heading', 'focus moves to the report');
    const headings = await page.locator('#report-view h1, #report-view h2').allTextContents();
    assert.deepEqual(headings.slice(0, 3), ['Your interview report', 'By stage', 'By skill']);

    await tabTo(page, '#download-json');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.match(download.suggestedFilename(), /\.json$/);

    // The finished interview stays in the browser: a reload shows the report again.
    await page.reload();
    await page.locator('#report-view').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#report-heading').textContent(), 'Your interview report');
    assert.deepEqual(page.problems, []);
  });
});
