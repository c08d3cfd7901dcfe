// The transcript as files the candidate keeps: Markdown to read, JSON for tools. Built from the
// events the page has seen (the full log after a join), so both match the conversation exactly.

export const TRANSCRIPT_FORMAT = 'mock-interviewer-transcript';

export function transcriptJson({ interviewId, events, exportedAt = new Date() }) {
  const report = events.find((event) => event.type === 'report');
  return JSON.stringify({
    format: TRANSCRIPT_FORMAT,
    version: 1,
    interview_id: interviewId,
    exported_at: exportedAt.toISOString(),
    events,
    report: report?.report ?? null,
  }, null, 2);
}

/** Quotes a candidate's text so Markdown keeps its lines and does not interpret it. */
function quote(text) {
  return text.split('\n').map((line) => `> ${escapeMarkdown(line)}`).join('\n');
}

function escapeMarkdown(text) {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** A labelled block (a task's material, a check's exhibit): code fenced with its language. */
function blockLines(block) {
  const fence = '`'.repeat(3);
  return [`${block.label}:`, '', ...(block.language ? [`${fence}${block.language}`, block.text, fence] : [block.text]), ''];
}

export function transcriptMarkdown({ interviewId, events, exportedAt = new Date() }) {
  const lines = [];
  const started = events.find((event) => event.type === 'interview_started');
  lines.push(`# Mock interview transcript${started?.role_title ? `: ${started.role_title}` : ''}`, '');
  lines.push(`Interview ${interviewId}, exported ${exportedAt.toISOString()}.`, '');
  let speaker = 'Interviewer';
  const feedback = new Map();       // item id -> { covered: [], missing: [], flags: [], star: [] }

  const flushFeedback = (itemId) => {
    const items = feedback.get(itemId);
    if (!items) return;
    if (items.covered.length) lines.push(`- Covered: ${items.covered.join('; ')}`);
    if (items.missing.length) lines.push(`- Not covered: ${items.missing.join('; ')}`);
    if (items.star.length) lines.push(`- STAR: ${items.star.join(', ')}`);
    if (items.flags.length) lines.push(`- Red flags: ${items.flags.join('; ')}`);
    feedback.delete(itemId);
  };

  for (const event of events) {
    switch (event.type) {
      case 'interview_started':
        if (event.greeting) lines.push(`**Interviewer:** ${event.greeting}`, '');
        break;
      case 'stage_started':
        speaker = event.participants?.length ? event.participants.join(' and ') : 'Interviewer';
        lines.push(`## ${event.stage_name}`, '');
        if (event.participants?.length) lines.push(`*With ${event.participants.join(', ')}. Focus: ${event.focus_areas}.*`, '');
        if (event.introduction) lines.push(`**${speaker}:** ${event.introduction}`, '');
        break;
      case 'question_asked':
        lines.push(`### ${event.kind === 'task' ? 'Practical task' : `Question ${event.question_index + 1}`}`, '');
        lines.push(`**${speaker}:** ${event.text}`, '');
        if (event.task) {
          lines.push(`**${event.task.name}** (${event.task.duration}): ${event.task.summary}`, '');
          for (const section of event.task.sections ?? []) {
            lines.push(`${section.title ?? section.name}:`);   // the guide's heading, from the server
            for (const item of section.items) lines.push(`- ${item}`);
            lines.push('');
          }
          const material = event.task.material;
          if (material) {
            lines.push(`**${material.title}**`, '');
            for (const block of material.blocks ?? []) lines.push(...blockLines(block));
          }
        }
        break;
      case 'answer_received':
        lines.push('**You:**', quote(event.text), '');
        break;
      case 'task_checked':
        lines.push(`*Checked by running it:* ${event.summary}`, '');
        for (const finding of event.findings ?? []) lines.push(`- ${finding.positive ? '✓' : '✗'} ${finding.text}`);
        lines.push('');
        for (const block of event.exhibits ?? []) lines.push(...blockLines(block));
        break;
      case 'feedback': {
        if (!feedback.has(event.item_id)) feedback.set(event.item_id, { covered: [], missing: [], flags: [], star: [] });
        const items = feedback.get(event.item_id);
        if (event.kind === 'check') break;     // listed with task_checked
        if (event.kind === 'coverage') (event.positive ? items.covered : items.missing).push(event.detail ? `${event.text} (checked: ${event.detail})` : event.text);
        else if (event.kind === 'star') items.star.push(`${event.subject_id} ${event.positive ? 'present' : 'missing'}`);
        else if (event.kind === 'red_flag') items.flags.push(event.detail ? `${event.text} (${event.detail})` : event.text);
        else if (event.kind === 'gate') items.flags.push(event.detail || event.text);
        break;
      }
      case 'answer_scored':
        lines.push(`*Feedback, score ${event.score} / 100:*`);
        flushFeedback(event.item_id);
        if (event.feedback?.tip) lines.push(`- Tip: ${event.feedback.tip}`);
        lines.push('');
        break;
      case 'follow_up':
        lines.push(`**${speaker} (follow-up):** ${event.text}`, '');
        break;
      case 'command':
        lines.push(`*You asked for: ${event.name}.*`, '');
        if (event.response) lines.push(`**${speaker}:** ${event.response}`, '');
        break;
      case 'stage_completed':
        if (event.text) lines.push(`*${event.text}*`, '');
        break;
      case 'report':
        if (event.markdown) lines.push('---', '', event.markdown.trim(), '');
        break;
      default:
        break;
    }
  }
  return `${lines.join('\n').trim()}\n`;
}

/** Offers `content` as a file download without a round trip to the server. */
export function downloadFile(filename, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
