// Shared by the abuse suites: a well-behaved candidate on another loopback address (127.0.0.2, so
// per-address limits aimed at the attacker on 127.0.0.1 do not touch it), and its turn latency.
import nodeHttp from 'node:http';
import WebSocket from 'ws';
import { Client, SHORT_PLAN, STRONG_ANSWER } from './harness.mjs';

export const GOOD_ADDRESS = '127.0.0.2';

// A turn a person sees as instant; the server answers one in milliseconds when it is not attacked.
export const NORMAL_TURN_MS = 2000;

/** An HTTP request from `localAddress`, resolving with { status, headers, json }. */
export function httpFrom(localAddress, base, pathname, { method = 'GET', body } = {}) {
  const url = new URL(pathname, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = nodeHttp.request({
      host: url.hostname, port: url.port, path: url.pathname, method, localAddress,
      headers: { connection: 'close', ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
    }, (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: response.statusCode, headers: response.headers, json });
      });
    });
    request.on('error', reject);
    if (payload) request.write(payload);
    request.end();
  });
}

/** A candidate from GOOD_ADDRESS with an interview joined, ready to answer. */
export async function wellBehavedCandidate(server) {
  const created = await httpFrom(GOOD_ADDRESS, server.base, '/api/v1/interviews', { method: 'POST', body: SHORT_PLAN });
  if (created.status !== 201) throw new Error(`the well-behaved candidate could not create an interview: ${created.status}`);
  const client = await Client.open(server.wsUrl, { localAddress: GOOD_ADDRESS });
  await client.join(created.json);
  let sent = 0;
  return {
    client,
    /** One answer, to its turn_complete; resolves with the frames and how long it took. */
    async turn() {
      const started = performance.now();
      const frames = await client.exchange({ type: 'answer', text: STRONG_ANSWER, client_id: `good-${sent += 1}` });
      return { frames, ms: performance.now() - started };
    },
  };
}

export { WebSocket };
