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

let cluster: EmbeddedPostgres | undefined;
let dataDir: string | undefined;

export async function setup(): Promise<void> {
  await removeStaleClusters();
  dataDir = path.join(os.tmpdir(), `${PREFIX}${process.pid}`);
  const started = Date.now();
  cluster = await startEmbeddedPostgres({ dataDir, fast: true });
  const templateUrl = new URL(cluster.adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  await applyMigrations(templateUrl.toString()); // creates the database, then migrates it
  // Workers are started after globalSetup and inherit the environment.
  process.env.TEST_PG_ADMIN_URL = cluster.adminUrl;
  if (process.env.DEBUG_TEST_DB) process.stderr.write(`test database ready in ${Date.now() - started} ms\n`);
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
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
