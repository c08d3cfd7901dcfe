// The interviewer's feedback on one answer, built up item by item as frames arrive, and the
// candidate's own answer with the words that matched key points highlighted and labelled.
// Every state is said in words and icons, never by colour alone.

import { el, clear, srOnly } from './dom.js';
import { highlightSegments } from './text-spans.js';

const STAR_PARTS = ['situation', 'task', 'action', 'result'];
const MAX_QUOTES = 4;
const STAR_NAMES = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' };

/**
 * Renders `text` into `container` with every mark ({ begin, end, label }, byte offsets into the
 * UTF-8 text) highlighted and followed by its key point's name.
 */
export function renderHighlightedAnswer(container, text, marks) {
  clear(container);
  for (const segment of highlightSegments(text, marks)) {
    if (!segment.highlighted) {
      container.append(segment.text);
      continue;
    }
    const label = segment.labels.join(' · ');
    container.append(
      el('mark', { class: 'evidence', title: label ? `Matches: ${label}` : undefined }, segment.text),
      label ? el('span', { class: 'evidence-label' }, srOnly('(matches key point: '), label, srOnly(')')) : null,
    );
  }
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
  const element = el('section', { class: 'feedback', 'aria-label': heading },
    el('h3', {}, el('span', { text: heading }), scoreBadge));
  const sections = {};
  const order = ['covered', 'missing', 'star', 'flags', 'penalties', 'tip', 'breakdown'];
  const titles = {
    covered: 'Covered', missing: 'Not yet covered', star: 'STAR structure', flags: 'Red flags',
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
      if (result.covered) {
        const quotes = (result.quotes ?? []).slice(0, MAX_QUOTES);
        section('covered').body.append(el('li', { class: 'covered' },
          el('span', { class: 'icon', 'aria-hidden': 'true', text: '✓' }),
          el('span', {}, result.text,
            quotes.length ? el('span', { class: 'evidence-terms' }, ` — you said ${quotes.map((q) => `“${q}”`).join(', ')}`) : null),
          el('span', { class: 'status-word', text: 'covered' })));
      } else {
        section('missing').body.append(el('li', { class: 'missing' },
          el('span', { class: 'icon', 'aria-hidden': 'true', text: '○' }),
          el('span', { text: result.text }),
          el('span', { class: 'status-word', text: 'missing' })));
      }
    },

    addRedFlag(flag) {
      if (flag.raised === false) return;
      section('flags').body.append(el('li', { class: 'flag' },
        el('span', { class: 'icon', 'aria-hidden': 'true', text: '⚠' }),
        el('span', {}, el('strong', { text: flag.text }), flag.reason ? ` — ${flag.reason}` : ''),
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

    addPenalty(penalty) {
      section('penalties').body.append(el('li', { class: 'flag' },
        el('span', { class: 'icon', 'aria-hidden': 'true', text: '−' }),
        el('span', { text: `${penalty.reason} (−${penalty.points})` })));
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
        body.append(el('li', { class: 'breakdown' },
          `Coverage ${breakdown.coverage} + structure ${breakdown.structure} + specifics ${breakdown.specificity}`
          + (breakdown.penalties ? ` − deductions ${breakdown.penalties}` : '') + ` = ${breakdown.total}`));
      }
    },

    setGateReason(text) {
      if (!text) return;
      section('missing').body.prepend(el('li', { class: 'flag' },
        el('span', { class: 'icon', 'aria-hidden': 'true', text: '!' }), el('span', { text })));
    },
  };
}
