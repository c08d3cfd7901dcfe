// The server's per-connection rate limit as a candidate meets it, against the real server started
// with a low limit: a message the server refuses as too fast is sent again by itself after the
// pause the server asks for (retry_after_ms), with at most a quiet line, and stored once; only
// when it keeps failing does the page say so, in its own words, with the answer back in the box.
// The first test uses the real server's limit; the second a socket that refuses every answer.
// (The other browser tests pace their sends like a person, under the default limit of 5 per second.)

import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  skipReason, startServer, launchBrowser, newPage, startInterview, settle, shownAlert, test, WAIT_MS,
} from './harness.mjs';
import { WEAK_ANSWER } from './answers.mjs';

const SESSION_KEY = 'mock-interviewer.session.v1';

/** Counts the server's rate_limited error frames the page receives (the page's socket, unchanged). */
async function countRateLimited(page) {
  const seen = { rateLimited: 0 };
  await page.routeWebSocket(/\/ws$/, (route) => {
    const server = route.connectToServer();
    route.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      if (JSON.parse(message).code === 'rate_limited') seen.rateLimited += 1;
      route.send(message);
    });
  });
  return seen;
}

async function storedAnswers(page, url) {
  const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), SESSION_KEY);
  const response = await fetch(`${url}/api/v1/interviews/${saved.interviewId}`, { headers: { Authorization: `Bearer ${saved.token}` } });
  return (await response.json()).events.map((entry) => entry.event).filter((event) => event.type === 'answer_received');
}

/** Sends an answer right after the join, with no pause: faster than the limit allows. */
async function sendAtOnce(page, text) {
  await page.fill('#answer-input', text);
  await page.press('#answer-input', 'Enter');
}

describe('the rate limit', { skip: skipReason }, () => {
  const env = { browser: null, servers: [] };
  before(async () => { env.browser = await launchBrowser(); });
  after(async () => {
    await env.browser?.close();
    for (const server of env.servers) await server.stop();
  });

  test('an answer refused as too fast is sent again by itself and stored once', async () => {
    // One message per 4 s: the answer right after the join is refused, a later resend goes through.
    const server = await startServer({ extraArgs: ['--max-messages-per-second', '0.25'] });
    env.servers.push(server);
    const page = await newPage(env.browser);
    const seen = await countRateLimited(page);
    await startInterview(page, server.url, { stages: ['technical'] });
    await sendAtOnce(page, WEAK_ANSWER);
    await page.locator('.feedback .score-badge:not([hidden])').waitFor({ timeout: WAIT_MS + 8000 });
    await settle(page);
    assert.ok(seen.rateLimited >= 1, 'the server did refuse the first send as too fast');
    assert.equal(await shownAlert(page), null, 'the candidate was not bothered with an error');
    assert.equal((await storedAnswers(page, server.url)).length, 1, 'the answer is stored exactly once');
    assert.equal(await page.locator('.message.candidate').count(), 1, 'and shown once');
    assert.deepEqual(page.problems, []);
  });

  test('when resending keeps failing, the page says so in its own words and gives the answer back', async () => {
    // A server that refuses every answer as too fast, with the real frame's words: the test's
    // socket answers each answer frame itself, as the real server would (its lowest limit, 0.1 per
    // second, would let a resend through after the pause it asks for).
    const server = await startServer();
    env.servers.push(server);
    const page = await newPage(env.browser);
    let refused = 0;
    await page.routeWebSocket(/\/ws$/, (route) => {
      const upstream = route.connectToServer();
      route.onMessage((message) => {
        if (JSON.parse(message).type !== 'answer') {
          upstream.send(message);
          return;
        }
        refused += 1;
        route.send(JSON.stringify({ type: 'error', v: 1, code: 'rate_limited', retry_after_ms: 50,
          message: 'too many messages; at most 5.000000 per second. This message was not processed; send it again shortly' }));
      });
      upstream.onMessage((message) => route.send(message));
    });
    await startInterview(page, server.url, { stages: ['technical'] });
    await sendAtOnce(page, WEAK_ANSWER);
    const alert = page.locator('.alert:not([hidden])');
    await alert.waitFor();
    const text = await alert.textContent();
    assert.equal(refused, 4, 'sent once and resent three times');
    assert.match(text, /faster than the server accepts/);
    assert.doesNotMatch(text, /per second|\d\.\d/, `no server text in the alert (${text})`);
    assert.equal(await page.inputValue('#answer-input'), WEAK_ANSWER, 'the answer is back in the box');
    assert.equal(await page.locator('.message.candidate').count(), 0, 'no answer is left "Sending…"');
    assert.deepEqual(page.problems, []);
  });
});
