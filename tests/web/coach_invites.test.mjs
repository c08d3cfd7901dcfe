// Invite links on the coach page (issue 13), against the real server: a coach creates one with a
// plan, copies it, a candidate opens it in the candidate page and starts an interview with that
// plan, the coach sees it in the list; once expired the link says so in words.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, useServerAndBrowser, newPage, waitForPrompt, SEED, test } from './harness.mjs';
import { addCoach, rest, signIn, problemsExcept } from './coach_harness.mjs';

describe('coach page: invite links', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('create with a plan, copy, a candidate starts from it with that plan, expire', async () => {
    const token = await addCoach(env.server, 'Ivy Inviter');
    const page = await newPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await signIn(page, env.server, token);
    await page.getByRole('link', { name: 'Invite links' }).click();
    await page.locator('#invite-stages input').first().waitFor();

    // Refused in words: no label; no stage.
    await page.click('#invite-create');
    assert.match(await page.locator('#alert').textContent(), /label/);
    await page.fill('#invite-label', 'Bootcamp cohort 7 · backend');
    for (const box of await page.locator('#invite-stages input').all()) await box.setChecked(false);
    await page.click('#invite-create');
    assert.match(await page.locator('#alert').textContent(), /at least one stage/);

    await page.check('#invite-stage-technical');
    await page.selectOption('#invite-seniority', 'junior');
    await page.selectOption('#invite-industry', 'startup');
    await page.click('#invite-create');
    const item = page.locator('#invite-list .invite').first();
    await item.waitFor();
    await page.waitForFunction(() => /created/.test(document.getElementById('status').textContent));
    assert.match(await item.textContent(), /Bootcamp cohort 7 · backend/);
    assert.match(await item.locator('.invite-state').textContent(), /^Active · .*0 interviews started/);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Copy link', 'the focus is on the new link\'s Copy');

    await item.getByRole('button', { name: 'Copy link' }).click();
    await page.waitForFunction(() => /copied/.test(document.getElementById('status').textContent));
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(link, await item.locator('.invite-url').inputValue());
    assert.match(link, new RegExp(`^${env.server.url}/\\?invite=[A-Za-z0-9_-]+$`));

    // The candidate opens the link in the candidate page: the label, who invited, one button.
    const candidate = await newPage(env.browser);
    await candidate.goto(`${link}&seed=${SEED}`);
    await candidate.locator('#invite-box').waitFor({ state: 'visible' });
    assert.equal(await candidate.locator('#invite-heading').textContent(), 'Bootcamp cohort 7 · backend');
    assert.match(await candidate.locator('#invite-box').textContent(), /Ivy Inviter invited you/);
    assert.match(await candidate.locator('#invite-plan').textContent(), /Technical/);
    assert.ok(await candidate.locator('#start-form').isHidden(), 'the plan is the coach\'s: no form');
    await candidate.click('#invite-start');
    await candidate.locator('#interview-view').waitFor({ state: 'visible' });
    await waitForPrompt(candidate);
    assert.match(await candidate.locator('#stage-name').textContent(), /Technical/, 'the interview has the invite\'s plan');
    assert.doesNotMatch(candidate.url(), /invite=/, 'the address forgets the invite once started');

    // The coach's list has it, named by the invite; the invite counts it.
    await page.getByRole('link', { name: 'Interviews' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#interview-list > li').length === 1);
    assert.match(await page.locator('#interview-list > li').textContent(), /invite: Bootcamp cohort 7 · backend/);
    assert.match(await page.locator('#interview-list > li').textContent(), /Junior, Startup/);

    await page.getByRole('link', { name: 'Invite links' }).click();
    await page.waitForFunction(() => /1 interview started/.test(document.querySelector('#invite-list .invite-state')?.textContent ?? ''));

    // Expire asks first; the second press expires it, and the candidate is told in words.
    const expire = page.locator('#invite-list .invite').first().locator('.expire-link');
    await expire.click();
    assert.equal(await expire.textContent(), 'Press again to expire');
    await expire.click();
    await page.waitForFunction(() => /^Expired/.test(document.querySelector('#invite-list .invite-state')?.textContent ?? ''));
    assert.equal(await page.locator('#invite-list .expire-link').count(), 0, 'an expired link has no Expire');
    const code = new URL(link).searchParams.get('invite');
    assert.equal((await rest(env.server, `/invites/by-code/${code}`)).status, 410);

    const late = await newPage(env.browser);
    await late.goto(link);
    await late.waitForFunction(() => /expired/.test(document.getElementById('alert').textContent));
    assert.ok(await late.locator('#start-form').isVisible(), 'the candidate can still choose an interview');
    const unknown = await newPage(env.browser);
    await unknown.goto(`${env.server.url}/?invite=nosuchcode`);
    await unknown.waitForFunction(() => /not known/.test(document.getElementById('alert').textContent));

    assert.deepEqual(page.problems, []);
    assert.deepEqual(candidate.problems, []);
    assert.deepEqual(problemsExcept(late, [410]), []);
    assert.deepEqual(problemsExcept(unknown, [404]), []);
  });
});
