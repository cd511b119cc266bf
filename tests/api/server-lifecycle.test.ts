// The real process: `api/src/server.ts` on an embedded PostgreSQL in a fresh DATA_DIR, as `npm start`
// runs it. Proves start-up (cluster, migrations, health), a clean SIGTERM stop that takes the embedded
// server with it, and a second start that reuses the data.
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/db.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { freePort } from '../support/smtp.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dsr-lifecycle-'));
// mkdtemp makes it 0700; as root, the embedded server runs as `postgres` and must reach it.
chmodSync(dataDir, 0o755);
const servers: ServerProcess[] = [];

afterAll(() => {
  for (const { child } of servers) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function startServer(port: number, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess({
    port,
    env: { DATA_DIR: dataDir, DATABASE_URL: '', SMTP_URL: '', ...env },
  });
  servers.push(server);
  return server;
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

    expect(await first.stop()).toBe(0);
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
    expect(await second.stop()).toBe(0);
  }, 120_000);

  it('uses DATABASE_URL when set and starts no embedded server', async () => {
    const db = await createTestDatabase();
    const ownDir = mkdtempSync(path.join(os.tmpdir(), 'dsr-external-'));
    try {
      const port = await freePort();
      const server = await startServer(port, { DATABASE_URL: db.url, DATA_DIR: ownDir });
      expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(200);
      expect(await server.stop()).toBe(0);
      expect(existsSync(path.join(ownDir, 'pg'))).toBe(false);
      expect(server.output()).not.toContain('embedded PostgreSQL');
    } finally {
      await db.drop();
      rmSync(ownDir, { recursive: true, force: true });
    }
  }, 60_000);
});
