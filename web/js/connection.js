// The interview WebSocket: joins with the interview id and token, hands every server message to
// `onMessage`, and reconnects by itself with growing pauses when the connection drops, resuming
// after the last event it saw (last_seq). Status changes go to `onStatus` so the page can say so.

export const PROTOCOL_VERSION = 1;

/** Close codes (docs/protocol.md) after which reconnecting by itself would be wrong. */
export const CLOSE = {
  superseded: 4000,     // another tab took the interview: reconnecting would take it back, forever
  idle: 4001,           // closed after a quiet spell: reconnect when the candidate is back
};

/** Pauses between reconnect attempts: 0.5 s, 1 s, 2 s, 4 s, then 8 s at most, with a little jitter. */
export const RECONNECT = { firstDelayMs: 500, maxDelayMs: 8000, jitter: 0.2 };

export class InterviewConnection {
  constructor({ interviewId, token, onMessage, onStatus, url = defaultSocketUrl(), reconnect = RECONNECT }) {
    this.interviewId = interviewId;
    this.token = token;
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.url = url;
    this.reconnect = reconnect;
    this.lastSeq = 0;
    this.attempt = 0;
    this.socket = null;
    this.retryTimer = null;
    this.stopped = false;
    this.joined = false;
    this.idle = false;                  // closed for quiet (4001): waits for resume()
  }

  /** Joins again at once from the last seq seen, to fetch events this connection was not sent. */
  rejoin() {
    if (this.stopped || !this.socket) return;
    const old = this.socket;
    this.socket = null;                 // its close is not a drop: nothing to say, no pause
    this.joined = false;
    old.close(1000, 'rejoin');
    this.open();
  }

  /** The candidate is back (typed, clicked, the page became visible): reconnect if idle-closed. */
  resume() {
    if (!this.idle || this.stopped) return;
    this.idle = false;
    this.attempt = 0;
    this.open();
  }

  start() {
    this.stopped = false;
    this.open();
  }

  /** Stops for good (interview over, taken over elsewhere, or the key was refused). */
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000, 'done');
    this.socket = null;
  }

  /** Sends one message; false when not joined (the caller keeps the text and tells the candidate). */
  send(message) {
    if (!this.joined || !this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, ...message }));
    return true;
  }

  /** Called by the page once the server confirmed the join. */
  markJoined() {
    this.joined = true;
    this.attempt = 0;
    this.onStatus?.({ state: 'online' });
  }

  noteSeq(seq) {
    if (Number.isInteger(seq) && seq > this.lastSeq) this.lastSeq = seq;
  }

  open() {
    this.joined = false;
    this.onStatus?.({ state: this.attempt === 0 ? 'connecting' : 'reconnecting', attempt: this.attempt });
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({
        type: 'join', v: PROTOCOL_VERSION,
        interview_id: this.interviewId, token: this.token, last_seq: this.lastSeq,
      }));
    });
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        this.onMessage?.({ type: 'error', code: 'unreadable', message: 'The server sent a message this page could not read.' });
        return;
      }
      // Only an event moves the resume point: an ack's or turn_complete's seq names events that
      // may not have reached this page (a duplicate's are not sent again).
      if (message?.type === 'event' && Number.isInteger(message.seq)) this.noteSeq(message.seq);
      this.onMessage?.(message);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;      // an older socket we already replaced
      this.socket = null;
      this.joined = false;
      this.lastCloseCode = event.code;
      if (this.stopped) return;
      if (event.code === CLOSE.superseded) {
        this.stopped = true;
        this.onMessage?.({ type: 'superseded' });
        return;
      }
      if (event.code === CLOSE.idle) {
        this.idle = true;
        this.onStatus?.({ state: 'idle', code: event.code });
        return;
      }
      this.onStatus?.({ state: 'dropped', code: event.code });
      if (!this.stopped) this.scheduleRetry();
    });
  }

  scheduleRetry() {
    if (this.stopped) return;
    const base = Math.min(this.reconnect.maxDelayMs, this.reconnect.firstDelayMs * 2 ** this.attempt);
    const delay = Math.round(base * (1 + (Math.random() * 2 - 1) * this.reconnect.jitter));
    this.attempt += 1;
    this.onStatus?.({ state: 'waiting', attempt: this.attempt, delayMs: delay, code: this.lastCloseCode });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }
}

export function defaultSocketUrl(location = globalThis.location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}
