// Server error codes and WebSocket close codes turned into words for the candidate. Only these
// sentences are shown: the server's own message text is for logs and tools (it can say things
// like "5.000000 per second"), never for the page. Raw JSON is never shown either.
//
// BY_CODE has exactly the codes the server sends (docs/protocol.md, "Errors"); a C++ test parses
// this table (one `  code: 'text',` per line) and compares it with the server's list.

const BY_CODE = {
  malformed_json: 'The page sent a message the server could not read. Please reload the page.',
  missing_field: 'The page sent an incomplete message. Please reload the page.',
  wrong_type: 'The page sent a message the server could not read. Please reload the page.',
  unknown_type: 'The page sent a message the server does not know. Please reload the page.',
  unsupported_version: 'This page is older than the server. Please reload it to get the current version.',
  unknown_command: 'The server did not recognise that command.',
  invalid_utf8: 'That message contains characters the server could not read.',
  answer_too_long: 'That answer is longer than the server accepts. Please shorten it and send it again.',
  rate_limited: 'Messages went out faster than the server accepts. Wait a moment and send again.',
  not_joined: 'The page is still connecting to the interview. Please try again in a moment.',
  already_joined: 'The page joined the interview twice. Please reload the page.',
  interview_not_found: 'That interview no longer exists on the server.',
  unauthorized: 'This interview could not be opened with the key saved in this browser.',
  interview_finished: 'This interview has already finished.',
  superseded: 'This interview was opened in another tab or window, so this page stopped following it.',
  message_refused: 'The interviewer could not take that message right now.',
  interview_unavailable: 'The server could not restore this interview after a failed save. Please reload the page.',
  invalid_plan: 'The server could not start an interview with those choices.',
  missing_parameter: 'The page asked the server an incomplete question. Please reload the page.',
  role_not_found: 'That role is not offered by this server.',
  role_unavailable: 'That role is not available on this server right now.',
  not_found: 'The server does not have what the page asked for.',
  method_not_allowed: 'The server refused the way the page asked. Please reload the page.',
  body_too_large: 'That is larger than the server accepts. Please shorten it and try again.',
  headers_too_large: 'The request was larger than the server accepts. Please reload the page.',
  bad_request: 'The server could not accept that request.',
  bad_handshake: 'The connection to the interview could not be opened. The page tries again by itself.',
  upgrade_required: 'The connection to the interview could not be opened. The page tries again by itself.',
  origin_not_allowed: 'This server does not accept interviews from this address.',
  server_busy: 'The server is busy right now. Please try again in a minute.',
  too_many_connections: 'Too many connections are open to the server. Close other tabs of this interview, or try again in a minute.',
  internal: 'Something went wrong on the server. Your interview is saved; please try again.',
  nothing_to_run: 'There is nothing to run right now: Run works while a practical task is open.',
  run_failed: 'Your code did not run; the output below says where and why.',
  invalid_parameter: 'The server could not use one of the values given; the message names which.',
  invite_not_found: 'This invite link is not known. Please check it with your coach.',
  invite_expired: 'This invite link has expired. Please ask your coach for a new one.',
};

/** WebSocket close codes (docs/protocol.md, "Close codes"): what the candidate is told. */
const BY_CLOSE_CODE = {
  1001: 'The server is restarting.',
  1002: 'The connection broke off.',
  1007: 'The server could not read a message from this page.',
  1008: 'The server closed the connection after too many messages at once.',
  1009: 'That message was larger than the server accepts.',
  1011: 'Something went wrong on the server.',
  4000: BY_CODE.superseded,
  4001: 'The connection was closed after a long quiet spell.',
};

const BY_STATUS = {
  400: BY_CODE.bad_request,
  401: BY_CODE.unauthorized,
  403: BY_CODE.origin_not_allowed,
  404: BY_CODE.not_found,
  413: BY_CODE.body_too_large,
  429: BY_CODE.rate_limited,
  503: BY_CODE.server_busy,
};

/** The sentence for a server error: by its code, else by the HTTP status, else a general one. */
export function describeServerError(code, _message, status = 0) {
  if (code && Object.hasOwn(BY_CODE, code)) return BY_CODE[code];
  if (BY_STATUS[status]) return BY_STATUS[status];
  if (status >= 500) return BY_CODE.internal;
  return 'Something went wrong. Please try again.';
}

/** Why a connection closed, in words, or null for a close that needs no explanation. */
export function describeClose(code) {
  return BY_CLOSE_CODE[code] ?? null;
}

export const ERROR_CODES = Object.keys(BY_CODE);
