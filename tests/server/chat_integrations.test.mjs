// The chat integrations against the real server: the generic signed webhook, Slack's Events API
// and Telegram's Bot API, with payloads in the shapes the platforms document and signatures made
// here with node's crypto. Local fakes stand in for the Slack and Telegram APIs and the callback
// receiver: they fail, rate-limit with 429 + Retry-After, hold a request while the server is
// killed, then succeed. Every refusal is counted and printed at the end for the closing note.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BINARY, http, SOURCE_DIR, startServer, STRONG_ANSWER, tempDir, waitFor } from './harness.mjs';
import {
  FakeChatApi, genericHeaders, nowSeconds, post, slackHeaders, slackMessage, telegramText, verifyGenericCallback,
} from './fake_chat_api.mjs';


/** The outbox's sent rows once they are at least `delivered` (the fake sees a delivery before the server records it). */
async function sentRowsSettled(db, delivered) {
  const list = () => JSON.parse(execFileSync(BINARY, ['outbox', 'list', '--db', db, '--state', 'sent', '--json', '--limit', '500']));
  await waitFor(() => list().length >= delivered, { what: `${delivered} outbox rows recorded as sent` });
  return list();
}
const GENERIC_SECRET = 'generic-secret-for-tests-0123456789';
const SLACK_SECRET = 'slack-signing-secret-for-tests';
const SLACK_TOKEN = 'xoxb-test-bot-token-424242';
const TELEGRAM_SECRET = 'telegram-secret-token-for-tests';
const TELEGRAM_TOKEN = '123456:telegram-bot-token-abcdef';
const ALL_SECRETS = [GENERIC_SECRET, SLACK_SECRET, SLACK_TOKEN, TELEGRAM_SECRET, TELEGRAM_TOKEN];

// Quick retries with a fixed jitter seed, and pacing fast enough for a test yet still measurable.
const FAST_DELIVERY = [
  '--outbox-retry-base-ms', '20', '--outbox-retry-max-ms', '200', '--outbox-jitter-seed', '42',
  '--chat-messages-per-conversation-per-second', '20', '--chat-messages-per-second', '200',
];

const tally = { forged: 0, stale: 0, replayed: 0, malformed: 0, oversized: 0, disabled: 0, duplicates: 0 };
const deliveries = { delivered: 0, failed_attempts: 0, rate_limited: 0, held_then_dropped: 0, dead_letters: 0, requeued: 0 };

after(() => {
  console.log(`chat refusals: ${JSON.stringify(tally)}`);
  console.log(`chat deliveries: ${JSON.stringify(deliveries)}`);
});

function noSecretsIn(text, where) {
  for (const secret of ALL_SECRETS) assert.ok(!text.includes(secret), `a secret appears in ${where}`);
}

const PROMPT = /Question \d|Follow\\?-up|Interview report/;

/** Sends signed generic messages until the report; returns every response. */
async function genericInterview(base, conversation, answers = () => STRONG_ANSWER) {
  const send = async (text, options = {}) => {
    const body = JSON.stringify({ conversation_id: conversation, user_id: 'candidate-1', text });
    return post(base, '/api/v1/webhooks/generic', body, genericHeaders(GENERIC_SECRET, body, options));
  };
  const responses = [await send('/start hr junior')];
  for (let turn = 0; turn < 12 && !responses.at(-1).json.report_url; turn += 1) {
    const answer = await send(answers(turn), { idempotencyKey: `${conversation}-turn-${turn}` });
    assert.equal(answer.status, 200, answer.text);
    responses.push(answer);
  }
  return { responses, send };
}

describe('generic webhook', () => {
  test('a practical task answered in a chat message is checked by running it, off the interview thread', async () => {
    const temp = tempDir();
    const server = await startServer({ db: temp.db, args: FAST_DELIVERY, env: { MI_WEBHOOK_SECRET: GENERIC_SECRET } });
    try {
      const send = async (text) => {
        const body = JSON.stringify({ conversation_id: 'conv-task', user_id: 'candidate-9', text });
        const response = await post(server.base, '/api/v1/webhooks/generic', body, genericHeaders(GENERIC_SECRET, body));
        assert.equal(response.status, 200, response.text);
        return response.json;
      };
      const events = (reply) => reply.messages.flatMap((message) => message.events ?? []).map((entry) => entry.event);
      let reply = await send('/start coding-challenge mid');
      let asked = events(reply).findLast((event) => event.type === 'question_asked');
      for (let turn = 0; turn < 6 && asked?.kind !== 'task'; turn += 1) {
        reply = await send('/skip');
        asked = events(reply).findLast((event) => event.type === 'question_asked') ?? asked;
      }
      assert.equal(asked?.kind, 'task', 'the Coding Challenge asked a practical task');
      // A correct submission to whichever task was asked, written as a chat message with a fence.
      const submissions = {
        'perf-optimization': () => {
          const pack = JSON.parse(readFileSync(path.join(SOURCE_DIR, 'content/tasks/performance-optimization.json'), 'utf8'));
          const query = pack.queries.find((entry) => entry.id === asked.task.material.variant_id);
          return `\`\`\`sql\n${query.reference.index_ddl}\n${query.reference.query}\n\`\`\`\n${query.reference.explanation}`;
        },
        'db-schema-design': () => `\`\`\`sql\n${readFileSync(path.join(SOURCE_DIR, 'tests/data/practical/good-schema.sql'), 'utf8')}\n\`\`\`\nThird normal form.`,
        'api-implementation': () => `\`\`\`yaml\n${readFileSync(path.join(SOURCE_DIR, 'tests/data/practical/good-api.yaml'), 'utf8')}\`\`\`\nDocumented.`,
      };
      reply = await send(submissions[asked.item_id]());
      const checked = events(reply).find((event) => event.type === 'task_checked');
      assert.ok(checked, `the submission was run (${JSON.stringify(events(reply).map((event) => event.type))})`);
      assert.equal(checked.outcome, 'passed', checked.summary);
      const text = JSON.stringify(reply.messages);
      assert.match(text, /Checked/);
      const metrics = await http(server.base, '/metrics');
      assert.match(metrics.text, /^mi_checks_total [1-9]/m);
    } finally {
      await server.stop();
      temp.cleanup();
    }
  });

  test('a whole interview over signed requests, the same feedback as the WebSocket, a report link a coach opens', async () => {
    const temp = tempDir();
    const callback = await FakeChatApi.start();
    const server = await startServer({
      db: temp.db, args: FAST_DELIVERY,
      env: { MI_WEBHOOK_SECRET: GENERIC_SECRET, MI_WEBHOOK_CALLBACK_URL: `${callback.base}/hook` },
    });
    try {
      const { responses, send } = await genericInterview(server.base, 'conv-generic-1');
      const opening = responses[0].json;
      assert.equal(opening.messages[0].kind, 'prompt');
      assert.deepEqual(opening.messages[0].events.map((entry) => entry.event.type),
        ['interview_started', 'stage_started', 'question_asked']);
      const firstAnswer = responses[1].json.messages;
      const feedback = firstAnswer.find((message) => message.kind === 'feedback');
      const types = new Set(feedback.events.map((entry) => entry.event.type));
      assert.ok(types.has('feedback') && types.has('answer_scored') && types.has('answer_received'));
      assert.match(feedback.text, /Score: \d+\/100/);
      const last = responses.at(-1).json;
      assert.equal(last.state.status, 'finished');
      assert.ok(last.messages.some((message) => message.kind === 'report' && /Interview report/.test(message.text)));

      // Retried with the same Idempotency-Key (and signed afresh): the first reply, no new turn.
      const body = JSON.stringify({ conversation_id: 'conv-generic-1', user_id: 'candidate-1', text: STRONG_ANSWER });
      const again = await post(server.base, '/api/v1/webhooks/generic', body,
        genericHeaders(GENERIC_SECRET, body, { idempotencyKey: 'conv-generic-1-turn-0', timestamp: nowSeconds() - 1 }));
      assert.equal(again.status, 200);
      assert.deepEqual(again.json, responses[1].json);
      tally.duplicates += 1;

      // The signed link opens the stored interview (what a coach reviews); a forged one does not.
      const url = new URL(last.report_url);
      const [, id, sig] = /^#report=([0-9a-f]+)&sig=([0-9a-f]+)$/.exec(url.hash);
      assert.equal(id, last.interview_id);
      const report = await http(server.base, `/api/v1/reports/${id}?sig=${sig}`);
      assert.equal(report.status, 200);
      assert.equal(report.json.status, 'finished');
      assert.ok(report.json.report.overall_score >= 0);
      assert.ok(report.json.events.length > 10);
      const forgedLink = await http(server.base, `/api/v1/reports/${id}?sig=${'0'.repeat(64)}`);
      assert.equal(forgedLink.status, 401);

      // Every reply also went to the callback, signed the same way and carrying its dedupe key.
      const expected = responses.reduce((sum, response) => sum + response.json.messages.length, 0);
      await callback.untilDelivered(expected, `${expected} callbacks`);
      deliveries.delivered += callback.delivered().length;
      for (const entry of callback.requests) assert.ok(verifyGenericCallback(GENERIC_SECRET, entry));
      const keys = callback.requests.map((entry) => entry.headers['idempotency-key']);
      assert.equal(new Set(keys).size, keys.length, 'each callback once');
      assert.deepEqual(callback.requests.map((entry) => entry.json.messages[0].text),
        responses.flatMap((response) => response.json.messages.map((message) => message.text)));
      void send;
    } finally {
      await server.stop();
      await callback.stop();
      noSecretsIn(server.stderr(), 'the server log');
      temp.cleanup();
    }
  });

  test('forged, stale, replayed, malformed and oversized requests are refused, and nothing stored is lost', async () => {
    const temp = tempDir();
    const server = await startServer({ db: temp.db, args: ['--max-http-body-bytes', '4096'], env: { MI_WEBHOOK_SECRET: GENERIC_SECRET } });
    try {
      const path = '/api/v1/webhooks/generic';
      const body = JSON.stringify({ conversation_id: 'conv-refusals', user_id: 'u', text: '/start hr junior' });
      const started = await post(server.base, path, body, genericHeaders(GENERIC_SECRET, body));
      assert.equal(started.status, 200);
      const storedEvents = started.json.messages[0].events.length;

      const refusals = [
        ['forged', post(server.base, path, body, genericHeaders('not-the-secret', body))],
        ['forged', post(server.base, path, body, { 'content-type': 'application/json' })],
        ['forged', post(server.base, path, body, { ...genericHeaders(GENERIC_SECRET, body), 'x-signature': 'md5=abc' })],
        ['forged', post(server.base, path, body.replace('junior', 'senior'), genericHeaders(GENERIC_SECRET, body))],
        ['stale', post(server.base, path, body, genericHeaders(GENERIC_SECRET, body, { timestamp: nowSeconds() - 301 }))],
        ['stale', post(server.base, path, body, genericHeaders(GENERIC_SECRET, body, { timestamp: nowSeconds() + 400 }))],
      ];
      for (const [kind, pending] of refusals) {
        const response = await pending;
        assert.equal(response.status, 401, `${kind}: ${response.text}`);
        assert.equal(response.json.error.code, 'unauthorized');
        noSecretsIn(response.text, 'an error');
        tally[kind] += 1;
      }
      const stale = await post(server.base, path, body, genericHeaders(GENERIC_SECRET, body, { timestamp: nowSeconds() - 301 }));
      assert.match(stale.json.error.message, /at most 300 s/);
      tally.stale += 1;

      // The very request that started the interview, sent again as it was: a replay.
      const firstHeaders = genericHeaders(GENERIC_SECRET, JSON.stringify({ conversation_id: 'conv-replay', user_id: 'u', text: 'hello' }));
      const replayBody = JSON.stringify({ conversation_id: 'conv-replay', user_id: 'u', text: 'hello' });
      assert.equal((await post(server.base, path, replayBody, firstHeaders)).status, 200);
      for (let i = 0; i < 3; i += 1) {
        const replay = await post(server.base, path, replayBody, firstHeaders);
        assert.equal(replay.status, 401);
        assert.match(replay.json.error.message, /received before/);
        tally.replayed += 1;
      }

      for (const [bad, reason] of [
        ['{"conversation_id": "c"', /not valid JSON at byte/],
        ['[1,2]', /JSON object/],
        ['{"user_id": "u", "text": "x"}', /'conversation_id' is missing/],
        ['{"conversation_id": 5, "user_id": "u", "text": "x"}', /'conversation_id' must be a string/],
        ['{"conversation_id": "c", "user_id": "u", "text": "x", "extra": 1}', /'extra' is not part/],
        ['{"conversation_id": "c", "conversation_id": "d", "user_id": "u", "text": "x"}', /more than once/],
      ]) {
        const response = await post(server.base, path, bad, genericHeaders(GENERIC_SECRET, bad));
        assert.equal(response.status, 400, bad);
        assert.match(response.json.error.message, reason);
        tally.malformed += 1;
      }
      const huge = JSON.stringify({ conversation_id: 'c', user_id: 'u', text: 'x'.repeat(5000) });
      const tooBig = await post(server.base, path, huge, genericHeaders(GENERIC_SECRET, huge));
      assert.equal(tooBig.status, 413);
      tally.oversized += 1;

      for (const platform of ['slack', 'telegram']) {
        const off = await post(server.base, `/api/v1/webhooks/${platform}`, '{}', { 'content-type': 'application/json' });
        assert.equal(off.status, 404);
        assert.match(off.json.error.message, /is off: set MI_/);
        tally.disabled += 1;
      }
      const unknown = await post(server.base, '/api/v1/webhooks/discord', '{}');
      assert.equal(unknown.status, 404);

      // What was stored before the refusals is all still there, and the conversation goes on.
      const next = JSON.stringify({ conversation_id: 'conv-refusals', user_id: 'u', text: STRONG_ANSWER });
      const answered = await post(server.base, path, next, genericHeaders(GENERIC_SECRET, next));
      assert.equal(answered.status, 200);
      assert.equal(answered.json.messages[0].events[0].seq, storedEvents + 1);
      const metrics = await http(server.base, '/metrics');
      assert.match(metrics.text, /mi_webhook_requests_total\{platform="generic",outcome="forged"\} 4/);
      assert.match(metrics.text, /mi_webhook_requests_total\{platform="generic",outcome="replayed"\} 3/);
    } finally {
      await server.stop();
      noSecretsIn(server.stderr(), 'the server log');
      temp.cleanup();
    }
  });
});

/** Sends a Slack event, signed; resolves the response. */
function sendSlack(base, payload, options) {
  const body = JSON.stringify(payload);
  return post(base, '/api/v1/webhooks/slack', body, slackHeaders(SLACK_SECRET, body, options));
}

function slackTexts(fake, channel) {
  return fake.delivered().filter((entry) => entry.json.channel === channel).map((entry) =>
    entry.json.blocks.map((block) => block.text?.text ?? '').join('\n'));
}

describe('Slack', () => {
  test('url_verification, a direct-message interview to the report, retries and bot messages ignored, 429s honoured', async () => {
    const temp = tempDir();
    // The Slack API fails once, rate-limits once (Retry-After: 1), then takes everything.
    const slack = await FakeChatApi.start((entry, index) => {
      if (index === 0) return { status: 500, body: { ok: false, error: 'internal_error' } };
      if (index === 1) return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '1' } };
      return null;
    });
    const server = await startServer({
      db: temp.db, args: FAST_DELIVERY,
      env: { MI_SLACK_SIGNING_SECRET: SLACK_SECRET, MI_SLACK_BOT_TOKEN: SLACK_TOKEN, MI_SLACK_API_URL: `${slack.base}/api` },
    });
    try {
      const challenge = await sendSlack(server.base, { token: 'x', challenge: 'c-3Q8fZ', type: 'url_verification' });
      assert.equal(challenge.status, 200);
      assert.deepEqual(challenge.json, { challenge: 'c-3Q8fZ' });

      const channel = 'D0DIRECT1';
      const first = slackMessage({ channel, text: 'start hr junior' });
      assert.equal((await sendSlack(server.base, first)).status, 200);
      // Slack's retry of the same event, and the same event again: no second reply.
      assert.equal((await sendSlack(server.base, first, { retryNum: 1 })).status, 200);
      assert.equal((await sendSlack(server.base, first, { retryNum: 2 })).status, 200);
      tally.duplicates += 2;
      await slack.until(() => slackTexts(slack, channel).length >= 1, 'the opening');
      const rateLimited = slack.requests[1];
      const afterLimit = slack.requests[2];
      assert.ok(afterLimit.at - rateLimited.at >= 950, `waited ${afterLimit.at - rateLimited.at} ms after Retry-After: 1`);
      deliveries.failed_attempts += 1;
      deliveries.rate_limited += 1;
      assert.equal(slack.requests[0].headers.authorization, `Bearer ${SLACK_TOKEN}`);

      // Our own message echoed back, a bot's, and an edit: all ignored.
      for (const ignored of [
        slackMessage({ channel, user: 'U0BOT', text: 'our own reply' }),
        slackMessage({ channel, text: 'a bot', extra: { bot_id: 'B0OTHER' } }),
        slackMessage({ channel, text: 'edited', extra: { subtype: 'message_changed' } }),
        { ...slackMessage({ channel, text: 'x' }), event: { type: 'reaction_added', user: 'U1' } },
      ]) {
        assert.equal((await sendSlack(server.base, ignored)).status, 200);
      }

      let turns = 0;
      while (!slackTexts(slack, channel).some((text) => /Interview report/.test(text)) && turns < 12) {
        const before = slackTexts(slack, channel).length;
        assert.equal((await sendSlack(server.base, slackMessage({ channel, text: STRONG_ANSWER }))).status, 200);
        await slack.until(() => slackTexts(slack, channel).length > before && PROMPT.test(slackTexts(slack, channel).at(-1)),
          `turn ${turns} answered`);
        turns += 1;
      }
      const texts = slackTexts(slack, channel);
      assert.ok(texts.some((text) => /Interview report/.test(text)));
      assert.ok(texts.some((text) => /Score: \d+\/100/.test(text)));
      // Exactly once: as many deliveries as outbox rows sent (a row sent twice would be one more). The
      // server records "sent" just after the fake answered, so wait for the store to catch up.
      const sent = await sentRowsSettled(temp.db, slack.delivered().length);
      assert.equal(slack.delivered().length, sent.length);
      const report = slack.delivered().find((entry) => /Interview report/.test(JSON.stringify(entry.json.blocks)));
      assert.match(JSON.stringify(report.json.blocks), /\/#report=[0-9a-f]+&amp;sig=[0-9a-f]{64}\|Open the full report/);
      for (const entry of slack.delivered()) {
        assert.ok(entry.json.blocks.length <= 50);
        for (const block of entry.json.blocks) assert.ok((block.text?.text ?? '').length <= 3000);
      }
      deliveries.delivered += slack.delivered().length;
      const metrics = await http(server.base, '/metrics');
      assert.match(metrics.text, /mi_outbox_retried_total\{platform="slack"\} 2/);
    } finally {
      await server.stop();
      await slack.stop();
      noSecretsIn(server.stderr(), 'the server log');
      temp.cleanup();
    }
  });

  test('an app mention starts an interview in its thread; thread replies continue it; other channel talk is ignored', async () => {
    const temp = tempDir();
    const slack = await FakeChatApi.start();
    const server = await startServer({
      db: temp.db, args: FAST_DELIVERY,
      env: { MI_SLACK_SIGNING_SECRET: SLACK_SECRET, MI_SLACK_BOT_TOKEN: SLACK_TOKEN, MI_SLACK_API_URL: `${slack.base}/api` },
    });
    try {
      const channel = 'C0GENERAL';
      const mention = slackMessage({ channel, type: 'app_mention', text: '<@U0BOT> start hr junior' });
      // The same message also arrives as a `message` event (message.channels), with its own event_id.
      const sameMessage = { ...slackMessage({ channel, channelType: 'channel', text: '<@U0BOT> start hr junior' }) };
      sameMessage.event.ts = mention.event.ts;
      await sendSlack(server.base, mention);
      await sendSlack(server.base, sameMessage);
      tally.duplicates += 1;
      await slack.untilDelivered(1);
      const thread = mention.event.ts;
      assert.equal(slack.delivered()[0].json.thread_ts, thread);
      // Channel talk outside the thread does not start anything.
      await sendSlack(server.base, slackMessage({ channel, channelType: 'channel', text: 'lunch?' }));
      await sendSlack(server.base, slackMessage({ channel, channelType: 'channel', threadTs: thread, text: STRONG_ANSWER }));
      await slack.until(() => slack.delivered().length >= 3 && PROMPT.test(JSON.stringify(slack.delivered().at(-1).json.blocks)),
        'the thread reply answered');
      assert.ok(slack.delivered().every((entry) => entry.json.thread_ts === thread && entry.json.channel === channel));
    } finally {
      await server.stop();
      await slack.stop();
      temp.cleanup();
    }
  });

  test('forged and stale Slack requests are refused with 401; the exact same signed request again is not handled', async () => {
    const temp = tempDir();
    const slack = await FakeChatApi.start();
    const server = await startServer({
      db: temp.db, args: FAST_DELIVERY,
      env: { MI_SLACK_SIGNING_SECRET: SLACK_SECRET, MI_SLACK_BOT_TOKEN: SLACK_TOKEN, MI_SLACK_API_URL: `${slack.base}/api` },
    });
    try {
      const body = JSON.stringify(slackMessage({ channel: 'D0X', text: 'start hr' }));
      const path = '/api/v1/webhooks/slack';
      for (const [kind, headers] of [
        ['forged', slackHeaders('wrong-secret', body)],
        ['forged', { 'content-type': 'application/json' }],
        ['stale', slackHeaders(SLACK_SECRET, body, { timestamp: nowSeconds() - 60 * 6 })],
      ]) {
        const response = await post(server.base, path, body, headers);
        assert.equal(response.status, 401);
        tally[kind] += 1;
      }
      const headers = slackHeaders(SLACK_SECRET, body);
      assert.equal((await post(server.base, path, body, headers)).status, 200);
      assert.equal((await post(server.base, path, body, headers)).status, 200);
      tally.replayed += 1;
      const malformed = await post(server.base, path, '{"type": "event_callback", "event_id": "Ev1"}',
        slackHeaders(SLACK_SECRET, '{"type": "event_callback", "event_id": "Ev1"}'));
      assert.equal(malformed.status, 400);
      assert.match(malformed.json.error.message, /'event' is missing/);
      tally.malformed += 1;
      await slack.untilDelivered(1);
      const metrics = await http(server.base, '/metrics');
      assert.match(metrics.text, /platform="slack",outcome="replayed"\} 1/);
      assert.match(metrics.text, /platform="slack",outcome="handled"\} 1/);
    } finally {
      await server.stop();
      await slack.stop();
      temp.cleanup();
    }
  });
});

/** Sends a Telegram update with the secret token. */
function sendTelegram(base, update, secret = TELEGRAM_SECRET) {
  return post(base, '/api/v1/webhooks/telegram', JSON.stringify(update),
    { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret });
}

function telegramTexts(fake, chatId) {
  return fake.delivered().filter((entry) => entry.json.chat_id === String(chatId)).map((entry) => entry.json.text);
}

// Every MarkdownV2 reserved character outside bold markers and the link is escaped.
function assertMarkdownV2(text) {
  const withoutLink = text.replace(/\[([^\]]*)\]\((?:[^)\\]|\\.)*\)/g, '$1');
  const withoutBold = withoutLink.replace(/(^|\n)\*((?:[^*\\]|\\.)*)\*(?=\n|$)/g, '$1$2');
  const unescaped = /(^|[^\\])(?:\\\\)*[_*[\]()~`>#+\-=|{}.!]/;
  assert.ok(!unescaped.test(withoutBold), `an unescaped reserved character in: ${text.slice(0, 200)}`);
}

describe('Telegram', () => {
  test('the commands, a whole interview, duplicates ignored, MarkdownV2 escaped, across kill -9 exactly once and in order', async () => {
    const temp = tempDir();
    let holdNext = false;
    let failures = 0;
    const telegram = await FakeChatApi.start((entry) => {
      if (holdNext) {
        holdNext = false;
        return 'hold';
      }
      if (failures < 2) {
        failures += 1;
        return failures === 1
          ? { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } }
          : { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } };
      }
      return null;
    });
    const env = { MI_TELEGRAM_SECRET_TOKEN: TELEGRAM_SECRET, MI_TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, MI_TELEGRAM_API_URL: telegram.base };
    let server = await startServer({ db: temp.db, args: FAST_DELIVERY, env });
    const chat = 77001;
    const waitForPrompt = async (before, what) => telegram.until(
      () => telegramTexts(telegram, chat).length > before && PROMPT.test(telegramTexts(telegram, chat).at(-1)), what);
    try {
      const wrong = await sendTelegram(server.base, telegramText(chat, '/start'), 'not-the-token');
      assert.equal(wrong.status, 401);
      tally.forged += 1;
      const missing = await post(server.base, '/api/v1/webhooks/telegram', JSON.stringify(telegramText(chat, '/start')));
      assert.equal(missing.status, 401);
      tally.forged += 1;
      const malformed = await sendTelegram(server.base, { message: { text: 'hi' } });
      assert.equal(malformed.status, 400);
      assert.match(malformed.json.error.message, /'update_id' is missing/);
      tally.malformed += 1;

      const help = await sendTelegram(server.base, telegramText(chat, '/help'));
      assert.equal(help.status, 200);
      await telegram.until(() => telegramTexts(telegram, chat).length >= 1, 'the help text');
      assert.match(telegramTexts(telegram, chat)[0], /\/start/);
      assert.equal(telegram.requests[0].path, `/bot${TELEGRAM_TOKEN}/sendMessage`);
      assert.ok(telegram.requests[2].at - telegram.requests[1].at >= 950, 'retry_after honoured');
      deliveries.failed_attempts += 1;
      deliveries.rate_limited += 1;

      const start = telegramText(chat, '/start@MockInterviewBot hr junior');
      await sendTelegram(server.base, start);
      await sendTelegram(server.base, start);      // Telegram's redelivery of the same update_id
      tally.duplicates += 1;
      await waitForPrompt(1, 'the first question');
      for (const command of ['/hint', '/repeat']) {
        const before = telegramTexts(telegram, chat).length;
        await sendTelegram(server.base, telegramText(chat, command));
        await telegram.until(() => telegramTexts(telegram, chat).length > before, command);
      }
      let before = telegramTexts(telegram, chat).length;
      await sendTelegram(server.base, telegramText(chat, STRONG_ANSWER));
      await waitForPrompt(before, 'the first answer');

      // The next reply is held by the fake when the server is killed: never answered, so not delivered.
      holdNext = true;
      before = telegramTexts(telegram, chat).length;
      await sendTelegram(server.base, telegramText(chat, STRONG_ANSWER));
      await telegram.until(() => telegram.held.length === 1, 'a request held');
      server.child.kill('SIGKILL');
      await server.exited;
      telegram.dropHeld();
      deliveries.held_then_dropped += 1;

      server = await startServer({ db: temp.db, args: FAST_DELIVERY, env });
      await waitForPrompt(before, 'the turn answered after the restart');
      // The interview resumes where it stood: skip, then end with the report, then /report again.
      const reports = () => telegramTexts(telegram, chat).filter((text) => /Interview report/.test(text)).length;
      before = telegramTexts(telegram, chat).length;
      await sendTelegram(server.base, telegramText(chat, '/skip'));
      await waitForPrompt(before, '/skip');
      await sendTelegram(server.base, telegramText(chat, '/end'));
      await telegram.until(() => reports() === 1, 'the report');
      await sendTelegram(server.base, telegramText(chat, '/report'));
      await telegram.until(() => reports() === 2, 'the report again on /report');

      const texts = telegramTexts(telegram, chat);
      for (const text of texts) {
        assert.ok(text.length <= 4096);
        assertMarkdownV2(text);
      }
      assert.match(texts.find((text) => /Interview report/.test(text)), /\[Open the full report in the browser\]\(http/);
      // In order: the questions' numbers never go back, and the report is last but one.
      const questions = texts.flatMap((text) => [...text.matchAll(/Question (\d)\/(\d)/g)].map((match) => Number(match[1])));
      assert.deepEqual(questions, [...questions].sort((a, b) => a - b));
      // Exactly once: every sent outbox row was delivered once, and nothing was delivered that is not one.
      const sent = await sentRowsSettled(temp.db, telegram.delivered().length);
      assert.equal(sent.length, telegram.delivered().length);
      deliveries.delivered += telegram.delivered().length;
    } finally {
      await server.stop();
      await telegram.stop();
      noSecretsIn(server.stderr(), 'the server log');
      temp.cleanup();
    }
  });

  test('replies the platform refuses become dead letters, listed and retried with mock-interviewer outbox', async () => {
    const temp = tempDir();
    let refuse = true;
    const telegram = await FakeChatApi.start(() => (refuse
      ? { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } }
      : null));
    const env = { MI_TELEGRAM_SECRET_TOKEN: TELEGRAM_SECRET, MI_TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, MI_TELEGRAM_API_URL: telegram.base };
    const server = await startServer({ db: temp.db, args: FAST_DELIVERY, env });
    try {
      await sendTelegram(server.base, telegramText(88002, '/start hr'));
      await telegram.until(() => telegram.requests.length >= 1, 'the refused send');
      const outbox = (...args) => execFileSync(BINARY, ['outbox', ...args, '--db', temp.db], { encoding: 'utf8' });
      let dead = [];
      await telegram.until(() => {
        dead = JSON.parse(outbox('list', '--json'));
        return dead.length === 1;
      }, 'the dead letter', 10000);
      assert.equal(dead[0].platform, 'telegram');
      assert.match(dead[0].last_error, /chat not found/);
      deliveries.dead_letters += 1;
      assert.match(outbox('list'), /1 dead[\s\S]*retry with: mock-interviewer outbox retry/);
      refuse = false;
      assert.match(outbox('retry', String(dead[0].id)), /1 message back in the queue/);
      deliveries.requeued += 1;
      await telegram.untilDelivered(1, 'the retried message');
      const metrics = await http(server.base, '/metrics');
      assert.match(metrics.text, /mi_outbox_failed_total\{platform="telegram"\} 1/);
    } finally {
      await server.stop();
      await telegram.stop();
      temp.cleanup();
    }
  });
});

describe('configuration', () => {
  test('a config file others may read is refused; one only its owner reads turns the platforms on', async () => {
    const temp = tempDir();
    const file = path.join(temp.dir, 'chat.json');
    writeFileSync(file, JSON.stringify({ webhook_secret: GENERIC_SECRET }));
    chmodSync(file, 0o644);
    const loose = await startServer({ db: temp.db, args: ['--config', file] }).catch((error) => error);
    assert.match(String(loose.message), /chmod 600/);
    noSecretsIn(String(loose.message), 'the refusal');
    chmodSync(file, 0o600);
    const server = await startServer({ db: temp.db, args: ['--config', file] });
    try {
      const body = JSON.stringify({ conversation_id: 'cfg', user_id: 'u', text: 'hello' });
      const response = await post(server.base, '/api/v1/webhooks/generic', body, genericHeaders(GENERIC_SECRET, body));
      assert.equal(response.status, 200);
    } finally {
      await server.stop();
      temp.cleanup();
    }
  });

  test('a Slack signing secret without the bot token stops the server before it listens, naming both flags', async () => {
    const temp = tempDir();
    const refused = await startServer({ db: temp.db, env: { MI_SLACK_SIGNING_SECRET: SLACK_SECRET } }).catch((error) => error);
    assert.match(String(refused.message), /--slack-signing-secret is set but --slack-bot-token is not/);
    noSecretsIn(String(refused.message), 'the refusal');
    temp.cleanup();
  });
});
