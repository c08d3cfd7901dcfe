// Evidence spans from the scorer are [begin, end) BYTE offsets into the UTF-8 answer. JavaScript
// strings index UTF-16 code units, so every span is converted before it touches the text:
// "café" is 5 bytes but 4 code units, "😀" is 4 bytes but 2 code units.
// Pure functions, no DOM: the unit tests run them in plain Node.

const encoder = new TextEncoder();

/**
 * Returns an array `offsets` where offsets[i] is the UTF-8 byte offset of UTF-16 index i
 * (length text.length + 1; the last entry is the total byte length). Indices inside a surrogate
 * pair get the offset of the pair's start.
 */
export function utf8OffsetsByIndex(text) {
  const offsets = new Array(text.length + 1);
  let bytes = 0;
  let index = 0;
  for (const char of text) {            // iterates code points
    const units = char.length;          // 1 or 2 UTF-16 code units
    for (let k = 0; k < units; k += 1) offsets[index + k] = bytes;
    bytes += encoder.encode(char).length;
    index += units;
  }
  offsets[index] = bytes;
  return offsets;
}

/**
 * Converts a byte span to a UTF-16 [start, end) range of `text`. A boundary that falls inside a
 * character is widened to the whole character; a span past the end is clamped. Returns null for
 * an empty or inverted span.
 */
export function byteSpanToRange(text, beginByte, endByte, offsets = utf8OffsetsByIndex(text)) {
  const total = offsets[offsets.length - 1];
  const begin = Math.max(0, Math.min(Number(beginByte), total));
  const end = Math.max(0, Math.min(Number(endByte), total));
  if (!(end > begin)) return null;
  let start = 0;
  while (start < text.length && offsets[start + 1] <= begin) start += 1;
  if (start < text.length && isLowSurrogateIndex(text, start)) start -= 1;
  let stop = start;
  while (stop < text.length && offsets[stop] < end) stop += 1;
  if (stop < text.length && isLowSurrogateIndex(text, stop)) stop += 1;
  return { start, end: stop };
}

function isLowSurrogateIndex(text, index) {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * Splits `text` into consecutive segments for highlighting. `marks` are
 * { begin, end, label } in BYTES. Overlapping marks merge into one highlighted segment whose
 * labels are the distinct labels of every mark in it.
 * Returns [{ text, labels: [] }, ...]; segments with no labels are plain text. The segments'
 * texts concatenate back to `text` exactly.
 */
export function highlightSegments(text, marks) {
  const offsets = utf8OffsetsByIndex(text);
  const ranges = [];
  for (const mark of marks) {
    const range = byteSpanToRange(text, mark.begin, mark.end, offsets);
    if (range) ranges.push({ ...range, label: mark.label });
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);

  const merged = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start < last.end) {
      last.end = Math.max(last.end, range.end);
      if (range.label && !last.labels.includes(range.label)) last.labels.push(range.label);
    } else {
      merged.push({ start: range.start, end: range.end, labels: range.label ? [range.label] : [] });
    }
  }

  const segments = [];
  let cursor = 0;
  for (const range of merged) {
    if (range.start > cursor) segments.push({ text: text.slice(cursor, range.start), labels: [] });
    segments.push({ text: text.slice(range.start, range.end), labels: range.labels, highlighted: true });
    cursor = range.end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), labels: [] });
  return segments;
}
