// Real English wherever text reaches the candidate, against the real server: plurals said properly
// ("5 stages", "1 answer"), no "Skipped: Skipped.", no doubled full stops, on the page and in the
// Markdown download (bug 9). The terminal shares the engine's sentences (tests/dialogue covers them).

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  skipReason, useServerAndBrowser, newPage, startInterview, answer, settle, command, latestPrompt, test,
} from './harness.mjs';
import { WEAK_ANSWER, strongAnswer } from './answers.mjs';

/** Wording a person should never read. */
const CLUMSY = [
  [/\w\(s\)/, 'a "(s)" plural'],
  [/\betc\.\./, '"etc.."'],
  [/(?<!\.)\.\.(?!\.)/, 'a doubled full stop'],
  [/\b(\w+): \1\b/i, 'a word repeated after its own tag'],
  [/\b1 (stages|questions|answers|follow-ups|messages|points)\b/, 'a plural after 1'],
  [/\b([02-9]|\d\d+) (stage|question|answer|follow-up|message|point)\b(?![-\w])/, 'a singular after a number other than 1'],
];

function assertReadable(text, where) {
  for (const [pattern, what] of CLUMSY) {
    const match = pattern.exec(text);
    assert.equal(match, null, `${where}: ${what}: "…${match ? text.slice(Math.max(0, match.index - 40), match.index + 40) : ''}…"`);
  }
}

describe('wording', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('the page and the Markdown say counts and commands in real English (bug 9)', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['hr', 'technical', 'system-design'] });
    assert.match(await page.locator('#chat-log').textContent(), /go through 3 stages/);
    await answer(page, strongAnswer((await latestPrompt(page)).text));
    await command(page, 'skip');
    await page.locator('.message[data-kind="command"]').first().waitFor();
    await settle(page);
    await answer(page, WEAK_ANSWER);
    // On to the system design stage, whose criteria end in "etc.", then the end.
    for (let turn = 0; turn < 12; turn += 1) {
      if ((await page.locator('#stage-name').textContent()).includes('System Design')) break;
      await answer(page, WEAK_ANSWER);
    }
    await answer(page, WEAK_ANSWER);
    await command(page, 'end');
    await page.locator('#report-heading').waitFor();

    assertReadable(await page.locator('#report-view').innerText(), 'the report');
    await page.click('#show-conversation');
    assertReadable(await page.locator('#chat-log').innerText(), 'the conversation');
    await page.getByRole('button', { name: 'Back to the report' }).click();

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-markdown')]);
    assertReadable(await readFile(await download.path(), 'utf8'), 'the Markdown');
    assert.deepEqual(page.problems, []);
  });
});
