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
    const scored = events.find((event) => event.type === 'answer_scored');
    const marks = [
      ...covered.flatMap((event) => event.evidence.map((span) => ({ begin: span.begin, end: span.end, label: event.text }))),
      ...(scored.metrics ?? []).map((span) => ({ begin: span.begin, end: span.end, label: 'A measurable result' })),
      ...scored.breakdown.penalty_items.flatMap((penalty) => (penalty.evidence ?? []).map((span) => ({ begin: span.begin, end: span.end, label: penalty.reason }))),
    ];
    const expected = highlightSegments(text, marks).filter((segment) => segment.highlighted).length;
    assert.equal(await bubble.locator('mark').count(), expected, 'one mark per (merged) evidence span');
    const legend = await bubble.locator('.evidence-legend li').allTextContents();
    assert.equal(legend.length, new Set(marks.map((mark) => mark.label)).size, `one legend entry per key point, result or concern (${legend.join(' | ')})`);
    for (const event of covered) assert.ok(legend.some((entry) => entry.includes(event.text)), `the legend names "${event.text}"`);
    assert.equal(await page.evaluate(() => window.answerRenders), 1, 'the highlighted answer is rendered once, not once per key point');
    assert.deepEqual(page.problems, []);
  });

  test('a measurable result and a risky practice are highlighted and named, and the strong answer follows a finished question', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['technical'] });
    // A good answer to whatever was asked, with a risky habit and a measurable result added.
    const text = `${strongAnswer((await latestPrompt(page)).text)} Honestly I push straight to main to save time. Our deploys went from 40 minutes to 5 minutes.`;
    await answer(page, text);
    const bubble = page.locator('.message.candidate').last();
    await bubble.locator('mark.evidence-metric').first().waitFor();
    const metrics = await bubble.locator('mark.evidence-metric').allTextContents();
    assert.ok(metrics.some((mark) => /40 minutes to 5 minutes/.test(mark)), `the result is one mark (${metrics.join(' | ')})`);
    assert.ok(await bubble.locator('mark.evidence-concern').count() >= 1, 'the risky practice is marked');
    const legend = (await bubble.locator('.evidence-legend').innerText());
    assert.match(legend, /A measurable result/);
    assert.match(legend, /Concern: bypasses code review/);
    const card = page.locator('.feedback').last();
    assert.match(await card.innerText(), /Risky practice: bypasses code review/);
    // Answer the follow-ups until the question is done: then the guide's whole good answer is offered.
    for (let turn = 0; turn < 4 && (await page.locator('.strong-answer').count()) === 0; turn += 1) {
      await answer(page, 'I would rather explain it properly: I work through it step by step, test it, and ask a colleague to review it.');
    }
    const strong = page.locator('.strong-answer').last();
    await strong.locator('summary').click();
    const guide = await strong.locator('p').textContent();
    assert.ok(guide.length > 100 && !guide.includes('…'), 'the whole good answer, not cut');
    assert.deepEqual(page.problems, []);
  });
});
