// The real process: `api/src/server.ts` on an embedded PostgreSQL in a fresh DATA_DIR, as `npm start`
// runs it. Proves start-up (cluster, migrations, health), a clean SIGTERM stop that takes the embedded
// server with it, and a second start that reuses the data.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.ts';
import { freePort } from '../support/smtp.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dsr-lifecycle-'));
// mkdtemp makes it 0700; as root, the embedded server runs as `postgres` and must reach it.
chmodSync(dataDir, 0o755);
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      SMTP_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, output: () => output };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not healthy in time:\n${output}`);
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** initdb writes PG_VERSION once; a reused cluster keeps the same file. */
function clusterBirth(): number {
  const file = readdirSync(dataDir, { recursive: true }).find((f) => String(f).endsWith('PG_VERSION'));
  expect(file).toBeDefined();
  return statSync(path.join(dataDir, String(file))).mtimeMs;
}

describe('server process', () => {
  it('starts on an embedded database, stops cleanly on SIGTERM, and reuses the data on restart', async () => {
    const port = await freePort();
    const first = await startServer(port);
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(await created.json()).toEqual({ status: 'ok' });
    expect(first.output()).toContain(`http://localhost:${port}`);
    const born = clusterBirth();

    const exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The embedded PostgreSQL went down with it: nothing answers on the app port any more,
    // and the cluster's pid file is gone.
    await expect(fetch(`http://127.0.0.1:${port}/api/v1/health`)).rejects.toThrow();
    const pidFiles = readdirSync(dataDir, { recursive: true }).filter((f) =>
      String(f).endsWith('postmaster.pid'),
    );
    expect(pidFiles.filter((f) => existsSync(path.join(dataDir, String(f))))).toEqual([]);

    // Second start: the same cluster (no initdb) and the migrations already applied.
    const second = await startServer(port);
    const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(clusterBirth()).toBe(born);
    const stopped = exitOf(second.child);
    second.child.kill('SIGTERM');
    expect(await stopped).toBe(0);
  }, 120_000);

  it('uses DATABASE_URL when set and starts no embedded server', async () => {
    const db = await createTestDatabase();
    const ownDir = mkdtempSync(path.join(os.tmpdir(), 'dsr-external-'));
    try {
      const port = await freePort();
      const server = await startServer(port, { DATABASE_URL: db.url, DATA_DIR: ownDir });
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(200);
      const stopped = exitOf(server.child);
      server.child.kill('SIGTERM');
      expect(await stopped).toBe(0);
      expect(existsSync(path.join(ownDir, 'pg'))).toBe(false);
      expect(server.output()).not.toContain('embedded PostgreSQL');
    } finally {
      await db.drop();
      rmSync(ownDir, { recursive: true, force: true });
    }
  }, 60_000);
});
