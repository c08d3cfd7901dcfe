// Unit tests of the byte-span conversion used to highlight evidence in the candidate's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteSpanToRange, highlightSegments } from '../../web/js/text-spans.js';

const bytesOf = (text) => new TextEncoder().encode(text).length;

function spanOf(text, word) {
  const index = text.indexOf(word);
  const begin = bytesOf(text.slice(0, index));
  return { begin, end: begin + bytesOf(word) };
}

test('a byte span after multi-byte characters selects the same word', () => {
  const text = 'Я использовал café и Node.js 😀 в проде';
  for (const word of ['Node.js', 'café', 'проде', '😀', 'использовал']) {
    const { begin, end } = spanOf(text, word);
    const range = byteSpanToRange(text, begin, end);
    assert.equal(text.slice(range.start, range.end), word);
  }
});

test('a span boundary inside a character widens to the whole character', () => {
  const text = 'a😀b';
  assert.deepEqual(byteSpanToRange(text, 2, 3), { start: 1, end: 3 });
  assert.deepEqual(byteSpanToRange(text, 1, 5), { start: 1, end: 3 });
});

test('empty, inverted and out-of-range spans are handled without throwing', () => {
  assert.equal(byteSpanToRange('abc', 2, 2), null);
  assert.equal(byteSpanToRange('abc', 3, 1), null);
  assert.deepEqual(byteSpanToRange('abc', 1, 99), { start: 1, end: 3 });
});

test('overlapping marks merge into one highlight carrying both labels', () => {
  const text = 'I used PostgreSQL indexes — 😀 done';
  const a = spanOf(text, 'PostgreSQL');
  const b = spanOf(text, 'PostgreSQL indexes');
  const segments = highlightSegments(text, [
    { ...a, label: 'Databases' },
    { ...b, label: 'Optimisation' },
    { ...spanOf(text, 'done'), label: 'Result' },
  ]);
  assert.equal(segments.map((s) => s.text).join(''), text);
  const marked = segments.filter((s) => s.highlighted);
  assert.deepEqual(marked.map((s) => s.text), ['PostgreSQL indexes', 'done']);
  assert.deepEqual([...marked[0].labels].sort(), ['Databases', 'Optimisation']);
});
