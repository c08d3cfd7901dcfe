// Reading further up while the interview goes on, against the real server: new content keeps a
// reader at the end there, but does not move one who scrolled up; a "New messages" button takes
// them down (click, Enter or Space; scrolling down by hand hides it too). Sending, a command
// button, a reload and a reconnect all end at the newest message without the button, and the
// report opens at its top.
//
// Deterministic by construction: the page's WebSocket runs through the test (Playwright's
// routeWebSocket) to the real server, unchanged, except that the server's frames can be held back.
// The test holds them, sends an answer, scrolls up by mouse wheel, waits until the server has
// produced the interviewer's next turn, and only then lets the frames through: the reader is
// certainly scrolled up when they arrive, with no race against the server.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  skipReason, useServerAndBrowser, newPage, startInterview, answer, waitForPrompt, settle, latestPrompt, screenshotPath, WAIT_MS,
  pace, command, test,
} from './harness.mjs';
import { strongAnswer, WEAK_ANSWER } from './answers.mjs';

const NEW_MESSAGES = { name: 'New messages below' };
const INTERVIEWER_TURNS = new Set(['question_asked', 'follow_up', 'report']);

/**
 * Routes the page's interview WebSocket through the test. Frames go both ways untouched unless
 * `hold()` was called: then the server's frames wait in `held` until `release()` (or are dropped
 * with the connection by `dropHeldAndDisconnect()`, so they reach the page only as a replay).
 */
async function routeSocket(page) {
  const gate = { holding: false, held: [], route: null };
  await page.routeWebSocket(/\/ws$/, (route) => {
    const server = route.connectToServer();
    route.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      if (gate.holding && gate.route === route) gate.held.push(message);
      else route.send(message);
    });
    gate.route = route;
  });
  return {
    hold() { gate.holding = true; },
    /** Waits until the held frames include the interviewer's next turn: the server is done. */
    async heldUntilInterviewerTurn({ timeoutMs = WAIT_MS } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (!gate.held.some((frame) => INTERVIEWER_TURNS.has(JSON.parse(frame).event?.type))) {
        if (Date.now() > deadline) throw new Error(`no interviewer turn among ${gate.held.length} held frames`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    /** Lets the held frames through, `gapMs` apart (0: all at once). */
    async release({ gapMs = 0 } = {}) {
      gate.holding = false;
      for (const frame of gate.held.splice(0)) {
        gate.route.send(frame);
        if (gapMs) await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
    },
    dropHeldAndDisconnect() {
      gate.holding = false;
      gate.held.length = 0;
      gate.route.close({ code: 1001, reason: 'test: connection dropped' });
    },
  };
}

async function waitUntilAtEnd(page) {
  await page.waitForFunction(() => document.documentElement.scrollHeight - document.documentElement.clientHeight - window.scrollY <= 2);
}

/** Resolves once the page has not scrolled for 300 ms: a smooth scroll has come to rest. */
function scrollingStops(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const done = () => { removeEventListener('scroll', restart); resolve(); };
    let timer = setTimeout(done, 300);
    function restart() { clearTimeout(timer); timer = setTimeout(done, 300); }
    addEventListener('scroll', restart, { passive: true });
  }));
}

/**
 * Scrolls the way a reader does: the mouse wheel over the conversation, a screenful per notch,
 * until the top or the end. Chromium drops wheel input that arrives while a smooth scroll runs
 * (and one huge delta), so the reader waits for the page to rest and a notch that did nothing is
 * tried again after a pause.
 */
async function wheelTo(page, where) {
  const { width, height } = page.viewportSize();
  await scrollingStops(page);
  await page.mouse.move(width / 2, 200);
  const arrived = () => page.evaluate((to) => (to === 'top' ? window.scrollY === 0
    : document.documentElement.scrollHeight - document.documentElement.clientHeight - window.scrollY <= 2), where);
  for (let notch = 0; notch < 40 && !(await arrived()); notch += 1) {
    const before = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, where === 'top' ? -height : height);
    await page.waitForFunction((y) => window.scrollY !== y, before, { timeout: 1000 }).catch(() => {});
  }
  assert.ok(await arrived(), `the wheel reached the ${where}`);
}

/** Types an answer and sends it with Enter (a candidate action); waits for its bubble. */
async function sendAnswer(page, text) {
  const before = await page.locator('.message.candidate').count();
  await page.fill('#answer-input', text);
  await pace(page);
  await page.press('#answer-input', 'Enter');
  await page.locator('.message.candidate').nth(before).waitFor();
}

/** Counts every time the "New messages" button is shown from now on, even if hidden again in the same task. */
async function countButtonShows(page) {
  await page.evaluate(() => {
    window.newMessagesShown = 0;
    const button = document.getElementById('new-messages');
    new MutationObserver((records) => {
      records.forEach((record, index) => {
        const after = index + 1 < records.length ? records[index + 1].oldValue : button.getAttribute('hidden');
        if (record.oldValue !== null && after === null) window.newMessagesShown += 1;
      });
    }).observe(button, { attributes: true, attributeFilter: ['hidden'], attributeOldValue: true });
  });
}

/** The interviewer answers while the candidate reads above: sends, scrolls to the top, then lets the server's frames in. */
async function answerWhileReadingAbove(page, socket, text, { gapMs = 0 } = {}) {
  socket.hold();
  await sendAnswer(page, text);
  await waitUntilAtEnd(page);                          // sending shows the candidate their answer
  await wheelTo(page, 'top');
  await socket.heldUntilInterviewerTurn();
  await socket.release({ gapMs });
  await settle(page);
}

describe('reading further up while new messages arrive', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('new content leaves a reader who scrolled up in place and offers "New messages"; at the end it follows', async () => {
    const page = await newPage(env.browser, { height: 600 });
    const socket = await routeSocket(page);
    await startInterview(page, env.server.url, { stages: ['hr', 'technical', 'final'] });
    const button = page.getByRole('button', NEW_MESSAGES);

    // At the end, everything that arrives is followed and the button never shows.
    await countButtonShows(page);
    await answer(page, strongAnswer((await latestPrompt(page)).text));
    await waitUntilAtEnd(page);
    assert.ok(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight * 1.5), 'the page scrolls');
    assert.equal(await page.evaluate(() => window.newMessagesShown), 0, 'no button for a reader at the end');

    // Scrolled up: the feedback and the next question arrive, the reader stays where they are.
    const promptsBefore = await page.locator('#chat-log .message.interviewer').count();
    await answerWhileReadingAbove(page, socket, WEAK_ANSWER);
    assert.ok(await page.locator('#chat-log .message.interviewer').count() > promptsBefore, 'the interviewer answered');
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the reader was not moved');
    await button.waitFor({ state: 'visible' });
    const box = await button.boundingBox();
    const composer = await page.locator('#answer-form').boundingBox();
    assert.ok(box.y + box.height <= composer.y, 'the button sits above the answer box');
    assert.ok(box.y >= 0 && box.x >= 0 && box.x + box.width <= 1280, 'the button is on screen');
    await page.screenshot({ path: screenshotPath('new-messages-1280.png') });

    // Keyboard: one Shift+Tab from the answer box reaches it, with a focus ring; Enter goes down.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'answer-input');
    await page.keyboard.press('Shift+Tab');
    const focused = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement);
      return { id: document.activeElement.id, ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
    });
    assert.deepEqual(focused, { id: 'new-messages', ring: true });
    await page.keyboard.press('Enter');
    await waitUntilAtEnd(page);
    await button.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'answer-input', 'focus goes on to the answer box');

    // Scrolling back to the end by hand hides the button too.
    await answerWhileReadingAbove(page, socket, WEAK_ANSWER);
    await button.waitFor({ state: 'visible' });
    await wheelTo(page, 'end');
    await button.waitFor({ state: 'hidden' });

    // And a click on it.
    await answerWhileReadingAbove(page, socket, WEAK_ANSWER);
    await button.click();
    await waitUntilAtEnd(page);
    await button.waitFor({ state: 'hidden' });

    // A command button is the candidate's own action: the page goes to the reply, no button.
    await wheelTo(page, 'top');
    const commandsBefore = await page.locator('.message[data-kind="command"]').count();
    await command(page, 'hint');
    await page.locator('.message[data-kind="command"]').nth(commandsBefore).waitFor();
    await settle(page);
    await waitUntilAtEnd(page);
    assert.equal(await button.isHidden(), true, "no button after the candidate's own command");

    // A reload replays the whole conversation and shows its end, without the button.
    await wheelTo(page, 'top');
    await page.reload();
    await waitForPrompt(page);
    await waitUntilAtEnd(page);
    assert.equal(await button.isHidden(), true, 'no button after a reload');

    // A reconnect replays what was missed, shows its end, without the button.
    await countButtonShows(page);
    const messagesBefore = await page.locator('#chat-log .message').count();
    socket.hold();
    await sendAnswer(page, WEAK_ANSWER);
    await wheelTo(page, 'top');
    await socket.heldUntilInterviewerTurn();
    socket.dropHeldAndDisconnect();
    await page.locator('#send-button[disabled]').waitFor();
    await waitForPrompt(page);
    assert.ok(await page.locator('#chat-log .message').count() > messagesBefore + 1, 'the missed turn came with the replay');
    assert.equal(await page.locator('.message.candidate[data-pending="true"]').count(), 0, 'the answer was stored');
    await waitUntilAtEnd(page);
    assert.equal(await page.evaluate(() => window.newMessagesShown), 0, 'no button for replayed events');

    // The browser logs the dropped connection; nothing else may fail.
    assert.deepEqual(page.problems.filter((problem) => !/WebSocket/.test(problem)), []);
  });

  test('at 375 px in dark mode with smooth scrolling: following survives frames mid-scroll; Space goes down; the report opens at its top', async () => {
    const page = await newPage(env.browser, { width: 375, height: 667, colorScheme: 'dark', reducedMotion: 'no-preference' });
    const socket = await routeSocket(page);
    await startInterview(page, env.server.url, { stages: ['hr', 'technical'] });
    const button = page.getByRole('button', NEW_MESSAGES);

    // Frames let in 40 ms apart while the page scrolls smoothly to the end: each lands mid-scroll,
    // when the position is far from the end. A reader who did not scroll still follows them all.
    await countButtonShows(page);
    socket.hold();
    await sendAnswer(page, strongAnswer((await latestPrompt(page)).text));
    await socket.heldUntilInterviewerTurn();
    await socket.release({ gapMs: 40 });
    await settle(page);
    assert.equal(await page.evaluate(() => window.newMessagesShown), 0, 'no button while following a smooth scroll');
    await waitUntilAtEnd(page);

    // Scrolled up, new content shows the button: on screen, above the answer box, in the dark palette.
    await answerWhileReadingAbove(page, socket, WEAK_ANSWER, { gapMs: 40 });
    await button.waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the reader was not moved');
    const box = await button.boundingBox();
    const composer = await page.locator('#answer-form').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 375, `the button fits 375 px (${box.x}..${box.x + box.width})`);
    assert.ok(box.y + box.height <= composer.y, 'the button sits above the answer box');
    const colours = await button.evaluate((node) => ({ background: getComputedStyle(node).backgroundColor, text: getComputedStyle(node).color }));
    assert.deepEqual(colours, { background: 'rgb(127, 176, 236)', text: 'rgb(13, 22, 32)' }, 'the dark accent, dark text on it');
    await page.screenshot({ path: screenshotPath('new-messages-375-dark.png') });

    await page.focus('#answer-input');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'new-messages');
    await page.keyboard.press('Space');
    await waitUntilAtEnd(page);
    await button.waitFor({ state: 'hidden' });

    // Ending: the report replaces the conversation while the page still scrolls towards its end.
    await command(page, 'end');
    await page.locator('#report-view').waitFor({ state: 'visible' });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the report opens at its top');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'report-heading');
    assert.deepEqual(page.problems, []);
  });
});
