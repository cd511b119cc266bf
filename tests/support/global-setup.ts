// Vitest globalSetup (projects `api` and `browser`): one throw-away PostgreSQL cluster for the whole
// run (fsync off), with the migrations applied once to the template database `dsr_template`.
// Each test file then clones it with createTestDatabase() from ./db.ts (a copy takes a few ms).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../api/src/db/embedded.ts';
import { applyMigrations } from '../../api/src/db/migrations.ts';

export const TEMPLATE_DATABASE = 'dsr_template';
const PREFIX = 'dsr-test-pg-';

// Both the `api` and `browser` projects list this file; when they run together they share one cluster
// (state on globalThis, reference-counted) instead of each overwriting TEST_PG_ADMIN_URL.
interface Shared {
  cluster: Promise<EmbeddedPostgres>;
  dataDir: string;
  refs: number;
}
const KEY = Symbol.for('dsr.test-postgres');
const state = globalThis as { [KEY]?: Shared };

export async function setup(): Promise<void> {
  const existing = state[KEY];
  if (existing) {
    existing.refs++;
    await existing.cluster;
    return;
  }
  const dataDir = path.join(os.tmpdir(), `${PREFIX}${process.pid}`);
  const shared: Shared = { cluster: start(dataDir), dataDir, refs: 1 };
  state[KEY] = shared;
  const cluster = await shared.cluster;
  // Workers are started after globalSetup and inherit the environment.
  process.env.TEST_PG_ADMIN_URL = cluster.adminUrl;
}

export async function teardown(): Promise<void> {
  const shared = state[KEY];
  if (!shared || --shared.refs > 0) return;
  delete state[KEY];
  await (await shared.cluster.catch(() => undefined))?.stop();
  await fs.rm(shared.dataDir, { recursive: true, force: true });
}

async function start(dataDir: string): Promise<EmbeddedPostgres> {
  await removeStaleClusters();
  const started = Date.now();
  const cluster = await startEmbeddedPostgres({ dataDir, fast: true });
  try {
    const templateUrl = new URL(cluster.adminUrl);
    templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
    await applyMigrations(templateUrl.toString()); // creates the database, then migrates it
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  if (process.env.DEBUG_TEST_DB) process.stderr.write(`test database ready in ${Date.now() - started} ms\n`);
  return cluster;
}

/** Clusters left by killed runs: their vitest process is gone and no server runs on them. */
async function removeStaleClusters(): Promise<void> {
  const tmp = os.tmpdir();
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(PREFIX)) continue;
    const owner = Number(name.slice(PREFIX.length));
    if (!Number.isInteger(owner) || alive(owner)) continue;
    const pidFile = path.join(tmp, name, 'postmaster.pid');
    const postmaster = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
    if (postmaster > 0 && alive(postmaster)) continue;
    await fs.rm(path.join(tmp, name), { recursive: true, force: true }).catch(() => {});
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
