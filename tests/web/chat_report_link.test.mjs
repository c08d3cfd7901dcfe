// A report link from a chat (issue 14): the candidate who held the interview over a webhook
// opens the signed link and reads the same report in the browser; a link with a wrong signature
// says it cannot be shown.
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { launchBrowser, newPage, screenshotPath, skipReason, startServer, test } from './harness.mjs';

const SECRET = 'web-test-webhook-secret';

async function sendSigned(url, text) {
  const body = JSON.stringify({ conversation_id: 'web-link', user_id: 'casey', text });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
  const response = await fetch(new URL('/api/v1/webhooks/generic', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature-timestamp': timestamp, 'x-signature': `sha256=${signature}` },
    body,
  });
  assert.equal(response.status, 200);
  return response.json();
}

describe('a signed report link from a chat', { skip: skipReason }, () => {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer({ extraArgs: ['--webhook-secret', SECRET] });
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });

  test('opens the report of the interview held in the chat, and refuses a forged link', async () => {
    await sendSigned(env.server.url, '/start hr junior');
    const ended = await sendSigned(env.server.url, '/end');
    assert.equal(ended.state.status, 'finished');
    const page = await newPage(env.browser);
    await page.goto(ended.report_url);
    await page.locator('#report-heading').waitFor();
    assert.match(await page.locator('#report-view').innerText(), /Backend Developer/);
    await page.screenshot({ path: screenshotPath('chat-report-link.png'), fullPage: true });
    assert.deepEqual(page.problems, []);

    const forged = ended.report_url.replace(/sig=[0-9a-f]+/, `sig=${'0'.repeat(64)}`);
    const other = await newPage(env.browser);
    await other.goto(forged);
    await other.locator('#alert:not([hidden])').waitFor();
    assert.match(await other.locator('#alert').innerText(), /cannot be shown/);
  });
});
