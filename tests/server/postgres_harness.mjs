// PostgreSQL for the Node integration tests: the test cluster CTest starts (fixture `postgres`,
// scripts/pg-test-cluster.sh) and a fresh database on it per test, dropped by cleanup(). Uses
// psql from Debian's postgresql-client (installed with postgresql).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SOURCE_DIR } from './harness.mjs';

/** The URL of the test cluster's maintenance database; fails saying how to get one. */
export function testClusterUrl() {
  if (process.env.MI_TEST_PG_URL) return process.env.MI_TEST_PG_URL;
  const file = process.env.MI_TEST_PG_URL_FILE;
  if (!file) {
    throw new Error('no PostgreSQL for the tests: run them through ctest (fixture postgres), or start one with '
      + 'scripts/pg-test-cluster.sh start DIR and set MI_TEST_PG_URL_FILE=DIR/url');
  }
  return readFileSync(file, 'utf8').trim();
}

/** Runs SQL on `url` with psql and returns its unaligned output. */
export function psql(url, sql) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-XAtq', '-c', sql], { encoding: 'utf8' }).trim();
}

/** A new empty database: { url, cleanup }. */
export function pgTestDatabase() {
  const admin = testClusterUrl();
  const name = `mi_it_${randomBytes(6).toString('hex')}`;
  psql(admin, `CREATE DATABASE ${name}`);
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  return { url, name, cleanup: () => psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A PostgreSQL cluster of the test's own (scripts/pg-test-cluster.sh), for tests that take the
 * database away: { url, pause(), resume(), stop() }. pause() stops the server keeping its data;
 * resume() starts it again on the same port.
 */
export function ownCluster() {
  const script = path.join(SOURCE_DIR, 'scripts', 'pg-test-cluster.sh');
  const stateDir = mkdtempSync(path.join(tmpdir(), 'mi-own-pg-'));
  const run = (command) => execFileSync(script, [command, stateDir], { encoding: 'utf8' }).trim();
  const url = run('start');
  return {
    url,
    pause: () => run('pause'),
    resume: () => run('resume'),
    stop: () => {
      run('stop');
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
