// English for text the candidate reads: a count with its plural, a spoken list. The one copy on
// the web side (the engine's is dialogue/scoring/wording.hpp), so "3 question(s)" cannot come back.

/** "1 answer", "3 answers"; an irregular plural is passed in: countOf(2, 'match', 'matches'). */
export function countOf(count, singular, plural = `${singular}s`) {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** "a", "a and b", "a, b and c". */
export function spokenList(values) {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}
