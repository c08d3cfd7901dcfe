// The coach page's pure helpers, in plain Node (no browser): the audit trail's words, the shape of
// a coach token checked before the server is asked, and the field a refusal names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldWords, valueWords, scoreText, percent } from '../../web/js/coach/format.js';
import { looksLikeCoachToken } from '../../web/js/coach/coach-api.js';

test('audit fields and values read as words, with the item\'s label', () => {
  const labels = new Map([['key_point:idem', 'Idempotency'], ['red_flag:no-tests', 'No tests']]);
  assert.equal(fieldWords('score'), 'Score');
  assert.equal(fieldWords('key_point:idem', labels), 'Key point: Idempotency');
  assert.equal(fieldWords('red_flag:no-tests', labels), 'Red flag: No tests');
  assert.equal(fieldWords('star:result'), 'STAR: Result');
  assert.equal(fieldWords('key_point:unknown'), 'Key point: unknown');
  assert.equal(valueWords('key_point:idem', 'not_covered'), 'not covered');
  assert.equal(valueWords('key_point:idem', true), 'covered');
  assert.equal(valueWords('red_flag:x', 'raised'), 'raised');
  assert.equal(valueWords('star:task', 'absent'), 'absent');
  assert.equal(valueWords('score', 72), '72');
  assert.equal(valueWords('score', null), '–');
});

test('scores and rates', () => {
  assert.equal(scoreText(0), '0 / 100');
  assert.equal(scoreText(null), 'no score');
  assert.equal(percent(0.925), '93 %');
  assert.equal(percent(undefined), '–');
});

test('a coach token is mic_ and 43 base64url characters', () => {
  assert.ok(looksLikeCoachToken(`mic_${'aZ0-_'.repeat(8)}abc`));
  assert.ok(!looksLikeCoachToken(`mic_${'a'.repeat(42)}`));
  assert.ok(!looksLikeCoachToken(`mic_${'a'.repeat(44)}`));
  assert.ok(!looksLikeCoachToken(`mic_${'a'.repeat(42)}=`));
  assert.ok(!looksLikeCoachToken(`MIC_${'a'.repeat(43)}`));
  assert.ok(!looksLikeCoachToken(''));
});
