import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../../api/src/db/embedded.ts';

const repo = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'dsr-embedded-test-'));
  await fs.chmod(root, 0o755); // reachable by the postgres user when tests run as root
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function select1(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one;
  } finally {
    await client.end();
  }
}

function postgresRunningOn(dataDir: string): boolean {
  const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').some((line) => line.includes(`postgres -D ${dataDir} `));
}

describe('embedded PostgreSQL', () => {
  it('initialises once, reuses the cluster and its port, and stops without leaving a process', async () => {
    const dataDir = path.join(root, 'reuse');
    const first = await startEmbeddedPostgres({ dataDir, fast: true, log: () => {} });
    expect(await select1(first.connectionString)).toBe(1);
    await first.stop();
    expect(postgresRunningOn(dataDir)).toBe(false);

    // A killed run's postmaster.pid naming a process that is not a postgres (pid reused) is cleared.
    writeFileSync(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);
    const second = await startEmbeddedPostgres({ dataDir, fast: true, log: () => {} });
    expect(new URL(second.connectionString).port).toBe(new URL(first.connectionString).port);
    expect(await select1(second.connectionString)).toBe(1);
    await second.stop();
  });

  it('lets a second user (e.g. staff:create while the portal runs) share a running server without stopping it', async () => {
    const dataDir = path.join(root, 'shared');
    const owner = await startEmbeddedPostgres({ dataDir, fast: true, log: () => {} });
    try {
      const notices: string[] = [];
      const guest = await startEmbeddedPostgres({ dataDir, fast: true, log: (m) => notices.push(m) });
      expect(notices.join('\n')).toMatch(/already running/);
      expect(new URL(guest.connectionString).port).toBe(new URL(owner.connectionString).port);
      expect(await select1(guest.connectionString)).toBe(1);
      await guest.stop();
      // The owner's server is still up after the guest is done.
      expect(await select1(owner.connectionString)).toBe(1);
    } finally {
      await owner.stop();
    }
    expect(postgresRunningOn(dataDir)).toBe(false);
  });

  it('takes its server down when its process is killed (SIGKILL), and starts again', async () => {
    const dataDir = path.join(root, 'killed');
    const script = `import { startEmbeddedPostgres } from ${JSON.stringify(path.join(repo, 'api/src/db/embedded.ts'))};
      await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, fast: true });
      process.kill(process.pid, 'SIGKILL');`;
    const tsx = path.join(repo, 'node_modules/.bin/tsx');
    const killed = spawnSync(tsx, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: repo });
    // tsx runs the script in a child node and reports its SIGKILL as status 137.
    expect(killed.signal === 'SIGKILL' || killed.status === 137, killed.stderr).toBe(true);
    if (existsSync('/usr/bin/setpriv')) {
      // Linux: the parent-death signal shuts the server down by itself.
      const deadline = Date.now() + 10_000;
      while (postgresRunningOn(dataDir) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(postgresRunningOn(dataDir)).toBe(false);
    }
    // Elsewhere the orphan is stopped by the next start; either way the cluster starts again.
    const again = await startEmbeddedPostgres({ dataDir, fast: true, log: () => {} });
    expect(await select1(again.connectionString)).toBe(1);
    await again.stop();
    expect(postgresRunningOn(dataDir)).toBe(false);
  });
});
