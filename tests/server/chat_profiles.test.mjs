// Practice profiles in chat, against the real server over the signed generic webhook: a chat
// user's interviews belong to their profile (their user id), /progress shows what improved after
// three interviews, /drill starts the drill, /link with a web profile's recovery code makes the
// chat interviews part of that profile (a wrong code changes nothing), and deleting the profile
// erases the chat interviews' answers and their outbox rows from the database file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { BINARY, http, startServer, STRONG_ANSWER, tempDir, waitFor, WEAK_ANSWER } from './harness.mjs';
import { FakeChatApi, genericHeaders, post, telegramText } from './fake_chat_api.mjs';

const GENERIC_SECRET = 'generic-secret-for-chat-profiles-0123';
const ERASE_MARKER = 'quokkamarmalade';
const CONVERSATION = 'conv-profile-1';
const USER = 'chat-user-1';

describe('practice profiles in chat', () => {
  let server;
  let temp;
  let callback;
  let turn = 0;
  const interviews = [];      // the chat interviews, oldest first
  const reports = [];         // each interview's last response

  const send = async (text, user = USER) => {
    const body = JSON.stringify({ conversation_id: CONVERSATION, user_id: user, text });
    turn += 1;
    const response = await post(server.base, '/api/v1/webhooks/generic', body,
      genericHeaders(GENERIC_SECRET, body, { idempotencyKey: `${CONVERSATION}-${turn}` }));
    assert.equal(response.status, 200, response.text);
    return response.json;
  };
  const texts = (response) => response.messages.map((message) => message.text).join('\n');
  const practise = async (answer) => {
    let response = await send('/start hr junior');
    interviews.push(response.interview_id);
    for (let answers = 0; answers < 12 && !response.report_url; answers += 1) response = await send(answer);
    assert.ok(response.report_url, 'the interview reached its report');
    reports.push(response);
  };
  const fileHas = (text) => [temp.db, `${temp.db}-wal`].some((file) => existsSync(file) &&
    readFileSync(file).toString('latin1').includes(text));
  const outbox = () => JSON.parse(execFileSync(BINARY, ['outbox', 'list', '--db', temp.db, '--state', 'sent',
    '--json', '--limit', '1000']));

  before(async () => {
    temp = tempDir();
    callback = await FakeChatApi.start();
    server = await startServer({
      db: temp.db, args: ['--outbox-retry-base-ms', '20', '--outbox-retry-max-ms', '200', '--outbox-jitter-seed', '42',
        '--chat-messages-per-conversation-per-second', '50', '--chat-messages-per-second', '500'],
      env: { MI_WEBHOOK_SECRET: GENERIC_SECRET, MI_WEBHOOK_CALLBACK_URL: `${callback.base}/hook` },
    });
    // Three interviews: weak (with a word to look for after the deletion), weak, then strong.
    await practise(`${WEAK_ANSWER} ${ERASE_MARKER}`);
    await practise(WEAK_ANSWER);
    await practise(STRONG_ANSWER);
  });
  after(async () => {
    await server?.stop();
    await callback?.stop?.();
    temp?.cleanup();
  });

  test('after three interviews the report says what changed, /progress shows what improved', async () => {
    assert.doesNotMatch(texts(reports[0]), /Since your previous interview/);
    for (const report of reports.slice(1)) {
      assert.match(texts(report), /Since your previous interview\nOverall score/, texts(report));
    }
    const progress = texts(await send('/progress'));
    assert.match(progress, /3 interviews \(3 finished\)/);
    assert.match(progress, /Overall: \d+ -> \d+ -> \d+ \(\+\d+ since the first\)/, progress);
    assert.match(progress, /Since your previous interview\nOverall score/);
    assert.match(progress, /Key points missed most\n.+: missed in \d+ of \d+ answers/);
    assert.match(progress, /Streak: 1 day/);
    assert.match(progress, /Send \/drill/);
  });

  test('/drill offers the weak spots and starts them as an interview of the profile', async () => {
    const drill = await send('/drill');
    const text = texts(drill);
    assert.match(text, /Drill: your weak spots\n\d questions, about \d+ minutes, without follow-ups\./, text);
    assert.match(text, /\(for: .+\)/);
    assert.ok(drill.interview_id && !interviews.includes(drill.interview_id), 'a new interview started');
    assert.equal(drill.messages.at(-1).kind, 'prompt');
    interviews.push(drill.interview_id);
    const refused = texts(await send('/drill'));
    assert.match(refused, /An interview is already running here/);
    await send('/end');
  });

  test('another chat user with no history has nothing to drill, and a fresh chat user has no progress', async () => {
    assert.match(texts(await send('/progress', 'chat-user-2')), /No scored answer yet/);
    assert.match(texts(await send('/drill', 'chat-user-2')), /Nothing to drill yet/);
  });

  test('/link with a wrong code is refused and changes nothing; the web code moves the chat interviews', async () => {
    const web = await http(server.base, '/api/v1/profiles', { method: 'POST' });
    assert.equal(web.status, 201, web.text);
    assert.match(texts(await send('/link')), /Send \/link followed by the recovery code/);
    assert.match(texts(await send('/link not-a-code')), /a recovery code is 16 letters and digits/);
    const wrong = texts(await send('/link 0000-0000-0000-0000'));
    assert.match(wrong, /That code did not link\nno practice profile has this recovery code.*Nothing was changed/);
    const before = await http(server.base, '/api/v1/profiles/me/progress', { token: web.json.secret });
    assert.equal(before.status, 200, before.text);
    assert.equal(before.json.interviews.length, 0);
    assert.match(texts(await send('/progress')), /4 interviews/);

    const linked = texts(await send(`/link ${web.json.recovery_code.toLowerCase()}`));
    assert.match(linked, /Linked\n.*\n4 earlier interviews from this chat moved to that profile\./, linked);
    const after = await http(server.base, '/api/v1/profiles/me/progress', { token: web.json.secret });
    assert.equal(after.status, 200, after.text);
    assert.deepEqual(after.json.interviews.map((entry) => entry.interview_id), interviews);
    assert.match(texts(await send('/progress')), /4 interviews/);
    server.web = web.json;
  });

  test('/profile shows a recovery code once that takes the chat profile to the web', async () => {
    const shown = texts(await send('/profile', 'chat-user-3'));
    const code = shown.match(/Recovery code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/)?.[1];
    assert.ok(code, shown);
    const recovered = await http(server.base, '/api/v1/profiles/recover', { method: 'POST', body: { recovery_code: code } });
    assert.equal(recovered.status, 200, recovered.text);
    const again = texts(await send('/profile', 'chat-user-3'));
    assert.notEqual(again.match(/Recovery code: (\S+)/)[1], code, 'a new code each time');
    const old = await http(server.base, '/api/v1/profiles/recover', { method: 'POST', body: { recovery_code: code } });
    assert.equal(old.status, 401, 'the earlier code stops working');
  });

  test('deleting the linked profile erases the chat interviews, their answers and their outbox rows', async () => {
    await waitFor(() => outbox().some((row) => row.payload_json?.includes(interviews[0]) || JSON.stringify(row).includes(interviews[0])),
      { what: 'the first interview\'s replies delivered' });
    assert.ok(fileHas(ERASE_MARKER), 'the marked answer is stored before the deletion');
    const deleted = await http(server.base, '/api/v1/profiles/me', { method: 'DELETE', token: server.web.secret });
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.json.deleted.interviews, 4);
    assert.ok(!fileHas(ERASE_MARKER), 'no byte of the answer is left in the database file or its WAL');
    const left = JSON.stringify(outbox());
    for (const id of interviews) assert.ok(!left.includes(id), `an outbox row of ${id} is left`);
    // The chat user starts afresh: a new profile, no history.
    assert.match(texts(await send('/progress')), /No scored answer yet/);
  });
});

describe('practice profiles on Telegram', () => {
  test('a Telegram user linked to a web profile practises; the web progress and /progress in chat show it', async () => {
    const temp = tempDir();
    const telegram = await FakeChatApi.start();
    const env = { MI_TELEGRAM_SECRET_TOKEN: 'telegram-secret-for-profiles', MI_TELEGRAM_BOT_TOKEN: '42:profiles-bot',
      MI_TELEGRAM_API_URL: telegram.base };
    const server = await startServer({ db: temp.db, env,
      args: ['--chat-messages-per-conversation-per-second', '50', '--chat-messages-per-second', '500'] });
    const chat = 88001;
    const sent = () => telegram.delivered().filter((entry) => entry.json.chat_id === String(chat)).map((entry) => entry.json.text);
    const send = async (text) => {
      const before = sent().length;
      const response = await post(server.base, '/api/v1/webhooks/telegram', JSON.stringify(telegramText(chat, text)),
        { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': env.MI_TELEGRAM_SECRET_TOKEN });
      assert.equal(response.status, 200, response.text);
      await telegram.until(() => sent().length > before, `a reply to ${text.slice(0, 20)}`);
      // The replies of one message are queued together; wait until the last one is there.
      await telegram.until(() => /Question \d|Follow\\?-up|Interview report|Since your previous|Linked|progress/i.test(sent().at(-1)),
        `the last reply to ${text.slice(0, 20)}`);
    };
    try {
      const web = await http(server.base, '/api/v1/profiles', { method: 'POST' });
      assert.equal(web.status, 201, web.text);
      await send(`/link ${web.json.recovery_code}`);
      assert.match(sent().at(-1), /Linked/);
      await send('/start hr junior');
      for (let answers = 0; answers < 12 && !sent().some((text) => /Interview report/.test(text)); answers += 1) {
        await send(WEAK_ANSWER);
      }
      assert.ok(sent().some((text) => /Interview report/.test(text)), 'the interview reached its report');
      const progress = await http(server.base, '/api/v1/profiles/me/progress', { token: web.json.secret });
      assert.equal(progress.status, 200, progress.text);
      assert.equal(progress.json.interviews.length, 1);
      assert.equal(progress.json.interviews[0].status, 'finished');
      await send('/progress');
      const reply = sent().at(-1);
      // MarkdownV2: the title bold, the parentheses escaped.
      assert.match(reply, /\*Your progress\*\n1 interview \\\(1 finished\\\)/, reply);
      assert.match(reply, /Key points missed most/);
    } finally {
      await server.stop();
      await telegram.stop();
      temp.cleanup();
    }
  });
});
