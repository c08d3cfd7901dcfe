// The candidate's side of issue 13 on the report page, against the real server: sharing the
// interview with a coach by the coach's share code (and the coach then seeing it), withdrawing the
// share, and deleting the interview after a confirmation.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, useServerAndBrowser, newPage, startInterview, answer, command, latestPrompt, test } from './harness.mjs';
import { strongAnswer } from './answers.mjs';
import { addCoach, rest, signIn, problemsExcept } from './coach_harness.mjs';

async function finishedInterview(page, url) {
  await startInterview(page, url, { stages: ['hr'] });
  await answer(page, strongAnswer((await latestPrompt(page)).text));
  await command(page, 'end');
  await page.locator('#report-heading').waitFor();
  await page.locator('#share-list li').first().waitFor();
  return page.evaluate(() => JSON.parse(localStorage.getItem('mock-interviewer.session.v1')));
}

async function coachSees(server, token, interviewId) {
  const listed = await rest(server, '/coach/interviews', { token });
  assert.equal(listed.status, 200, listed.text);
  return listed.json.interviews.some((item) => item.interview_id === interviewId);
}

describe('report page: sharing with a coach and deleting', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('share by code, the coach sees it, withdraw, the coach no longer does', async () => {
    const coachToken = await addCoach(env.server, 'Sam Sharer');
    const { share_code: shareCode } = (await rest(env.server, '/coach/me', { token: coachToken })).json;
    const page = await newPage(env.browser);
    const session = await finishedInterview(page, env.server.url);
    assert.match(await page.locator('#share-list').textContent(), /Not shared with any coach/);

    await page.click('#share-button');
    assert.match(await page.locator('.share-problem').textContent(), /Type the share code/);
    await page.fill('#share-code-input', 'NO-SUCH-CODE');
    await page.click('#share-button');
    await page.waitForFunction(() => /No coach has that share code/.test(document.querySelector('.share-problem').textContent));
    assert.equal(await coachSees(env.server, coachToken, session.interviewId), false);

    await page.fill('#share-code-input', shareCode);
    await page.press('#share-code-input', 'Enter');
    await page.waitForFunction(() => /Shared with Sam Sharer/.test(document.querySelector('.share-status').textContent));
    assert.match(await page.locator('#share-list').textContent(), /Sam Sharer/);
    assert.equal(await coachSees(env.server, coachToken, session.interviewId), true, 'the coach sees the shared interview');

    // The coach page lists it as shared.
    const coach = await newPage(env.browser);
    await signIn(coach, env.server, coachToken);
    await coach.waitForFunction(() => document.querySelectorAll('#interview-list > li').length === 1);
    assert.match(await coach.locator('#interview-list > li').textContent(), /shared by the candidate/);

    await page.getByRole('button', { name: 'Withdraw the share with Sam Sharer' }).click();
    await page.waitForFunction(() => /Withdrawn: Sam Sharer/.test(document.querySelector('.share-status').textContent));
    assert.match(await page.locator('#share-list').textContent(), /Not shared with any coach/);
    assert.equal(await coachSees(env.server, coachToken, session.interviewId), false, 'withdrawn: the coach no longer sees it');
    assert.equal((await rest(env.server, `/coach/interviews/${session.interviewId}`, { token: coachToken })).status, 404);
    assert.deepEqual(problemsExcept(page, [400, 404]), []);
    assert.deepEqual(coach.problems, []);
  });

  test('delete asks first, "Keep it" keeps it, then the interview is erased and forgotten by the browser', async () => {
    const admin = await addCoach(env.server, 'Alice Admin', { admin: true });
    const page = await newPage(env.browser);
    const session = await finishedInterview(page, env.server.url);
    assert.equal(await coachSees(env.server, admin, session.interviewId), true, 'an admin sees every interview');

    await page.click('#delete-interview');
    assert.ok(await page.locator('#delete-confirm').isVisible());
    assert.equal(await page.evaluate(() => document.activeElement.id), 'delete-confirm-no', 'the safe answer has the focus');
    await page.keyboard.press('Enter');
    assert.ok(await page.locator('#delete-confirm').isHidden());
    assert.equal((await rest(env.server, `/interviews/${session.interviewId}`, { token: session.token })).status, 200, 'kept');

    await page.click('#delete-interview');
    await page.click('#delete-confirm-yes');
    await page.locator('#start-view').waitFor({ state: 'visible' });
    assert.match(await page.locator('#alert').textContent(), /Your interview was deleted \(\d+ answers? erased\)/);
    assert.ok(await page.locator('#earlier-interviews').isHidden(), 'the report is no longer offered');
    assert.equal(await page.evaluate(() => localStorage.getItem('mock-interviewer.session.v1')), null);
    const after = await rest(env.server, `/interviews/${session.interviewId}`, { token: session.token });
    assert.ok(after.status === 404 || after.status === 410 || !after.text.includes('Привет'), `the answers are gone (${after.status})`);
    const detail = await rest(env.server, `/coach/interviews/${session.interviewId}`, { token: admin });
    assert.ok(!detail.text.includes('Привет'), 'not even an admin reads the answers');
    assert.deepEqual(page.problems, []);
  });
});
