// The coach page for everyone (issue 13): an axe-core scan of every screen — sign-in, the list,
// one interview with its correction form open and an audit trail, invite links, calibration —
// and of the candidate's invite start, at 1280 and 375 px in light and dark; no horizontal
// scrolling at either width; and the whole job done from the keyboard with a visible focus.
//
// The server's Content-Security-Policy forbids inline script, which is how axe is injected; the
// scanning contexts alone bypass CSP for that (the keyboard test runs under the real policy).

import { describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { skipReason, useServerAndBrowser, newPage, screenshotPath, REPO, test } from './harness.mjs';
import { WEAK_ANSWER } from './answers.mjs';
import { addCoach, createInvite, holdInterview, rest, signIn, strong } from './coach_harness.mjs';

const AXE_SOURCE = readFileSync(path.join(REPO, 'tests', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const SIZES = [{ width: 1280, height: 900 }, { width: 375, height: 740 }];
const SCHEMES = ['light', 'dark'];

async function violations(page) {
  if (!await page.evaluate(() => Boolean(window.axe))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return result.violations.flatMap((violation) => violation.nodes.map((node) =>
    `${violation.id} (${violation.impact}): ${violation.help} — ${node.target.join(' ')}`));
}

/** axe at both sizes and palettes, and the page never wider than the window; a screenshot of each size. */
async function scanEverywhere(page, screen) {
  const found = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: screenshotPath(`coach-${screen.replace(/\W+/g, '-')}-${size.width}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) found.push(`${screen} at ${size.width} px: scrolls sideways by ${overflow} px`);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      for (const problem of await violations(page)) found.push(`${screen} at ${size.width} px, ${colorScheme}: ${problem}`);
    }
  }
  await page.setViewportSize(SIZES[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/** Presses Tab (or `key`) until `predicate` holds for the focused element; fails after `limit` presses. */
async function tabTo(page, predicate, arg, { limit = 120, key = 'Tab' } = {}) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press(key);
    if (await page.evaluate(predicate, arg)) return;
  }
  throw new Error(`not reached with Tab: ${predicate}`);
}

/** The focused element shows a focus ring (an outline of some width). */
async function focusVisible(page) {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  });
}

describe('coach page: accessibility, small screens and the keyboard', { skip: skipReason }, () => {
  const env = useServerAndBrowser();
  const fixture = {};

  before(async () => {
    fixture.token = await addCoach(env.server, 'Kim Keyboard');
    fixture.invite = await createInvite(env.server, fixture.token, { label: 'A rather long invite label for cohort twelve of the evening bootcamp' });
    fixture.interview = await holdInterview(env.server, { invite: fixture.invite, answers: [strong, WEAK_ANSWER] });
    const detail = (await rest(env.server, `/coach/interviews/${fixture.interview.interview_id}`, { token: fixture.token })).json;
    const turn = detail.turns[0];
    fixture.turn = turn.turn;
    await rest(env.server, `/coach/interviews/${fixture.interview.interview_id}/notes`, { method: 'POST', token: fixture.token, body: { text: 'A note.', turn: turn.turn } });
    const override = await rest(env.server, `/coach/interviews/${fixture.interview.interview_id}/turns/${turn.turn}/overrides`, {
      method: 'POST', token: fixture.token,
      // A key point too, so that calibration's chart has a row to scan.
      body: { reason: 'Checked by hand.', score: Math.max(0, turn.score - 10),
        key_points: { [turn.key_points[0].id]: turn.key_points[0].covered ? 'not_covered' : 'covered' } },
    });
    assert.equal(override.status, 201, override.text);
  });

  test('every screen passes axe at 1280 and 375 px, light and dark, without sideways scrolling', async () => {
    const page = await newPage(env.browser, { bypassCSP: true });
    await page.goto(`${env.server.url}/coach.html`);
    await page.locator('#token-input').waitFor();
    const found = await scanEverywhere(page, 'sign-in');

    await signIn(page, env.server, fixture.token);
    await page.locator('#interview-list > li').first().waitFor();
    found.push(...await scanEverywhere(page, 'list'));

    await page.click('.summary-link');
    await page.locator('.turn').first().waitFor();
    await page.locator('.turn .override summary').first().click();
    await page.locator('.audit-entry .revert summary').first().click();
    await page.locator('.turn .turn-feedback summary').first().click();
    found.push(...await scanEverywhere(page, 'interview'));

    await page.getByRole('link', { name: 'Invite links' }).click();
    await page.locator('#invite-list .invite').first().waitFor();
    found.push(...await scanEverywhere(page, 'invites'));

    await page.getByRole('link', { name: 'Calibration' }).click();
    await page.locator('#calibration-table').waitFor();
    await page.locator('#calibration-chart .chart-row').first().waitFor();
    found.push(...await scanEverywhere(page, 'calibration'));

    const candidate = await newPage(env.browser, { bypassCSP: true });
    await candidate.goto(`${env.server.url}/?invite=${fixture.invite.code}`);
    await candidate.locator('#invite-box').waitFor({ state: 'visible' });
    found.push(...await scanEverywhere(candidate, 'candidate invite start'));

    assert.deepEqual(found, [], `${found.length} problems:\n${found.join('\n')}`);
    assert.deepEqual(page.problems, []);
    assert.deepEqual(candidate.problems, []);
  });

  test('from the keyboard alone: sign in, filter, open an interview, note it, correct it, sign out; the focus always shows', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.server.url}/coach.html`);
    await page.locator('#token-input').waitFor();
    await tabTo(page, () => document.activeElement.id === 'token-input');
    assert.ok(await focusVisible(page), 'the token field shows its focus');
    await page.keyboard.type(fixture.token);
    await page.keyboard.press('Enter');
    await page.locator('#interview-list > li').first().waitFor();

    await tabTo(page, () => document.activeElement.id === 'filter-status');
    assert.ok(await focusVisible(page));
    await page.keyboard.press('End');                 // the last status: abandoned
    await page.keyboard.press('Home');                // back to any
    await tabTo(page, () => document.activeElement.id === 'filter-apply');
    await page.keyboard.press('Enter');
    // The list is drawn anew when the answer comes; tab into it after that, not into the old one.
    await page.locator('#interview-list[aria-busy="false"]').waitFor({ state: 'attached' });
    await tabTo(page, () => document.activeElement.classList.contains('summary-link'));
    assert.ok(await focusVisible(page), 'a link in the list shows its focus');
    await page.keyboard.press('Enter');
    await page.locator('.turn').first().waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'review-heading', 'the reader starts at the heading');

    await tabTo(page, () => document.activeElement.matches('.turn .note-form textarea'));
    await page.keyboard.type('Typed from the keyboard.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Note added/.test(document.getElementById('status').textContent));

    await tabTo(page, () => document.activeElement.matches('.turn .override summary'));
    assert.ok(await focusVisible(page), 'the correction form\'s toggle shows its focus');
    await page.keyboard.press('Enter');
    await tabTo(page, () => document.activeElement.matches('.turn .override-form input[name="score"]'));
    await page.keyboard.type('1');
    await tabTo(page, () => document.activeElement.matches('.turn .override-form textarea[name="reason"]'));
    await page.keyboard.type('Keyboard correction.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Correction saved/.test(document.getElementById('status').textContent));
    assert.match(await page.locator(`.turn[data-turn="${fixture.turn}"] [data-role="turn-score"]`).textContent(), /^1 \/ 100/);

    // Sign out is in the header, before the content: back up to it.
    await tabTo(page, () => document.activeElement.id === 'sign-out', undefined, { key: 'Shift+Tab', limit: 200 });
    assert.ok(await focusVisible(page));
    await page.keyboard.press('Enter');
    await page.locator('#sign-in-view').waitFor({ state: 'visible' });
    assert.deepEqual(page.problems, []);
  });
});
