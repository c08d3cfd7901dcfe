// A local stand-in for the Slack Web API, the Telegram Bot API and a generic webhook receiver,
// for the chat integration tests: it records every request, answers from a script (fail, 429
// with Retry-After, hold the request unanswered, or succeed) and lets a test wait for requests
// instead of sleeping. Nothing here uses the server's code: signatures are checked with node's
// crypto.
import http from 'node:http';
import { createHmac } from 'node:crypto';

export class FakeChatApi {
  /** `answer(request, index)` returns {status, body, headers} or 'hold'; default: success. */
  static async start(answer = () => null) {
    const fake = new FakeChatApi(answer);
    await new Promise((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.base = `http://127.0.0.1:${fake.server.address().port}`;
    return fake;
  }

  constructor(answer) {
    this.answer = answer;
    this.requests = [];         // every request, in arrival order: {path, headers, body, json, at, status}
    this.held = [];
    this.waiters = [];
    this.server = http.createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => this.#handle(request, response, body));
    });
  }

  #handle(request, response, body) {
    let parsed = null;
    try { parsed = JSON.parse(body); } catch { /* kept as text */ }
    const entry = { path: request.url, headers: request.headers, body, json: parsed, at: Date.now(), status: null };
    this.requests.push(entry);
    const scripted = this.answer(entry, this.requests.length - 1) ?? defaultAnswer(entry);
    if (scripted === 'hold') {
      this.held.push({ entry, response });
    } else {
      entry.status = scripted.status;
      response.writeHead(scripted.status, { 'content-type': 'application/json', ...(scripted.headers ?? {}) });
      response.end(JSON.stringify(scripted.body ?? {}));
    }
    this.#notify();
  }

  #notify() {
    for (const waiter of [...this.waiters]) {
      if (waiter.probe()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Requests answered 2xx: what the platform took. */
  delivered() {
    return this.requests.filter((entry) => typeof entry.status === 'number' && entry.status < 300 &&
      entry.json?.ok !== false);
  }

  /** Resolves once `probe()` holds, re-checked at every request; fails after `timeoutMs`. */
  until(probe, what = 'the fake API condition', timeoutMs = 20000) {
    if (probe()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { probe, resolve: () => { clearTimeout(timer); resolve(); } };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${what} did not hold within ${timeoutMs} ms (${this.requests.length} requests so far)`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  untilDelivered(count, what = `${count} deliveries`) {
    return this.until(() => this.delivered().length >= count, what);
  }

  /** Drops every held request unanswered (its sender is gone): never delivered. */
  dropHeld() {
    for (const { entry, response } of this.held.splice(0)) {
      entry.status = 'dropped';
      response.destroy();
    }
  }

  async stop() {
    this.dropHeld();
    this.server.closeAllConnections?.();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function defaultAnswer(entry) {
  if (entry.path.includes('/sendMessage')) {
    return { status: 200, body: { ok: true, result: { message_id: 1, chat: { id: Number(entry.json?.chat_id) } } } };
  }
  if (entry.path.endsWith('/chat.postMessage')) return { status: 200, body: { ok: true, ts: `${Date.now() / 1000}` } };
  return { status: 200, body: { received: true } };
}

// ---------- signing, as each platform documents it ----------

export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

export function genericHeaders(secret, body, { timestamp = nowSeconds(), idempotencyKey } = {}) {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return {
    'content-type': 'application/json',
    'x-signature-timestamp': String(timestamp),
    'x-signature': `sha256=${signature}`,
    ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
  };
}

export function slackHeaders(secret, body, { timestamp = nowSeconds(), retryNum } = {}) {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
    ...(retryNum !== undefined ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
  };
}

export function verifyGenericCallback(secret, entry) {
  const timestamp = entry.headers['x-signature-timestamp'];
  const expected = createHmac('sha256', secret).update(`${timestamp}.${entry.body}`).digest('hex');
  return entry.headers['x-signature'] === `sha256=${expected}` && Math.abs(nowSeconds() - Number(timestamp)) <= 300;
}

/** POSTs a raw body with headers; resolves {status, json, text}. */
export async function post(base, path, body, headers = {}) {
  const response = await fetch(base + path, { method: 'POST', headers: { connection: 'close', ...headers }, body });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, text, json };
}

// ---------- payloads in the shapes the platforms document ----------

let slackEventCounter = 0;
let slackTs = 1712000000;

export function slackMessage({ channel, user = 'U0CANDIDATE', text, threadTs, channelType = 'im', type = 'message', extra = {} }) {
  slackEventCounter += 1;
  slackTs += 1;
  const ts = `${slackTs}.000100`;
  const event = { type, channel, user, text, ts, event_ts: ts, channel_type: channelType, ...extra };
  if (type === 'app_mention') delete event.channel_type;
  if (threadTs) event.thread_ts = threadTs;
  return {
    token: 'verification-token-unused', team_id: 'T0TEAM', api_app_id: 'A0APP', event,
    type: 'event_callback', event_id: `Ev${String(slackEventCounter).padStart(8, '0')}`, event_time: slackTs,
    authorizations: [{ enterprise_id: null, team_id: 'T0TEAM', user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false, event_context: '4-eyJldCI6Im1lc3NhZ2UifQ',
  };
}

let telegramUpdate = 500000;
let telegramMessage = 1000;

export function telegramText(chatId, text, { from = { id: chatId, is_bot: false, first_name: 'Casey', language_code: 'en' } } = {}) {
  telegramUpdate += 1;
  telegramMessage += 1;
  const message = {
    message_id: telegramMessage, from, chat: { id: chatId, first_name: 'Casey', type: 'private' },
    date: nowSeconds(), text,
  };
  const command = /^\/[a-z]+(@\w+)?/.exec(text);
  if (command) message.entities = [{ offset: 0, length: command[0].length, type: 'bot_command' }];
  return { update_id: telegramUpdate, message };
}
