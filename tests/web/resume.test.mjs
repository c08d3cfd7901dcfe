// Resilience through the page against the real server: a reload mid-interview resumes it, a
// server restart is survived by reconnecting (and the page says so), an answer lost on the way is
// resent with its client id and stored once (also when the server had it already), a second tab
// takes over, and a bad saved interview is explained in words.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  skipReason, useServerAndBrowser, startServer, newPage, startInterview, answer, waitForPrompt, latestPrompt, test,
} from './harness.mjs';
import { strongAnswer, WEAK_ANSWER } from './answers.mjs';

const SESSION_KEY = 'mock-interviewer.session.v1';

/** The answers the server stored for the page's interview, read over REST with its id and token. */
async function storedAnswers(page, url) {
  const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), SESSION_KEY);
  const response = await fetch(`${url}/api/v1/interviews/${saved.interviewId}`, { headers: { Authorization: `Bearer ${saved.token}` } });
  return (await response.json()).events.map((entry) => entry.event).filter((event) => event.type === 'answer_received');
}

describe('resuming an interview in the browser', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('reloading the page mid-interview shows the same conversation and carries on', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['hr', 'technical'] });
    const first = await latestPrompt(page);
    await answer(page, strongAnswer(first.text));
    const before = {
      messages: await page.locator('#chat-log .message').count(),
      marks: await page.locator('mark.evidence').count(),
      prompt: await latestPrompt(page),
      stage: await page.locator('#stage-name').textContent(),
      progress: await page.locator('#progress-text').textContent(),
    };
    const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), SESSION_KEY);
    assert.ok(saved.interviewId && saved.token, 'the interview id and token are kept in the browser');

    await page.reload();
    await waitForPrompt(page);
    assert.equal(await page.locator('#chat-log .message').count(), before.messages, 'every message is back');
    assert.equal(await page.locator('mark.evidence').count(), before.marks, 'highlights are back');
    assert.deepEqual(await latestPrompt(page), before.prompt, 'the same question is waiting');
    assert.equal(await page.locator('#stage-name').textContent(), before.stage);
    assert.equal(await page.locator('#progress-text').textContent(), before.progress);

    await answer(page, WEAK_ANSWER);
    assert.equal(await page.locator('.message.candidate').count(), 2, 'the next answer goes on after the reload');
    assert.deepEqual(page.problems, []);
  });

  test('a server restart drops the connection; the page says so, reconnects and continues', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['technical'] });
    await answer(page, WEAK_ANSWER);
    const messagesBefore = await page.locator('#chat-log .message').count();

    await env.server.stop({ keepData: true });
    const status = page.locator('#connection-status');
    await status.waitFor({ state: 'visible' });
    assert.match(await status.textContent(), /Connection lost|Reconnecting/);
    assert.equal(await page.locator('#send-button').isDisabled(), true, 'sending waits for the connection');

    env.server = await startServer({ port: env.server.port, dataDir: env.server.dataDir });
    await page.locator('#send-button:not([disabled])').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => !/lost|Reconnecting/i.test(document.getElementById('connection-status').textContent)
      || document.getElementById('connection-status').hidden);
    assert.equal(await page.locator('#chat-log .message').count(), messagesBefore, 'nothing is shown twice after reconnecting');
    await answer(page, WEAK_ANSWER);
    assert.equal(await page.locator('.message.candidate').count(), 2);
    // The browser logs the refused connections while the server is down; nothing else may fail.
    assert.deepEqual(page.problems.filter((problem) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(problem)), []);
  });

  test('an answer the connection lost on the way is sent again by itself, with the same id, and stored once', async () => {
    const page = await newPage(env.browser);
    // The page's socket runs through the test: the first answer frame is swallowed and the
    // connection dropped, as if the network died just after Send.
    const sent = [];
    let swallow = true;
    await page.routeWebSocket(/\/ws$/, (route) => {
      const server = route.connectToServer();
      route.onMessage((message) => {
        const frame = JSON.parse(message);
        if (frame.type === 'answer') sent.push(frame.client_id);
        if (frame.type === 'answer' && swallow) {
          swallow = false;
          route.close({ code: 1006, reason: 'test: network gone' });
          return;
        }
        server.send(message);
      });
      server.onMessage((message) => route.send(message));
    });
    await startInterview(page, env.server.url, { stages: ['technical'] });
    await answer(page, WEAK_ANSWER);
    assert.equal(sent.length, 2, 'the answer went twice: lost, then resent');
    assert.equal(sent[0], sent[1], 'with the same client id');
    assert.match(sent[0], /^[A-Za-z0-9_-]{1,64}$/);
    assert.equal(await page.inputValue('#answer-input'), '', 'not put back in the box');
    assert.equal(await page.locator('.message.candidate').count(), 1, 'shown once');
    assert.equal((await storedAnswers(page, env.server.url)).length, 1, 'stored once');
    assert.deepEqual(page.problems.filter((problem) => !/WebSocket/.test(problem)), []);
  });

  test('a resent answer the server had already stored (duplicate) is shown once, with its feedback', async () => {
    const page = await newPage(env.browser);
    // The answer reaches the server and is stored, but the connection dies before any of its
    // frames reach the page, and the rejoin's replay stops before it (as when the join raced the
    // commit). The page resends; the server answers "duplicate" and sends no events again, so the
    // page must fetch them itself.
    let phase = 'normal';                 // 'drop': lose the next turn's frames; 'cut': shorten the next replay
    let cutSeq = null;
    await page.routeWebSocket(/\/ws$/, (route) => {
      const server = route.connectToServer();
      route.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        const frame = JSON.parse(message);
        if (phase === 'drop') {
          if (frame.type === 'ack') cutSeq = frame.seq;
          if (frame.type === 'turn_complete') {
            phase = 'cut';
            route.close({ code: 1006, reason: 'test: network gone' });
          }
          return;
        }
        if (phase === 'cut' && frame.type === 'joined') {
          phase = 'normal';
          route.send(JSON.stringify({ ...frame, events: frame.events.filter((entry) => entry.seq < cutSeq), last_seq: cutSeq - 1 }));
          return;
        }
        route.send(message);
      });
    });
    await startInterview(page, env.server.url, { stages: ['technical'] });
    phase = 'drop';
    await answer(page, WEAK_ANSWER);
    assert.ok(cutSeq > 0, 'the first send was stored');
    assert.equal(await page.locator('.message.candidate').count(), 1, 'the answer is shown once');
    assert.equal(await page.locator('.feedback').count(), 1, 'with its feedback, once');
    assert.equal((await storedAnswers(page, env.server.url)).length, 1, 'stored once');
    await answer(page, WEAK_ANSWER);
    assert.equal((await storedAnswers(page, env.server.url)).length, 2, 'and the interview goes on');
    assert.deepEqual(page.problems.filter((problem) => !/WebSocket/.test(problem)), []);
  });

  test('opening the interview in a second tab takes it over; the first tab says so where the candidate looks and can take it back (bug 6)', async () => {
    const first = await newPage(env.browser, { height: 600 });
    await startInterview(first, env.server.url, { stages: ['hr'] });
    await answer(first, WEAK_ANSWER);                    // a conversation longer than the screen
    await first.evaluate(() => scrollTo({ top: document.documentElement.scrollHeight }));
    const second = await first.context().newPage();      // same browser profile: same saved interview
    await second.goto(env.server.url);
    await waitForPrompt(second);

    const alert = first.locator('.alert:not([hidden])');
    await alert.waitFor({ state: 'visible' });
    assert.match(await alert.textContent(), /opened in another tab or window/);
    const box = await alert.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 600, `the notice is on screen (y ${box.y})`);
    assert.equal(await first.locator('#send-button').isDisabled(), true, 'the first tab stops taking answers');
    const status = first.locator('#connection-status');
    assert.ok(await status.isVisible(), 'the header says what happened');
    assert.doesNotMatch(await status.textContent(), /^Connected/, 'the header does not say "Connected"');
    assert.match(await status.textContent(), /another tab/i, 'the header says where the interview went');

    // Enter in the first tab keeps the way back, and says nothing false about the connection.
    await first.fill('#answer-input', 'An answer typed in the old tab');
    await first.press('#answer-input', 'Enter');
    const after = await first.locator('.alert:not([hidden])').textContent();
    assert.doesNotMatch(after, /connection is back/, `no false "connection" advice (${after})`);
    assert.ok(await first.getByRole('button', { name: 'Continue here' }).isVisible(), '"Continue here" is still offered');
    assert.equal(await first.inputValue('#answer-input'), 'An answer typed in the old tab', 'the typed text stays');

    await first.getByRole('button', { name: 'Continue here' }).click();
    await waitForPrompt(first);
    await second.locator('.alert:not([hidden])').waitFor({ state: 'visible' });
    assert.match(await second.locator('.alert:not([hidden])').textContent(), /opened in another tab or window/);
    await first.fill('#answer-input', '');
    await answer(first, WEAK_ANSWER);
    assert.deepEqual(first.problems, []);
  });

  test('a saved interview the server does not know is explained in words, and a new one can start', async () => {
    const page = await newPage(env.browser);
    await page.goto(env.server.url);
    await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ interviewId: 'no-such-interview', token: 'x', role: 'backend-developer' })), SESSION_KEY);
    await page.reload();
    const alert = page.locator('.alert:not([hidden])');
    await alert.waitFor({ state: 'visible' });
    const text = await alert.textContent();
    assert.match(text, /no longer exists|could not be opened/);
    assert.doesNotMatch(text, /[{}]|"code"/, 'no raw JSON');
    await page.locator('#start-view').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY), null);
  });
});
