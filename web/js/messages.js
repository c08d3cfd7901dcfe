// Server error codes turned into words for the candidate. Unknown codes fall back to the
// server's own message (already a sentence) or a general one; raw JSON is never shown.

const BY_CODE = {
  unauthorized: 'This interview could not be opened with the key saved in this browser.',
  forbidden: 'This interview could not be opened with the key saved in this browser.',
  not_found: 'That interview no longer exists on the server.',
  interview_not_found: 'That interview no longer exists on the server.',
  interview_finished: 'This interview has already finished.',
  rate_limited: 'You are sending messages faster than the server accepts. Wait a moment and try again.',
  answer_too_long: 'That answer is longer than the server accepts. Please shorten it and send it again.',
  message_too_large: 'That message is larger than the server accepts. Please shorten it and send it again.',
  superseded: 'This interview was opened in another tab or window, so this page stopped following it.',
  message_refused: 'The interviewer could not take that message right now.',
  invalid_plan: 'The server could not start an interview with those choices.',
  role_not_found: 'That role is not offered by this server.',
  role_unavailable: 'That role is not available on this server right now.',
  not_joined: 'The page is still connecting to the interview. Please try again in a moment.',
  slow_consumer: 'The connection was too slow to keep up; the page reconnects by itself.',
  unknown_command: 'The server did not recognise that command.',
  invalid_utf8: 'That message contains characters the server could not read.',
  taken_over: 'This interview was opened in another tab or window, so this page stopped following it.',
  server_busy: 'The server is busy right now. Please try again in a minute.',
  internal: 'Something went wrong on the server. Your interview is saved; please try again.',
};

const BY_STATUS = {
  400: 'The server could not accept that request.',
  401: BY_CODE.unauthorized,
  403: BY_CODE.forbidden,
  404: BY_CODE.not_found,
  413: BY_CODE.message_too_large,
  429: BY_CODE.rate_limited,
  503: BY_CODE.server_busy,
};

function isSentence(text) {
  return typeof text === 'string' && text.trim() !== '' && !/^[\[{]/.test(text.trim());
}

export function describeServerError(code, message, status = 0) {
  if (code && BY_CODE[code]) {
    // The server's message often names the exact problem (which field, which limit); keep it.
    return isSentence(message) && !BY_CODE[code].includes(message) ? `${BY_CODE[code]} (${message})` : BY_CODE[code];
  }
  if (isSentence(message)) return sentence(message);
  if (BY_STATUS[status]) return BY_STATUS[status];
  if (status >= 500) return BY_CODE.internal;
  return 'Something went wrong. Please try again.';
}

function sentence(text) {
  const trimmed = text.trim();
  const capitalised = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
