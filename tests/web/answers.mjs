// Answers for the browser tests, written from the role pack itself so they stay right when the
// pack changes: a strong answer uses the guide's good example plus one term of every key point
// (and STAR sentences); a weak answer says nothing specific.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './harness.mjs';

const pack = JSON.parse(readFileSync(path.join(REPO, 'content', 'roles', 'backend-developer.json'), 'utf8'));

const SPECIAL = { '<number>': '3', '<percent>': '30%', '<duration>': 'two weeks' };

/** A phrase that satisfies one coverage item's match rule. */
function phraseFor(item) {
  const { match } = item;
  const words = [];
  if (match.any?.length) words.push(match.any[0]);
  else if (match.cues?.length) words.push(...match.cues.slice(0, match.min_cues ?? 2));
  for (const group of match.all ?? []) words.push(group[0]);
  return words.map((word) => SPECIAL[word] ?? word).join(' ');
}

function coverageOf(question) {
  return question.key_points ?? question.expected_knowledge ?? question.metrics_to_mention ?? [];
}

/** The guide's red flags for a question id ([] when the guide lists none for it). */
export function redFlagsOf(questionId) {
  return pack.questions.find((question) => question.id === questionId)?.red_flags ?? [];
}

export function questionByText(text) {
  return pack.questions.find((question) => text.includes(question.text)) ?? null;
}

export function taskByName(name) {
  return pack.practical_tasks.find((task) => task.name === name) ?? null;
}

/** Multi-byte text put in front of strong answers, so every highlight crosses it. */
export const MULTIBYTE_PREFIX = 'Привет — café 😀. ';

export function strongAnswer(questionText) {
  const question = questionByText(questionText);
  if (!question) {
    return `${MULTIBYTE_PREFIX}In my previous role at an e-commerce company I built REST APIs in Node.js with PostgreSQL and Redis, `
      + 'tested them with unit tests, and we reduced latency by 30% in two weeks working with my team.';
  }
  const points = coverageOf(question).map((item) => `I made sure of ${phraseFor(item)}.`).join(' ');
  const star = question.star
    ? ' The situation was a slow checkout at my previous company. My task was to fix it within two weeks. '
      + 'I profiled the queries and added an index, then tested it with my teammates. As a result, latency dropped by 30%.'
    : ' For example, at my previous job I did this with my team and we tested it, reducing errors by 30%.';
  return `${MULTIBYTE_PREFIX}${question.good_answer_example ?? ''} ${points}${star}`.replace(/\s+/g, ' ').trim();
}

export function strongSubmission(taskName) {
  const task = taskByName(taskName);
  const sections = ['requirements', 'scenario_elements', 'deliverables', 'areas_to_analyze', 'evaluation_criteria'];
  const lines = [`# ${taskName}`, ''];
  for (const name of sections) {
    for (const item of task?.[name] ?? []) lines.push(`- ${item.text}: ${phraseFor(item)}, tested with unit tests.`);
  }
  lines.push('', 'I documented every endpoint, validated input, handled errors with clear status codes and wrote tests.');
  return lines.join('\n');
}

export const WEAK_ANSWER = "I don't know really. I just restart the server when something breaks.";
export const WEAK_SUBMISSION = 'It works on my machine.';
