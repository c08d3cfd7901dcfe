// A TCP client that speaks HTTP and WebSocket by hand, byte by byte, to send what no polite
// library sends: frame headers announcing terabytes, messages trickled a byte at a time, headers
// that never end. It records everything the server sends back and when the socket ends.
import net from 'node:net';
import { randomBytes } from 'node:crypto';

export class RawSocket {
  static open(port) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawSocket(socket)));
      socket.once('error', reject);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.received = Buffer.alloc(0);
    this.listeners = [];
    this.ended = new Promise((resolve) => {
      socket.on('close', () => { this.isClosed = true; this.notify(); resolve(); });
    });
    socket.on('error', () => { /* the close event follows */ });
    socket.on('data', (chunk) => { this.received = Buffer.concat([this.received, chunk]); this.notify(); });
  }

  notify() { for (const listener of this.listeners.splice(0)) listener(); }

  /** Resolves once `predicate(received)` holds, or rejects when the socket closes first. */
  until(predicate, what = 'the expected bytes') {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate(this.received)) return resolve(this.received);
        if (this.isClosed) return reject(new Error(`socket closed before ${what}; got ${JSON.stringify(this.received.toString('latin1').slice(0, 300))}`));
        this.listeners.push(check);
      };
      check();
    });
  }

  write(bytes) {
    if (!this.isClosed) this.socket.write(bytes);
  }

  /** The upgrade handshake; resolves once the 101 response's headers arrived. */
  async upgrade() {
    const key = randomBytes(16).toString('base64');
    this.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
               `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    await this.until((bytes) => bytes.includes('\r\n\r\n'), 'the upgrade response');
    const head = this.received.toString('latin1');
    if (!head.startsWith('HTTP/1.1 101')) throw new Error(`upgrade refused: ${head.split('\r\n')[0]}`);
    this.received = this.received.subarray(this.received.indexOf('\r\n\r\n') + 4);
  }

  /** The header of a masked text frame announcing `length` payload bytes (the mask is zero). */
  static frameHeader(length, { opcode = 0x1, fin = true } = {}) {
    const first = (fin ? 0x80 : 0) | opcode;
    if (length < 126) return Buffer.from([first, 0x80 | length, 0, 0, 0, 0]);
    if (length < 65536) return Buffer.from([first, 0x80 | 126, length >> 8, length & 0xff, 0, 0, 0, 0]);
    const header = Buffer.alloc(14);
    header[0] = first;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
    return header;    // mask key: bytes 10-13, zero
  }

  /** A whole masked text frame (zero mask: the payload goes as it is). */
  static textFrame(text) {
    const payload = Buffer.from(text);
    return Buffer.concat([RawSocket.frameHeader(payload.length), payload]);
  }

  /** The close code of the first close frame the server sent, once it has arrived. */
  async closeCode() {
    const bytes = await this.until((data) => closeFrameAt(data) >= 0, 'a close frame');
    const at = closeFrameAt(bytes);
    return bytes.readUInt16BE(at + 2);
  }

  destroy() { this.socket.destroy(); }
}

// Offset of the first complete close frame (server frames are unmasked), or -1.
function closeFrameAt(data) {
  let offset = 0;
  while (offset + 2 <= data.length) {
    const opcode = data[offset] & 0x0f;
    let length = data[offset + 1] & 0x7f;
    let header = 2;
    if (length === 126) { if (offset + 4 > data.length) return -1; length = data.readUInt16BE(offset + 2); header = 4; }
    else if (length === 127) { if (offset + 10 > data.length) return -1; length = Number(data.readBigUInt64BE(offset + 2)); header = 10; }
    if (offset + header + length > data.length) return -1;
    if (opcode === 0x8 && length >= 2) return offset + header - 2;   // so readUInt16BE(at + 2) is the code
    offset += header + length;
  }
  return -1;
}
