// Several server nodes on one store, and HAProxy in front of them (deploy/haproxy.cfg), for the
// several-nodes suites. Every process is started here and stopped by the test; nothing is assumed
// running. Builds on harness.mjs (startServer, http).
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { http, SOURCE_DIR, startServer, waitFor } from './harness.mjs';

/** A TCP port free on the loopback right now (for HAProxy, which cannot be told to pick one). */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `count` nodes on one store (`db`: a SQLite path or a postgresql:// URL), all at once. */
export async function startNodes(db, { count = 2, args = [], env = {} } = {}) {
  return Promise.all(Array.from({ length: count }, () => startServer({ db, args, env })));
}

export async function stopAll(processes) {
  await Promise.all(processes.filter(Boolean).map((process) => process.stop()));
}

/** A number from a node's /metrics, 0 when the series is absent. */
export async function metric(node, series) {
  const text = (await http(node.base, '/metrics')).text;
  const escaped = series.replace(/[{}"\\]/g, (character) => `\\${character}`);
  const found = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  return found ? Number(found[1]) : 0;
}

/** The node whose candidate connection holds the one open interview. */
export async function nodeHolding(nodes) {
  return waitFor(async () => {
    for (const node of nodes) {
      if (node.child.exitCode === null && node.child.signalCode === null && (await metric(node, 'mi_active_interviews')) === 1) {
        return node;
      }
    }
    return null;
  }, { what: 'a node holding the interview' });
}

/** The pid of the local process whose TCP socket has local port `port` (root sees every socket). */
export function pidOfLocalPort(port) {
  const listing = execFileSync('ss', ['-Htnp', 'state', 'all', `( sport = :${port} )`], { encoding: 'utf8' });
  const found = /pid=(\d+)/.exec(listing);
  if (!found) throw new Error(`no process owns local port ${port}:\n${listing}`);
  return Number(found[1]);
}

/**
 * HAProxy with the project's own deploy/haproxy.cfg in front of `nodes` (two), on a free loopback
 * port; resolves once the proxy answers /readyz with 200. `stop()` ends it.
 */
export async function startHaproxy(nodes) {
  const port = await freePort();
  const env = {
    ...process.env,
    MI_LB_BIND: `127.0.0.1:${port}`,
    MI_NODE_A: new URL(nodes[0].base).host,
    MI_NODE_B: new URL(nodes[1].base).host,
  };
  const child = spawn('haproxy', ['-db', '-f', path.join(SOURCE_DIR, 'deploy', 'haproxy.cfg')],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  let failed = null;
  exited.then(({ code }) => { failed = `haproxy exited with ${code}:\n${output}`; });
  await waitFor(async () => {
    if (failed) throw new Error(failed);
    try {
      return (await http(base, '/readyz')).status === 200;
    } catch {
      return false;     // not listening yet
    }
  }, { timeoutMs: 20000, what: 'HAProxy answering /readyz' });
  return {
    child,
    base,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
