// A whole interview through the page against the real server: weak answers and strong answers,
// streamed feedback with highlights in the candidate's own (multi-byte) answer, the practical
// task card, the report with its charts and both transcript downloads, and screenshots.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  skipReason, useServerAndBrowser, newPage, startInterview, answer, answerUntilReport,
  latestPrompt, screenshotPath, settle, command, test,
} from './harness.mjs';
import {
  strongAnswer, strongSubmission, WEAK_ANSWER, WEAK_SUBMISSION, MULTIBYTE_PREFIX, redFlagsOf,
} from './answers.mjs';

describe('a whole interview in the browser', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('weak answers get missing points, a follow-up, a low score and a report below the bar', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['technical', 'coding-challenge'] });

    // Whatever the seed, the first question may or may not be one the guide gives red flags.
    const firstQuestion = await latestPrompt(page);
    await answer(page, WEAK_ANSWER);
    const card = page.locator('.feedback').first();
    assert.ok(await card.locator('.section-missing li').count() > 0, 'missing key points are listed');
    assert.match(await card.locator('.score-badge').textContent(), /Score \d+ \/ 100/);
    const flags = await card.locator('.section-flags li').allInnerTexts();
    if (redFlagsOf(firstQuestion.itemId).length > 0) {
      assert.ok(flags.length > 0, '"I just restart the server" raises red flags');
    } else {
      assert.equal(flags.length, 0, `a question without red flags in the guide raises none (${firstQuestion.itemId})`);
    }
    for (const flag of flags) assert.match(flag, /\S+ — .+red flag$/s, 'each red flag is named, explained and labelled in words');
    assert.equal(await page.locator('.message[data-kind="follow-up"]').count(), 1, 'a follow-up targets the gaps');

    // Repeat and Skip as buttons.
    const waiting = (await latestPrompt(page)).text.replace(/^[^:]+: /, '');
    const commandsBefore = await page.locator('.message[data-kind="command"]').count();
    await command(page, 'repeat');
    await page.locator('.message[data-kind="command"]').nth(commandsBefore).waitFor();
    await settle(page);
    const repeated = await page.locator('.message[data-kind="command"] .bubble').last().textContent();
    assert.ok(repeated.startsWith('Repeated: ') && repeated.includes(waiting), `Repeat says the waiting question again (${repeated})`);
    // Skip on the follow-up moves on to the next question (the answer already given still counts).
    const skipped = await latestPrompt(page);
    await command(page, 'skip');
    await page.waitForFunction((itemId) => {
      const prompts = document.querySelectorAll('#chat-log .message[data-kind="question"], #chat-log .message[data-kind="task"]');
      return prompts[prompts.length - 1].dataset.itemId !== itemId;
    }, skipped.itemId);
    await settle(page);

    const turns = await answerUntilReport(page, (prompt) => (prompt.kind === 'task' ? WEAK_SUBMISSION : WEAK_ANSWER));
    assert.ok(turns >= 1);
    await page.locator('#report-heading').waitFor();
    const overall = Number(await page.locator('#overall-score').evaluate((node) => node.firstChild.textContent));
    assert.ok(overall < 40, `weak answers score low overall (got ${overall})`);
    assert.match(await page.locator('.overall').textContent(), /below the pass mark/i);
    assert.deepEqual(page.problems, []);
  });

  test('strong answers: streamed feedback, labelled highlights, the task, the report, downloads and screenshots', async () => {
    const page = await newPage(env.browser);
    await startInterview(page, env.server.url, { stages: ['hr', 'coding-challenge', 'final'], industry: 'startup', seniority: 'senior' });

    // Record how feedback items reach the page: one DOM change per frame, while "typing" shows.
    await page.evaluate(() => {
      window.feedbackBatches = [];
      new MutationObserver((records) => {
        const added = records.flatMap((record) => [...record.addedNodes])
          .filter((node) => node.nodeType === 1 && (node.matches('.feedback li') || node.querySelector?.('.feedback li, li')) && node.closest('.feedback'));
        if (added.length) {
          window.feedbackBatches.push({ items: added.length, typing: !document.getElementById('typing-indicator').hidden });
        }
      }).observe(document.getElementById('chat-log'), { childList: true, subtree: true });
    });

    const first = await latestPrompt(page);
    assert.equal(first.kind, 'question');
    const firstAnswer = strongAnswer(first.text);
    await answer(page, firstAnswer);

    const batches = await page.evaluate(() => window.feedbackBatches);
    assert.ok(batches.length >= 2, `feedback arrives item by item, not as one block (${JSON.stringify(batches)})`);
    assert.ok(batches[0].typing, '"The interviewer is typing" shows while feedback streams');

    // The answer keeps its exact text, multi-byte characters included, and its matched words are
    // highlighted on word boundaries; a legend under it names each key point once.
    const answerBubble = page.locator('.message.candidate .answer-text').first();
    const shown = await answerBubble.evaluate((node) => {
      let text = '';
      const marks = [];
      for (const child of node.childNodes) {
        if (child.nodeName === 'MARK') marks.push({ start: text.length, end: text.length + child.textContent.length, label: child.title });
        text += child.textContent;
      }
      return { text, marks };
    });
    assert.equal(shown.text, firstAnswer, 'the answer is shown exactly as typed');
    assert.ok(shown.marks.length >= 2, 'several words are highlighted');
    const wordChar = /[\p{L}\p{N}]/u;
    const prefixLength = MULTIBYTE_PREFIX.length;
    const legend = await page.locator('.message.candidate').first().locator('.evidence-legend li').allTextContents();
    for (const { start, end, label } of shown.marks) {
      const word = shown.text.slice(start, end);
      assert.ok(start >= prefixLength, `highlight "${word}" is not shifted into the multi-byte prefix`);
      assert.ok(!(wordChar.test(shown.text[start - 1] ?? '') && wordChar.test(shown.text[start])), `highlight "${word}" starts on a word boundary`);
      assert.ok(!(wordChar.test(shown.text[end] ?? '') && wordChar.test(shown.text[end - 1])), `highlight "${word}" ends on a word boundary`);
      assert.match(label, /^Matches: .+/, `highlight "${word}" names its key point`);
      for (const point of label.replace(/^Matches: /, '').split(' · ')) {
        assert.ok(legend.some((entry) => entry.startsWith(point)), `the legend names "${point}"`);
      }
    }
    const feedback = page.locator('.feedback').first();
    assert.ok(await feedback.locator('.section-covered li').count() >= 2, 'covered key points are listed');
    for (const said of await feedback.locator('.evidence-terms').allTextContents()) {
      for (const [, quote] of said.matchAll(/“([^”]+)”/g)) {
        assert.ok(firstAnswer.includes(quote), `"you said “${quote}”" quotes the answer`);
      }
    }
    const score = Number((await feedback.locator('.score-badge').textContent()).match(/\d+/)[0]);
    assert.ok(score >= 50, `a strong answer scores well (got ${score})`);

    await page.screenshot({ path: screenshotPath('chat-1280.png') });
    const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), lightBackground,
      'prefers-color-scheme: dark gives the dark palette');
    await page.screenshot({ path: screenshotPath('chat-1280-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 375, height: 800 });
    await feedback.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('chat-375.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Carry on to the practical task, then to the end.
    let sawTask = false;
    await answerUntilReport(page, async (prompt) => {
      if (prompt.kind !== 'task') return strongAnswer(prompt.text);
      sawTask = true;
      assert.match(await page.locator('#stage-name').textContent(), /Coding Challenge/);
      // A task that runs on this server has the workspace (its code editor is the larger box);
      // one answered in words has the larger answer box (practical_tasks.test.mjs tests the workspace).
      if (await page.locator('#task-workspace').isVisible()) {
        assert.match(await page.locator('#code-label').textContent(), /^Your (SQL|OpenAPI document)/);
        assert.match(await page.locator('label[for="answer-input"]').textContent(), /^Your (explanation|notes)$/);
        const editorHeight = await page.locator('#code-input').evaluate((node) => node.getBoundingClientRect().height);
        assert.ok(editorHeight >= 200, `the code editor is large (${editorHeight}px)`);
      } else {
        assert.equal(await page.locator('label[for="answer-input"]').textContent(), 'Your submission');
        const editorHeight = await page.locator('#answer-input').evaluate((node) => node.getBoundingClientRect().height);
        assert.ok(editorHeight >= 200, `the submission editor is larger (${editorHeight}px)`);
      }
      await page.screenshot({ path: screenshotPath('task-1280.png') });
      return strongSubmission(prompt.taskName);
    });
    assert.ok(sawTask, 'the Coding Challenge presented a practical task');
    const task = page.locator('.task-card').first();
    assert.match(await task.textContent(), /Duration: \S+/);
    assert.ok(await task.locator('li').count() >= 3, 'the task card lists its requirements or deliverables');
    for (const heading of await task.locator('h4').allTextContents()) {
      assert.doesNotMatch(heading, /_|^[a-z]/, `a task section is headed as the guide writes it, not by its id (${heading})`);
    }

    await page.locator('#report-heading').waitFor();
    assert.ok(await page.locator('#stage-chart .chart-row').count() === 3, 'one bar per stage');
    const stageRows = await page.locator('#stage-chart .chart-row text').allTextContents();
    for (const row of stageRows) assert.match(row, /\d+ \/ 100 · |not assessed/, 'each bar says its value in words');
    assert.ok(await page.locator('[id^="skill-chart"] .chart-row').count() >= 1, 'skills are charted');
    assert.ok(await page.locator('.question-list > li').count() >= 3, 'every question is listed');
    assert.ok(await page.locator('.question-list .score-badge').count() >= 3);
    assert.match(await page.locator('.question-list').textContent(), /STAR: situation present/, 'STAR parts of behavioural answers are listed');
    const overall = Number(await page.locator('#overall-score').evaluate((node) => node.firstChild.textContent));
    assert.ok(overall >= 50, `strong answers score well overall (got ${overall})`);

    const [markdownDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-markdown')]);
    assert.match(markdownDownload.suggestedFilename(), /^interview-.+\.md$/);
    const markdown = await readFile(await markdownDownload.path(), 'utf8');
    assert.match(markdown, /^# Mock interview transcript/);
    assert.ok(markdown.includes('Привет — café 😀'), 'the Markdown transcript keeps the answers as written');
    assert.match(markdown, /score \d+ \/ 100/);

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    assert.match(jsonDownload.suggestedFilename(), /^interview-.+\.json$/);
    const transcript = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
    assert.equal(transcript.format, 'mock-interviewer-transcript');
    assert.ok(transcript.events.some((event) => event.type === 'answer_received' && event.text === firstAnswer));
    assert.equal(transcript.report.overall_score, overall);

    await page.screenshot({ path: screenshotPath('report-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot({ path: screenshotPath('report-375.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.report-actions').isVisible(), false, 'printing leaves the buttons out');
    assert.equal(await page.locator('#stage-chart').isVisible(), true, 'printing keeps the charts');
    assert.deepEqual(page.problems, []);
  });
});
