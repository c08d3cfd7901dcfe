// Signing in on the coach page (issue 13), against the real server with coaches made by the real
// `mock-interviewer coach add`: a good token opens the list and says who is signed in; a token of
// the wrong shape, a wrong token and a revoked one are refused in words; a token revoked while
// signed in ends the session at the next request; the token lives in sessionStorage only, and
// signing out forgets it and everything that was on screen.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, useServerAndBrowser, newPage, test } from './harness.mjs';
import { addCoach, revokeCoach, signIn, problemsExcept } from './coach_harness.mjs';

describe('coach page: signing in', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('a good token opens the list, keeps the token for this tab only, and signing out forgets it', async () => {
    const token = await addCoach(env.server, 'Ada Coach');
    const page = await newPage(env.browser);
    await signIn(page, env.server, token);
    assert.equal(await page.locator('#coach-name').textContent(), 'Ada Coach');
    assert.equal(await page.locator('#coach-role').textContent(), 'coach');
    assert.match(await page.locator('#share-code-note').textContent(), /share code/i);
    const stored = await page.evaluate(() => ({
      session: Object.values({ ...sessionStorage }),
      local: Object.values({ ...localStorage }).join(' '),
    }));
    assert.ok(stored.session.includes(token), 'the token is in sessionStorage');
    assert.ok(!stored.local.includes(token), 'the token is never in localStorage');

    // A reload in the same tab stays signed in.
    await page.reload();
    await page.locator('#interviews-view').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#coach-name').textContent(), 'Ada Coach');

    // Another tab (another browsing context) is not signed in.
    const other = await newPage(env.browser);
    await other.goto(`${env.server.url}/coach.html`);
    await other.locator('#sign-in-view').waitFor({ state: 'visible' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#sign-in-view').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'signing out forgets the token');
    assert.equal(await page.locator('#interview-list > *').count(), 0, 'nothing of the list stays on screen');
    assert.equal(await page.locator('#share-code-note').textContent(), '');
    assert.deepEqual(page.problems, []);
    assert.deepEqual(other.problems, []);
  });

  test('a malformed, a wrong and a revoked token are refused in words; a revoke while signed in ends the session', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.server.url}/coach.html`);

    await page.fill('#token-input', 'not a token');
    await page.click('#sign-in-button');
    assert.match(await page.locator('#alert').textContent(), /not a coach token.*mic_/);

    await page.fill('#token-input', `mic_${'A'.repeat(43)}`);
    await page.click('#sign-in-button');
    await page.waitForFunction(() => /not accepted/.test(document.getElementById('alert').textContent));
    assert.ok(await page.locator('#sign-in-view').isVisible(), 'still on the sign-in page');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'token-input', 'the token field has the focus to try again');

    const revokedToken = await addCoach(env.server, 'Revoked Coach');
    await revokeCoach(env.server, 'Revoked Coach');
    await page.fill('#token-input', revokedToken);
    await page.click('#sign-in-button');
    await page.waitForFunction(() => /not accepted.*revoked/.test(document.getElementById('alert').textContent));
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'a refused token is not kept');

    // Signed in, then revoked: the next request signs the page out and says why.
    const token = await addCoach(env.server, 'Soon Revoked');
    await signIn(page, env.server, token);
    await revokeCoach(env.server, 'Soon Revoked');
    await page.getByRole('link', { name: 'Invite links' }).click();
    await page.locator('#sign-in-view').waitFor({ state: 'visible' });
    assert.match(await page.locator('#alert').textContent(), /no longer accepted/);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(problemsExcept(page, [401]), []);
  });
});
