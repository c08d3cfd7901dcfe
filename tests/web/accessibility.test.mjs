// An automated accessibility scan (axe-core) of the three screens a candidate sees — the start
// page, the interview with feedback on screen, and the report — at 1280 and 375 px, in the light
// and the dark palette. Zero violations, and it stays so.
//
// The server's Content-Security-Policy forbids inline script, which is how axe is injected; this
// test's browser context alone bypasses CSP for that.

import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  skipReason, useServerAndBrowser, newPage, startInterview, answer, latestPrompt, command, startUrl, REPO, test,
} from './harness.mjs';
import { strongAnswer, WEAK_ANSWER } from './answers.mjs';

const AXE_SOURCE = readFileSync(path.join(REPO, 'tests', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const SIZES = [{ width: 1280, height: 900 }, { width: 375, height: 740 }];
const SCHEMES = ['light', 'dark'];

/** Runs axe on the page as it is; returns the violations in words, one line each. */
async function violations(page) {
  if (!await page.evaluate(() => Boolean(window.axe))) await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return result.violations.flatMap((violation) => violation.nodes.map((node) =>
    `${violation.id} (${violation.impact}): ${violation.help} — ${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? ''}`));
}

/** Scans the screen at both sizes and both palettes; returns every violation found, labelled. */
async function scanEverywhere(page, screen) {
  const found = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      for (const problem of await violations(page)) found.push(`${screen} at ${size.width} px, ${colorScheme}: ${problem}`);
    }
  }
  await page.setViewportSize(SIZES[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

describe('accessibility scan (axe-core)', { skip: skipReason }, () => {
  const env = useServerAndBrowser();

  test('the start page, the interview with feedback and the report have no violations at 1280 and 375 px, light and dark', async () => {
    const page = await newPage(env.browser, { bypassCSP: true });
    await page.goto(startUrl(env.server.url));
    await page.locator('#stage-options input').first().waitFor();
    const found = await scanEverywhere(page, 'start page');

    await startInterview(page, env.server.url, { stages: ['hr', 'technical'] });
    await answer(page, strongAnswer((await latestPrompt(page)).text));
    await answer(page, WEAK_ANSWER);
    await page.click('button[data-command="end"]');   // armed: "Press again to end" is scanned too
    found.push(...await scanEverywhere(page, 'interview'));
    await command(page, 'end');
    await page.locator('#report-heading').waitFor();
    found.push(...await scanEverywhere(page, 'report'));

    assert.deepEqual(found, [], `axe found ${found.length} violations:\n${found.join('\n')}`);
    assert.deepEqual(page.problems, []);
  });

  test('a practical task that runs: the workspace with Run\'s rows and plans, the schema\'s diagram, the checked report', async () => {
    const page = await newPage(env.browser, { bypassCSP: true });
    await startInterview(page, env.server.url, { stages: ['coding-challenge'], task: 'perf-optimization' });
    await page.fill('#code-input', "CREATE INDEX users_by_name ON users (name);\nSELECT id, email FROM users WHERE name = 'Grace Hopper'");
    await page.click('#run-button');
    await page.locator('#run-output .rows-table').waitFor();
    const found = await scanEverywhere(page, 'workspace with rows');
    await page.fill('#code-input', 'SELECT id\nFROM users WHERE name = = 1');
    await page.click('#run-button');
    await page.locator('#run-output .run-error').waitFor();
    found.push(...await scanEverywhere(page, 'workspace with a failed run'));
    await page.fill('#answer-input', 'I indexed the name.');
    await page.press('#answer-input', 'Control+Enter');
    await page.locator('.feedback .section-check').waitFor();
    found.push(...await scanEverywhere(page, 'checked submission'));
    await command(page, 'end');
    await page.locator('#report-heading').waitFor();
    found.push(...await scanEverywhere(page, 'report with a check'));

    const schema = await newPage(env.browser, { bypassCSP: true });
    await startInterview(schema, env.server.url, { stages: ['coding-challenge'], task: 'db-schema-design' });
    await schema.fill('#code-input', readFileSync(path.join(REPO, 'tests/data/practical/good-schema.sql'), 'utf8'));
    await schema.click('#run-button');
    await schema.locator('#run-output svg.er-diagram').waitFor();
    found.push(...await scanEverywhere(schema, 'schema diagram'));

    assert.deepEqual(found, [], `axe found ${found.length} violations:\n${found.join('\n')}`);
    assert.deepEqual(page.problems, []);
    assert.deepEqual(schema.problems, []);
  });
});
