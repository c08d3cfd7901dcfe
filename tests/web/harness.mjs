// Shared set-up for the browser tests: starts the REAL mock-interviewer binary on an ephemeral
// loopback port with a fresh database, launches Debian's Chromium through playwright-core, and
// offers the few page steps every test repeats.

import { before, after, test as nodeTest } from 'node:test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BINARY = process.env.MI_BINARY ?? path.join(REPO, 'build', 'mock-interviewer');
export const CHROMIUM = process.env.MI_CHROMIUM ?? '/usr/bin/chromium';
// How long a page waits for the server's next turn. The sanitizer build's server is several times
// slower and shares the two cores with the rest of the suite, so its test preset raises this.
export const WAIT_MS = Number(process.env.MI_WEB_WAIT_MS ?? 10_000);
export const ARTIFACTS = process.env.MI_ARTIFACTS_DIR ?? path.join(REPO, 'build', 'test-artifacts');
// The web client served; MI_WEB_DIR runs the tests against another copy (e.g. an older commit's
// web/, to see a new test fail before its fix).
export const WEB_DIR = process.env.MI_WEB_DIR ?? path.join(REPO, 'web');

// Every interview a browser test starts uses this seed (the page takes it from `?seed=`), so a
// failure can be replayed exactly: the seed is part of every failure message (see `test` below).
export const SEED = Number(process.env.MI_WEB_SEED ?? 20261201);

// A person does not send two messages within 200 ms; the server's default rate limit (5 per
// second, bursts of 5) is meant for people, so the helpers send no faster than this and the real
// default stays under test. The rate limit itself has its own test (rate_limit.test.mjs).
export const SEND_PACING_MS = 250;

/** Why the browser tests cannot run here, or false. node:test's `skip` option takes it as is. */
export const skipReason = !existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM} (scripts/install-deps.sh --test installs it); browser tests skipped`
  : false;

const LISTENING = /listening on (http:\/\/\S+?)\/?\s*$/;

/**
 * Starts `mock-interviewer serve --port 0` and resolves once it prints its URL.
 * Returns { url, port, dataDir, stop(), output() }; stop() ends the process and removes its database.
 * Pass `port` and `dataDir` of a stopped server to restart it where it was.
 */
export async function startServer({ timeoutMs = 15_000, extraArgs = [], port = 0, dataDir: reuseDataDir } = {}) {
  if (!existsSync(BINARY)) throw new Error(`server binary not found at ${BINARY}; build it or set MI_BINARY`);
  const dataDir = reuseDataDir ?? mkdtempSync(path.join(tmpdir(), 'mi-web-test-'));
  const child = spawn(BINARY, [
    'serve', '--host', '127.0.0.1', '--port', String(port),
    '--db', path.join(dataDir, 'db'),
    '--content', path.join(REPO, 'content'),
    '--web', WEB_DIR,
    ...extraArgs,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });

  const lines = [];
  const remember = (line) => { lines.push(line); if (lines.length > 200) lines.shift(); };
  createInterface({ input: child.stderr }).on('line', remember);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not print its URL within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
    createInterface({ input: child.stdout }).on('line', (line) => {
      remember(line);
      const match = LISTENING.exec(line);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${signal ?? code}) before listening:\n${lines.join('\n')}`));
    });
  });

  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    output: () => lines.join('\n'),
    /** Stops the server; keepData leaves the database for a restart on the same dataDir. */
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page that fails the test on any uncaught page error or console error. */
export async function newPage(browser, { width = 1280, height = 900, ...options } = {}) {
  // Reduced motion: no smooth scrolling half-way through a screenshot (and that path gets used).
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, reducedMotion: 'reduce', ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') page.problems.push(`console error: ${message.text()}`); });
  page.setDefaultTimeout(WAIT_MS);
  return page;
}

/**
 * node:test's `test`, with the seed in the message of any failure: "rerun with MI_WEB_SEED=…"
 * reproduces the interview. A test that runs over several seeds passes `{ seed }` in its options.
 */
export function test(name, options, fn) {
  if (typeof options === 'function') [fn, options] = [options, {}];
  const seed = options.seed ?? SEED;
  return nodeTest(name, options, async (t) => {
    try {
      await fn(t, seed);
    } catch (error) {
      if (error instanceof Error) error.message += `\n    (seed ${seed}: rerun with MI_WEB_SEED=${seed})`;
      throw error;
    }
  });
}

export function screenshotPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

// ---------- page steps ----------

/** The start page with a fixed seed for the interviews it starts. */
export function startUrl(url, seed = SEED) {
  return `${url}/?seed=${seed}`;
}

/** Opens the start page, chooses the given stages (all when omitted), the practical task if given, and starts. */
export async function startInterview(page, url, { stages, industry, seniority, task, seed = SEED } = {}) {
  await page.goto(startUrl(url, seed));
  await page.locator('#start-form #stage-options input').first().waitFor();
  if (stages) {
    for (const box of await page.locator('#stage-options input').all()) {
      const wanted = stages.includes(await box.getAttribute('value'));
      if ((await box.isChecked()) !== wanted) await box.setChecked(wanted);
    }
  }
  if (industry) await page.selectOption('#industry-select', industry);
  if (seniority) await page.selectOption('#seniority-select', seniority);
  if (task) await page.selectOption('#task-select', task);
  await page.click('#start-button');
  await page.locator('#interview-view').waitFor({ state: 'visible' });
  await waitForPrompt(page);
}

/** Waits until the interviewer has asked something and the answer box can send. */
export async function waitForPrompt(page) {
  await page.locator('#send-button:not([disabled])').waitFor();
  await page.locator('#typing-indicator').waitFor({ state: 'hidden' });
}

/**
 * Waits until `send` may go out without beating a person's pace: at least SEND_PACING_MS after
 * the page's previous send. The one deliberate pause in the tests.
 */
export async function pace(page) {
  const wait = (page.lastSendAt ?? 0) + SEND_PACING_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  page.lastSendAt = Date.now();
}

/** The text of the alert the page shows, or null. */
export async function shownAlert(page) {
  return page.evaluate(() => [...document.querySelectorAll('.alert')].find((node) => !node.hidden && node.textContent.trim())?.textContent.trim() ?? null);
}

/**
 * Waits until `predicate` (run in the page) is true; fails at once with the page's alert text
 * when the page shows an error instead.
 */
export async function waitOrAlert(page, predicate, arg, { what = 'the page' } = {}) {
  const alertShown = page.waitForFunction(() => [...document.querySelectorAll('.alert')]
    .find((node) => !node.hidden && node.textContent.trim())?.textContent.trim());
  const done = page.waitForFunction(predicate, arg);
  try {
    const winner = await Promise.race([done.then(() => null), alertShown.then((handle) => handle.jsonValue())]);
    if (winner) throw new Error(`${what}: the page shows an error instead: "${winner}"`);
  } finally {
    // The loser keeps polling until its timeout; its failure is not this test's.
    done.catch(() => {});
    alertShown.catch(() => {});
  }
}

/** Types an answer, sends it with Enter and waits for its scored feedback and the next prompt. */
export async function answer(page, text, { key = 'Enter' } = {}) {
  const scoredBefore = await page.locator('.feedback .score-badge:not([hidden])').count();
  await page.fill('#answer-input', text);
  await pace(page);
  await page.press('#answer-input', await page.locator('#answer-form.task-mode').count() ? 'Control+Enter' : key);
  await waitOrAlert(page, (count) => document.querySelectorAll('.feedback .score-badge:not([hidden])').length > count,
    scoredBefore, { what: 'waiting for the score of an answer' });
  await settle(page);
}

/** Presses a command button (twice for those that ask first: End, Skip) at a person's pace. */
export async function command(page, name) {
  const button = page.locator(`button[data-command="${name}"]`);
  await pace(page);
  await button.click();
  if (await button.getAttribute('data-armed') === 'true') {
    await pace(page);
    await button.click();
  }
}

/** Waits for the next interviewer turn or the report after an answer or command. */
export async function settle(page) {
  await waitOrAlert(page, () => document.getElementById('typing-indicator').hidden
    || document.body.dataset.view === 'report', undefined, { what: 'waiting for the interviewer' });
}

/** The interviewer's latest prompt: { kind: question|follow-up|task, text, taskName }. */
export async function latestPrompt(page) {
  return page.evaluate(() => {
    const prompts = document.querySelectorAll('#chat-log .message.interviewer[data-kind="question"], #chat-log .message.interviewer[data-kind="follow-up"], #chat-log .message.interviewer[data-kind="task"]');
    const last = prompts[prompts.length - 1];
    const cards = document.querySelectorAll('#chat-log .task-card');
    return last ? {
      kind: last.dataset.kind,
      itemId: last.dataset.itemId,
      text: last.querySelector('.bubble').textContent,
      taskName: cards.length ? cards[cards.length - 1].dataset.taskName : null,
    } : null;
  });
}

/**
 * Answers every prompt with `await answerFor(prompt)` until the report shows; returns the number of
 * answers sent. Fails after `maxTurns` so a stuck interview cannot hang the suite.
 */
export async function answerUntilReport(page, answerFor, { maxTurns = 40 } = {}) {
  for (let turn = 0; turn < maxTurns; turn += 1) {
    if (await page.evaluate(() => document.body.dataset.view === 'report')) return turn;
    const prompt = await latestPrompt(page);
    await answer(page, await answerFor(prompt));
  }
  throw new Error(`no report after ${maxTurns} answers`);
}

/**
 * For a describe block: starts the real server and a browser before its tests and stops both
 * after them. Returns the holder whose `server` and `browser` the tests use (a test may replace
 * `server`, e.g. to restart it; the replacement is the one stopped).
 */
export function useServerAndBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
