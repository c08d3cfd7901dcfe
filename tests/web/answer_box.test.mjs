// The answer box as a candidate meets it, against the real server: command words typed as answers,
// errors shown where the candidate is looking, the task editor's keys, Skip asking first, and the
// phone layout (the conversation stays in view, a draft survives a reload).

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  skipReason, useServerAndBrowser, newPage, startInterview, answer, settle, latestPrompt, pace, command,
  waitForPrompt, test,
} from './harness.mjs';
import { WEAK_ANSWER, WEAK_SUBMISSION } from './answers.mjs';

/** Types `text` and presses `key` in the answer box, at a person's pace; waits for nothing. */
async function typeAndPress(page, text, key = 'Enter') {
  await page.fill('#answer-input', text);
  await pace(page);
  await page.press('#answer-input', key);
}

/** Whether `box` lies wholly inside the visible part of the page. */
async function onScreen(page, locator) {
  const box = await locator.boundingBox();
  const { height, width } = page.viewportSize();
  return box !== null && box.y >= 0 && box.y + box.height <= height && box.x >= 0 && box.x + box.width <= width;
}

describe('the answer box', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('typing help, hint or skip as an answer gives the reply, and later answers are still sent (bug 1)', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['technical'] });
    for (const word of ['help', 'hint']) {
      const before = await page.locator('.message[data-kind="command"]').count();
      await typeAndPress(page, word);
      await page.locator('.message[data-kind="command"]').nth(before).waitFor();
      await settle(page);
      assert.equal(await page.inputValue('#answer-input'), '', `"${word}" left the box`);
      assert.equal(await page.locator('.message.candidate[data-pending="true"]').count(), 0, `"${word}" is not left "Sending…"`);
    }
    await answer(page, WEAK_ANSWER);
    const asked = await latestPrompt(page);
    await typeAndPress(page, 'skip');
    await page.waitForFunction((itemId) => {
      const prompts = document.querySelectorAll('#chat-log .message[data-kind="question"]');
      return prompts[prompts.length - 1].dataset.itemId !== itemId;
    }, asked.itemId);
    await settle(page);
    await answer(page, WEAK_ANSWER);
    assert.equal(await page.locator('.message.candidate').count(), 2, 'both real answers are shown, the command words are not');
    assert.deepEqual(page.problems, []);
  });

  test('an error shows beside the answer box, is announced, and is said in words (bug 2)', async () => {
    const page = await newPage(env.browser, { height: 600 });
    await startInterview(page, env.server.url, { stages: ['technical'] });
    await answer(page, WEAK_ANSWER);
    assert.ok(await page.evaluate(() => document.documentElement.scrollHeight > innerHeight), 'the page scrolls');
    await page.evaluate(() => scrollTo({ top: document.documentElement.scrollHeight }));

    await page.fill('#answer-input', '   ');
    await page.press('#answer-input', 'Enter');
    const alert = page.locator('.alert:not([hidden])');
    await alert.waitFor();
    assert.equal(await alert.count(), 1, 'one alert');
    assert.ok(await onScreen(page, alert), 'the alert is on screen where the candidate is typing');
    const composer = await page.locator('#answer-input').boundingBox();
    const box = await alert.boundingBox();
    assert.ok(Math.abs(box.y + box.height - composer.y) < 200 || Math.abs(box.y - (composer.y + composer.height)) < 200,
      'the alert sits beside the answer box');
    const text = (await alert.textContent()).trim();
    assert.doesNotMatch(text, /null|undefined|[{}]/, `no raw values in the alert (${text})`);
    assert.match(text, /Write an answer first/);
    const announced = await alert.evaluate((node) => node.closest('[role="alert"], [aria-live="assertive"]') !== null);
    assert.ok(announced, 'the alert is announced to screen readers');

    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await alert.waitFor({ state: 'detached' }).catch(() => {});
    assert.equal(await page.locator('.alert:not([hidden])').count(), 0, 'Dismiss hides it');
    assert.deepEqual(page.problems, []);
  });

  test('in the task editor Enter adds a line and Ctrl+Enter submits; Skip asks first (bug 3)', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['technical', 'coding-challenge'] });

    // Skip: the first press asks, nothing is sent yet.
    const skip = page.locator('button[data-command="skip"]');
    const commandsBefore = await page.locator('.message[data-kind="command"]').count();
    await skip.click();
    assert.match(await skip.textContent(), /again/i, 'Skip asks for confirmation first');
    assert.equal(await page.locator('.message[data-kind="command"]').count(), commandsBefore, 'one press sends nothing');
    assert.equal(await page.locator('#typing-indicator').isHidden(), true);
    await pace(page);
    await skip.click();
    await page.locator('.message[data-kind="command"]').nth(commandsBefore).waitFor();
    await settle(page);

    for (let turn = 0; turn < 12 && (await latestPrompt(page)).kind !== 'task'; turn += 1) await answer(page, WEAK_ANSWER);
    assert.equal((await latestPrompt(page)).kind, 'task', 'the coding challenge sets a task');
    assert.match(await page.locator('#answer-hint').textContent(), /Ctrl\+Enter|⌘\+Enter/, 'the hint says how to submit');
    const sentBefore = await page.locator('.message.candidate').count();
    await page.fill('#answer-input', '');
    await page.type('#answer-input', 'First line');
    await page.press('#answer-input', 'Enter');
    await page.type('#answer-input', 'second line');
    assert.equal(await page.inputValue('#answer-input'), 'First line\nsecond line', 'Enter adds a line in the task editor');
    assert.equal(await page.locator('.message.candidate').count(), sentBefore, 'Enter did not submit the draft');
    await page.fill('#answer-input', WEAK_SUBMISSION);
    await answer(page, WEAK_SUBMISSION);       // the harness submits a task with Ctrl+Enter
    assert.equal(await page.locator('.message.candidate').count(), sentBefore + 1, 'Ctrl+Enter submitted');
    assert.deepEqual(page.problems, []);
  });

  test('on a phone the conversation keeps most of the screen, also with the keyboard up, and a draft survives a reload (bug 7)', async () => {
    const page = await newPage(env.browser, { width: 375, height: 740, isMobile: true, hasTouch: true });
    await startInterview(page, env.server.url, { stages: ['hr'] });
    const dock = page.locator('.composer-dock');
    const dockHeight = (await dock.boundingBox()).height;
    assert.ok(dockHeight <= 200, `the answer area takes ${dockHeight} of 740 px`);

    // The on-screen keyboard takes about 320 px: the visible page shrinks to 420.
    await page.setViewportSize({ width: 375, height: 420 });
    await page.focus('#answer-input');
    const keyboardUp = (await dock.boundingBox()).height;
    assert.ok(keyboardUp <= 170, `with the keyboard up the answer area takes ${keyboardUp} of 420 px`);
    // The question stays in view above the answer box (the page follows the resize).
    await page.waitForFunction(() => {
      const bubbles = document.querySelectorAll('#chat-log .message[data-kind="question"] .bubble');
      const question = bubbles[bubbles.length - 1].getBoundingClientRect();
      const dockTop = document.querySelector('.composer-dock').getBoundingClientRect().top;
      return question.bottom > 0 && question.top < dockTop - 20;
    }, undefined, { timeout: 3000 });

    await page.type('#answer-input', 'A half-written answer');
    await page.reload();
    await waitForPrompt(page);
    assert.equal(await page.inputValue('#answer-input'), 'A half-written answer', 'the draft is kept');
    await page.setViewportSize({ width: 375, height: 740 });
    await answer(page, WEAK_ANSWER);
    await page.reload();
    await waitForPrompt(page);
    assert.equal(await page.inputValue('#answer-input'), '', 'a sent answer is no longer a draft');
    assert.deepEqual(page.problems, []);
  });
});
