// Words and numbers the coach page shows in more than one view.

export const STATUS_WORDS = { in_progress: 'In progress', finished: 'Finished', abandoned: 'Abandoned' };

export const STAR_WORDS = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' };

export function formatDate(ms) {
  if (!Number.isFinite(ms)) return '';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDay(ms) {
  if (!Number.isFinite(ms)) return '';
  return new Date(ms).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export function scoreText(score) {
  return Number.isFinite(score) ? `${score} / 100` : 'no score';
}

export function percent(rate) {
  return Number.isFinite(rate) ? `${Math.round(rate * 100)} %` : '–';
}

export function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1).replace(/[-_]/g, ' ') : '';
}

/** A list response's items, whether bare or under a key (the start page's lists differ). */
export function itemsOf(payload, key) {
  if (Array.isArray(payload)) return payload;
  return Array.isArray(payload?.[key]) ? payload[key] : [];
}

export const idOf = (item) => (typeof item === 'string' ? item : item.id);
export const nameOf = (item) => (typeof item === 'string' ? capitalise(item) : (item.name ?? item.title ?? capitalise(item.id)));

/** What an audit field means, in words: "Score", "Key point: Idempotency", "STAR: Result". */
export function fieldWords(field, labels = new Map()) {
  if (field === 'score') return 'Score';
  const [kind, id] = String(field).split(/:(.*)/s);
  const label = labels.get(field) ?? id;
  if (kind === 'key_point') return `Key point: ${label}`;
  if (kind === 'red_flag') return `Red flag: ${label}`;
  if (kind === 'star') return `STAR: ${STAR_WORDS[id] ?? label}`;
  return String(field);
}

/** An audited value in words: true/false, "covered", numbers. */
export function valueWords(field, value) {
  const kind = String(field).split(':')[0];
  if (value === null || value === undefined) return '–';
  const yes = value === true || value === 'covered' || value === 'raised' || value === 'present';
  const no = value === false || value === 'not_covered' || value === 'not_raised' || value === 'absent';
  if (kind === 'key_point' && (yes || no)) return yes ? 'covered' : 'not covered';
  if (kind === 'red_flag' && (yes || no)) return yes ? 'raised' : 'not raised';
  if (kind === 'star' && (yes || no)) return yes ? 'present' : 'absent';
  return String(value);
}
