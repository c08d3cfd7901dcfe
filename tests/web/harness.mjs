// Shared set-up for the browser tests: starts the REAL mock-interviewer binary on an ephemeral
// loopback port with a fresh database, launches Debian's Chromium through playwright-core, and
// offers the few page steps every test repeats.

import { before, after } from 'node:test';
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
    '--web', path.join(REPO, 'web'),
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

export function screenshotPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

// ---------- page steps ----------

/** Opens the start page, chooses the given stages (all when omitted) and starts. */
export async function startInterview(page, url, { stages, industry, seniority } = {}) {
  await page.goto(url);
  await page.locator('#start-form #stage-options input').first().waitFor();
  if (stages) {
    for (const box of await page.locator('#stage-options input').all()) {
      const wanted = stages.includes(await box.getAttribute('value'));
      if ((await box.isChecked()) !== wanted) await box.setChecked(wanted);
    }
  }
  if (industry) await page.selectOption('#industry-select', industry);
  if (seniority) await page.selectOption('#seniority-select', seniority);
  await page.click('#start-button');
  await page.locator('#interview-view').waitFor({ state: 'visible' });
  await waitForPrompt(page);
}

/** Waits until the interviewer has asked something and the answer box can send. */
export async function waitForPrompt(page) {
  await page.locator('#send-button:not([disabled])').waitFor();
  await page.locator('#typing-indicator').waitFor({ state: 'hidden' });
}

/** Types an answer, sends it with Enter and waits for its scored feedback and the next prompt. */
export async function answer(page, text) {
  const scoredBefore = await page.locator('.feedback .score-badge:not([hidden])').count();
  await page.fill('#answer-input', text);
  await page.press('#answer-input', 'Enter');
  await page.locator('.feedback .score-badge:not([hidden])').nth(scoredBefore).waitFor({ state: 'attached' });
  await settle(page);
}

/** Waits for the next interviewer turn or the report after an answer or command. */
export async function settle(page) {
  await page.waitForFunction(() => document.getElementById('typing-indicator').hidden
    || document.body.dataset.view === 'report');
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
