// The interviewer's feedback on one answer, built up item by item as frames arrive, and the
// candidate's own answer with the words that matched key points highlighted and labelled.
// Every state is said in words and icons, never by colour alone.

import { el, clear } from './dom.js';
import { highlightSegments } from './text-spans.js';
import { checkExhibits } from './check-view.js';

const STAR_PARTS = ['situation', 'task', 'action', 'result'];
const MAX_QUOTES = 4;
const STAR_NAMES = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' };
/** The label of a measurable result's highlight, and the start of a concern's (a risky practice, a wrong statement). */
export const METRIC_LABEL = 'A measurable result';
export const CONCERN_PREFIX = 'Concern: ';

/** The kind of a highlight from its labels: a concern wins, then a key point; a metric alone is a metric. */
function markKind(labels) {
  if (labels.some((label) => label.startsWith(CONCERN_PREFIX))) return 'concern';
  if (labels.length && labels.every((label) => label === METRIC_LABEL)) return 'metric';
  return 'point';
}
const MARK_TITLES = { point: 'Matches', metric: 'Counts as', concern: 'Counts against you' };

/**
 * Renders `text` into `container` with every mark ({ begin, end, label }, byte offsets into the
 * UTF-8 text) highlighted — one <mark> per evidence span, overlapping spans merged — and into
 * `legendSlot` one entry per key point with the words that matched it. Each is replaced in one
 * DOM change, so the live region announces the answer at most once more, not once per key point.
 */
export function renderHighlightedAnswer(container, legendSlot, text, marks) {
  const segments = highlightSegments(text, marks);
  const answer = document.createDocumentFragment();
  const wordsByPoint = new Map();
  for (const segment of segments) {
    if (!segment.highlighted) {
      answer.append(segment.text);
      continue;
    }
    const label = segment.labels.join(' · ');
    const kind = markKind(segment.labels);
    answer.append(el('mark', { class: `evidence evidence-${kind}`, title: label ? `${MARK_TITLES[kind]}: ${label}` : undefined }, segment.text));
    for (const point of segment.labels) {
      if (!wordsByPoint.has(point)) wordsByPoint.set(point, []);
      const words = wordsByPoint.get(point);
      if (!words.some((word) => word.toLowerCase() === segment.text.toLowerCase())) words.push(segment.text);
    }
  }
  container.replaceChildren(answer);
  legendSlot.replaceChildren(...(wordsByPoint.size ? [el('ul', { class: 'evidence-legend', 'aria-label': 'Highlighted words and the key points they match' },
    [...wordsByPoint].map(([point, words]) => el('li', {},
      el('span', { class: `legend-swatch legend-${markKind([point])}`, 'aria-hidden': 'true' }),
      el('strong', { text: point }),
      ` — ${words.slice(0, MAX_QUOTES).map((word) => `“${word}”`).join(', ')}`)))] : []));
}

/**
 * The score as a sum a person can check: the parts earned, minus every deduction listed above
 * (all of them, not the part that fitted), equals the score; a score stops at 0, and says so.
 */
function scoreSum(breakdown) {
  const listed = (breakdown.penalty_items ?? []).reduce((sum, item) => sum + item.points, 0);
  const deducted = Math.max(listed, breakdown.penalties ?? 0);
  const earned = breakdown.coverage + breakdown.structure + breakdown.specificity;
  const parts = `Coverage ${breakdown.coverage} + structure ${breakdown.structure} + specifics ${breakdown.specificity}`;
  if (!deducted) return `${parts} = ${breakdown.total}`;
  const floor = earned - deducted < breakdown.total ? ' (a score does not go below 0)' : '';
  return `${parts} − deductions ${deducted} = ${breakdown.total}${floor}`;
}

/** "gate: too_short" → "Capped: too short"; other reasons are sentences already. */
function describePenalty(reason = '') {
  const gate = /^gate: (.*)$/.exec(reason);
  return gate ? `Score capped: ${gate[1].replace(/_/g, ' ')}` : reason.replace(/^(\w)/, (first) => first.toUpperCase());
}

/** Byte spans of one evidence entry, whatever the JSON spelling: {span:{begin,end}} or {begin,end} or [b,e]. */
export function spanOf(evidence) {
  const span = evidence?.span ?? evidence;
  if (Array.isArray(span) && span.length === 2) return { begin: span[0], end: span[1] };
  if (span && Number.isFinite(span.begin) && Number.isFinite(span.end)) return { begin: span.begin, end: span.end };
  return null;
}

/**
 * A feedback card. Sections appear in a fixed order as their first item arrives, so a card
 * that streams in reads the same as one rendered at once.
 */
export function createFeedbackCard({ heading = 'Feedback on your answer' } = {}) {
  const scoreBadge = el('span', { class: 'score-badge', hidden: true });
  // An article, not a section: one per answer, and a page of same-named regions helps nobody.
  const element = el('article', { class: 'feedback', 'aria-label': heading },
    el('h3', {}, el('span', { text: heading }), scoreBadge));
  const sections = {};
  const order = ['check', 'covered', 'missing', 'star', 'flags', 'penalties', 'tip', 'breakdown', 'strong'];
  const titles = {
    check: 'Checked by running it', covered: 'Covered', missing: 'Not yet covered', star: 'STAR structure', flags: 'Red flags',
    penalties: 'Deductions',
  };

  function section(name) {
    if (sections[name]) return sections[name];
    const body = name === 'star' ? el('ul', { class: 'star-parts' }) : el('ul');
    const wrapper = el('div', { class: `feedback-section section-${name}` },
      titles[name] ? el('h4', { text: titles[name] }) : null, body);
    const next = order.slice(order.indexOf(name) + 1).map((n) => sections[n]?.wrapper).find(Boolean);
    element.insertBefore(wrapper, next ?? null);
    sections[name] = { wrapper, body };
    return sections[name];
  }

  return {
    element,

    /**
     * A key point / requirement: covered, with the candidate's own words that showed it
     * (`quotes`, at most a few), or missing.
     */
    addCoverage(result) {
      // Decided by running the submission: the check's reason, not the words that matched.
      const checked = result.checked ? el('span', { class: 'evidence-terms' }, ` — checked: ${result.checked}`) : null;
      if (result.covered) {
        const quotes = (result.quotes ?? []).slice(0, MAX_QUOTES);
        section('covered').body.append(el('li', { class: 'covered' },
          el('span', { class: 'icon', 'aria-hidden': 'true', text: '✓' }),
          el('span', {}, result.text, checked,
            quotes.length ? el('span', { class: 'evidence-terms' }, ` — you said ${quotes.map((q) => `“${q}”`).join(', ')}`) : null),
          el('span', { class: 'status-word', text: 'covered' })));
      } else {
        section('missing').body.append(el('li', { class: 'missing' },
          el('span', { class: 'icon', 'aria-hidden': 'true', text: '○' }),
          el('span', {}, result.text, checked),
          el('span', { class: 'status-word', text: 'missing' })));
      }
    },

    /** What running the submission showed: its summary, then the measured speed-up, the plans or the diagram. */
    setCheck(check) {
      const { wrapper, body } = section('check');
      clear(body);
      wrapper.querySelector('.check-extra')?.remove();
      body.append(el('li', { class: `check-summary ${check.outcome}` }, el('strong', { text: check.summary })));
      const extra = checkExhibits(check, { id: `check-${check.item_id}-${check.seq ?? 0}`, width: element.clientWidth || 700 });
      if (extra.length) wrapper.append(el('div', { class: 'check-extra' }, extra));
    },

    /** One finding of the check, with ✓ or ✗ and the word for it. */
    addFinding(finding) {
      section('check').body.append(el('li', { class: finding.positive ? 'good' : 'bad' },
        el('span', { class: 'icon', 'aria-hidden': 'true', text: finding.positive ? '✓' : '✗' }),
        el('span', { text: finding.text }),
        el('span', { class: 'status-word', text: finding.positive ? 'good' : 'to fix' })));
    },

    addRedFlag(flag) {
      if (flag.raised === false) return;
      section('flags').body.append(el('li', { class: 'flag', dataset: { flag: flag.text } },
        el('span', { class: 'icon', 'aria-hidden': 'true', text: '⚠' }),
        el('span', {}, el('strong', { text: flag.text }), flag.reason ? ` — ${flag.reason}` : '', el('span', { class: 'points' })),
        el('span', { class: 'status-word', text: 'red flag' })));
    },

    /** One STAR part of a behavioural answer, named with "present" or "missing". */
    addStarPart(part, present) {
      const { body } = section('star');
      const name = STAR_NAMES[part] ?? part;
      const existing = body.querySelector(`[data-part="${CSS.escape(part)}"]`);
      const item = el('li', { class: present ? 'present' : 'absent', dataset: { part } },
        el('span', { 'aria-hidden': 'true', text: present ? '✓ ' : '– ' }),
        `${name}: ${present ? 'present' : 'missing'}`);
      if (existing) existing.replaceWith(item);
      else {
        const after = [...body.children].find((li) => STAR_PARTS.indexOf(li.dataset.part) > STAR_PARTS.indexOf(part));
        body.insertBefore(item, after ?? null);
      }
    },

    /**
     * A deduction from the score. One raised as a red flag (or a task's common mistake) is shown
     * on that flag's line; any other (a cap for a too-short or off-topic answer) under Deductions.
     */
    addPenalty(penalty) {
      const points = ` (−${penalty.points} ${penalty.points === 1 ? 'point' : 'points'})`;
      const flagText = /^(red flag|common mistake): (.*)$/.exec(penalty.reason ?? '')?.[2];
      const flag = flagText && [...element.querySelectorAll('.section-flags li')].find((li) => li.dataset.flag === flagText);
      if (flag) {
        flag.querySelector('.points').textContent = points;
        return;
      }
      section('penalties').body.append(el('li', { class: 'flag' },
        el('span', { class: 'icon', 'aria-hidden': 'true', text: '−' }),
        el('span', { text: `${describePenalty(penalty.reason)}${points}` })));
    },

    setTip(text) {
      if (!text) return;
      const { body } = section('tip');
      clear(body);
      body.append(el('li', { class: 'tip' }, el('strong', { text: 'Tip: ' }), text));
    },

    setScore(score, breakdown) {
      scoreBadge.hidden = false;
      scoreBadge.textContent = `Score ${score} / 100`;
      if (breakdown) {
        const { body } = section('breakdown');
        clear(body);
        body.append(el('li', { class: 'breakdown' }, scoreSum(breakdown)));
      }
    },

    /** The guide's whole good answer, once the question is done: to compare, never cut short. */
    setStrongAnswer(text) {
      if (!text) return;
      const { body } = section('strong');
      clear(body);
      body.append(el('li', { class: 'strong-answer' },
        el('details', {},
          el('summary', { text: 'A strong answer, from the interview guide' }),
          el('p', { text }))));
    },

    setGateReason(text) {
      if (!text) return;
      section('missing').body.prepend(el('li', { class: 'flag' },
        el('span', { class: 'icon', 'aria-hidden': 'true', text: '!' }), el('span', { text })));
    },
  };
}
