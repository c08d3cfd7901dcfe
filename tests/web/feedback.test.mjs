// The feedback card as a candidate reads it, against the real server: every deduction shown once
// and a score sum a person can check (bug 4); highlights in the answer, one mark per evidence
// span and one legend entry per key point, rendered once (bug 5).

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  skipReason, useServerAndBrowser, newPage, startInterview, answer, latestPrompt, test,
} from './harness.mjs';
import { strongAnswer, WEAK_ANSWER, redFlagsOf } from './answers.mjs';
import { highlightSegments } from '../../web/js/text-spans.js';

const SESSION_KEY = 'mock-interviewer.session.v1';

/** The interview's stored events, read over REST with the page's own id and token. */
async function storedEvents(page, url) {
  const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), SESSION_KEY);
  const response = await fetch(`${url}/api/v1/interviews/${saved.interviewId}`, { headers: { Authorization: `Bearer ${saved.token}` } });
  assert.equal(response.status, 200);
  return (await response.json()).events.map((entry) => entry.event);
}

describe('the feedback card', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('red flags are listed once with their deduction, and the score sum adds up (bug 4)', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['hr', 'technical'] });
    // Weak answers until one raises red flags (the guide has them for some questions only).
    let card = null;
    for (let turn = 0; turn < 12 && !card; turn += 1) {
      const prompt = await latestPrompt(page);
      await answer(page, WEAK_ANSWER);
      const last = page.locator('.feedback').last();
      if (redFlagsOf(prompt.itemId).length && await last.locator('.section-flags li').count() >= 2) card = last;
    }
    assert.ok(card, 'a weak answer raised at least two red flags');

    const flags = await card.locator('.section-flags li').allInnerTexts();
    const cardText = await card.innerText();
    for (const flag of flags) {
      const name = flag.split(' — ')[0].replace(/^⚠\s*/, '').trim();
      assert.equal(cardText.split(name).length - 1, 1, `"${name}" is shown once in the card`);
    }
    const deductions = [...cardText.matchAll(/−\s?(\d+)\s*points?/g)].map((match) => Number(match[1]));
    assert.ok(deductions.length >= flags.length, `every red flag says what it costs (${cardText})`);

    const sum = await card.locator('.breakdown').innerText();
    const numbers = (label) => Number(new RegExp(`${label} (\\d+)`, 'i').exec(sum)?.[1]);
    const earned = numbers('coverage') + numbers('structure') + numbers('specifics');
    const deducted = deductions.reduce((total, points) => total + points, 0);
    const score = Number((await card.locator('.score-badge').textContent()).match(/\d+/)[0]);
    assert.ok(sum.includes(String(deducted)), `the sum names the deductions listed, ${deducted} (${sum})`);
    assert.equal(score, Math.max(0, earned - deducted), `the score is what is earned minus the deductions, never below 0 (${sum})`);
    assert.match(sum, new RegExp(`= ${score}\\b`), `the sum ends in the score (${sum})`);
    assert.deepEqual(page.problems, []);
  });

  test('highlights: one mark per evidence span, one legend entry per key point, rendered once (bug 5)', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['hr'] });
    await page.evaluate(() => {
      window.answerRenders = 0;
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.target.closest?.('.message.candidate .answer-text') && [...record.addedNodes].some((node) => node.nodeName === 'MARK')) {
            window.answerRenders += 1;
          }
        }
      }).observe(document.getElementById('chat-log'), { childList: true, subtree: true });
    });
    const text = strongAnswer((await latestPrompt(page)).text);
    await answer(page, text);

    const bubble = page.locator('.message.candidate').first();
    assert.equal(await bubble.locator('.answer-text').textContent(), text, 'the answer reads exactly as typed: no label inside it');
    const events = await storedEvents(page, env.server.url);
    const covered = events.filter((event) => event.type === 'feedback' && event.kind === 'coverage' && event.positive && event.evidence?.length);
    assert.ok(covered.length >= 2, 'several key points were covered with evidence');
    const marks = covered.flatMap((event) => event.evidence.map((span) => ({ begin: span.begin, end: span.end, label: event.text })));
    const expected = highlightSegments(text, marks).filter((segment) => segment.highlighted).length;
    assert.equal(await bubble.locator('mark').count(), expected, 'one mark per (merged) evidence span');
    const legend = await bubble.locator('.evidence-legend li').allTextContents();
    assert.equal(legend.length, new Set(covered.map((event) => event.text)).size, `one legend entry per key point (${legend.join(' | ')})`);
    for (const event of covered) assert.ok(legend.some((entry) => entry.includes(event.text)), `the legend names "${event.text}"`);
    assert.equal(await page.evaluate(() => window.answerRenders), 1, 'the highlighted answer is rendered once, not once per key point');
    assert.deepEqual(page.problems, []);
  });
});
