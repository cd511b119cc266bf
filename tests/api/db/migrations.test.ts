import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  checkDrift,
  createMigration,
  DEFAULT_MIGRATIONS_DIR,
  DEFAULT_SCHEMA_PATH,
} from '../../../api/src/db/migrations.ts';

const adminUrl = process.env.TEST_PG_ADMIN_URL!;
const created: string[] = [];

/** URL of a database that does not exist yet: applyMigrations must create it. */
function emptyDatabaseUrl(): string {
  const name = `dsr_empty_${randomBytes(5).toString('hex')}`;
  created.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const name of created) await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('migrations', () => {
  it('apply on an empty database, record standard history, and are idempotent', async () => {
    const url = emptyDatabaseUrl();
    const first = await applyMigrations(url);
    const names = (await fs.readdir(DEFAULT_MIGRATIONS_DIR)).filter((n) => /^\d{14}_/.test(n)).sort();
    expect(first.applied).toEqual(names);
    expect((await applyMigrations(url)).applied).toEqual([]);

    const history = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      url,
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(history.map((h) => h.migration_name)).toEqual(names);
    for (const row of history) {
      const sql = await fs.readFile(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
  });

  it('on an up-to-date database, a new migration is still applied and an edited one goes to the engine', async () => {
    // The start's shortcut (history already equal to the folder: nothing to do) must not hide either.
    const url = emptyDatabaseUrl();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dsr-migration-test-'));
    try {
      const migrationsDir = path.join(dir, 'migrations');
      await fs.cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
      await applyMigrations(url, { migrationsDir });
      const upToDate: string[] = [];
      expect((await applyMigrations(url, { migrationsDir, log: (m) => upToDate.push(m) })).applied).toEqual(
        [],
      );
      expect(upToDate).toEqual([]); // nothing to do: the engine is not even loaded

      const added = '29991231000000_later_column';
      await fs.mkdir(path.join(migrationsDir, added));
      await fs.writeFile(
        path.join(migrationsDir, added, 'migration.sql'),
        'CREATE TABLE "later_table" ("id" INTEGER PRIMARY KEY);\n',
      );
      expect((await applyMigrations(url, { migrationsDir })).applied).toEqual([added]);
      expect(await query(url, 'SELECT id FROM later_table')).toEqual([]);

      // An applied migration whose file changed afterwards is the engine's to judge, as without the shortcut.
      await fs.appendFile(path.join(migrationsDir, added, 'migration.sql'), '-- edited\n');
      const log: string[] = [];
      expect((await applyMigrations(url, { migrationsDir, log: (m) => log.push(m) })).applied).toEqual([]);
      expect(log.join('\n')).toContain('Starting schema-engine-wasm');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('two instances migrating one empty database at once both succeed with one history', async () => {
    const url = emptyDatabaseUrl();
    const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    const total = (await fs.readdir(DEFAULT_MIGRATIONS_DIR)).filter((n) => /^\d{14}_/.test(n)).length;
    expect([a.applied.length, b.applied.length].sort()).toEqual([0, total]);
    const [{ count }] = (await query<{ count: string }>(url, 'SELECT count(*) FROM _prisma_migrations')) as [
      { count: string },
    ];
    expect(Number(count)).toBe(total);
  });

  it('schema.prisma and the migrations agree (no drift)', async () => {
    // Non-empty means schema.prisma changed without a migration: run `npm run db:migration -- <name>`.
    expect(await checkDrift(adminUrl)).toBe('');
    const shadows = await query(
      adminUrl,
      "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow%'",
    );
    expect(shadows).toEqual([]); // the shadow database is dropped after use
  });

  it('creates a migration from a changed schema into a given folder', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dsr-migration-test-'));
    try {
      const migrationsDir = path.join(dir, 'migrations');
      await fs.cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
      const schemaPath = path.join(dir, 'schema.prisma');
      const schema = await fs.readFile(DEFAULT_SCHEMA_PATH, 'utf8');
      await fs.writeFile(
        schemaPath,
        `${schema}\nmodel Probe {\n  id Int @id\n  label String\n\n  @@map("probes")\n}\n`,
      );

      const log: string[] = [];
      const result = await createMigration(adminUrl, 'add probe', {
        migrationsDir,
        schemaPath,
        log: (m) => log.push(m),
      });
      expect(result).not.toBeNull();
      expect(path.basename(result!.directory)).toMatch(/^\d{14}_add_probe$/);
      const sql = await fs.readFile(path.join(result!.directory, 'migration.sql'), 'utf8');
      expect(sql).toContain('CREATE TABLE "probes"');
      expect(sql).not.toContain('"requests"');

      // Once recorded, the same schema yields no further migration.
      expect(
        await createMigration(adminUrl, 'again', { migrationsDir, schemaPath, log: (m) => log.push(m) }),
      ).toBeNull();
      expect(log.at(-1)).toMatch(/no changes/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
