// Migrations without Prisma's native schema engine (which the CLI downloads, and cannot offline):
// Prisma's schema engine compiled to WebAssembly, driven through the pg driver adapter. It keeps the
// standard `_prisma_migrations` table, so `prisma migrate status` on a machine with the native CLI
// agrees. Five faults of that pairing are worked around here.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';

/** The checkout holding prisma/: found upwards, as this file runs from api/src/db or from the bundle. */
const REPO_ROOT = findRepoRoot(fileURLToPath(new URL('.', import.meta.url)));
export const DEFAULT_SCHEMA_PATH = path.join(REPO_ROOT, 'prisma', 'schema.prisma');
export const DEFAULT_MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');

// Distinct from the key the native engine takes itself (72707369), so the two never wait on each other.
const MIGRATION_LOCK_KEY = 7_270_736_901;
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export interface MigrationOptions {
  migrationsDir?: string;
  schemaPath?: string;
  /** Engine log lines and notices; silent by default. */
  log?: (message: string) => void;
}

/**
 * Applies pending migrations, holding a Postgres advisory lock meanwhile so that instances starting
 * together take turns. Creates the database if missing. Idempotent.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: MigrationOptions = {},
): Promise<{ applied: string[] }> {
  await ensureDatabaseExists(databaseUrl);
  const migrationsList = await readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const lock = new pg.Client({ connectionString: databaseUrl });
  lock.on('error', () => {}); // a dropped connection surfaces as a failed query, not a crash
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // Every start runs this: when the history already is exactly the local list, the engine (a
    // WebAssembly module of several MB) would only read the same table and apply nothing.
    if (await allApplied(lock, migrationsList)) return { applied: [] };
    const result = await withEngine(databaseUrl, undefined, options.log, (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
    );
    return { applied: result.appliedMigrationNames };
  } finally {
    // Ending the session releases the lock even if the unlock query cannot run.
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await lock.end();
  }
}

/**
 * True when `_prisma_migrations` holds exactly the local migrations, each finished, not rolled back
 * and with the checksum of its file (Prisma's: SHA-256 of migration.sql). Anything else (a pending,
 * failed, edited or unknown migration) goes to the engine, which applies, refuses or warns as it does.
 */
async function allApplied(client: pg.Client, list: MigrationList): Promise<boolean> {
  const table = await client.query<{ t: string | null }>(
    "SELECT to_regclass('_prisma_migrations')::text AS t",
  );
  if (!table.rows[0]?.t) return false;
  const rows = await client.query<{ name: string; checksum: string; done: boolean }>(
    `SELECT migration_name AS name, checksum,
            finished_at IS NOT NULL AND rolled_back_at IS NULL AS done
       FROM _prisma_migrations`,
  );
  if (rows.rowCount !== list.migrationDirectories.length) return false;
  const applied = new Map(rows.rows.map((r) => [r.name, r]));
  return list.migrationDirectories.every((dir) => {
    const row = applied.get(dir.path);
    const file = dir.migrationFile.content;
    return (
      row?.done === true &&
      file.tag === 'ok' &&
      row.checksum === createHash('sha256').update(file.value).digest('hex')
    );
  });
}

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'prisma', 'schema.prisma'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../..');
  }
}

/**
 * After a failed migration (its SQL ran in one transaction, so nothing of it remains), Prisma refuses
 * further deploys until it is marked rolled back: `prisma migrate resolve --rolled-back <name>`.
 */
export async function markMigrationRolledBack(
  databaseUrl: string,
  migrationName: string,
  options: MigrationOptions = {},
): Promise<void> {
  await withEngine(databaseUrl, undefined, options.log, (engine) =>
    engine.markMigrationRolledBack({ migrationName }),
  );
}

/**
 * SQL that would bring the migrations up to schema.prisma; empty when they agree. The migrations are
 * replayed on a throw-away shadow database on the server of `databaseUrl` (CREATEDB needed).
 */
export async function checkDrift(databaseUrl: string, options: MigrationOptions = {}): Promise<string> {
  const migrationsList = await readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const schemaPath = options.schemaPath ?? DEFAULT_SCHEMA_PATH;
  const schema = { path: schemaPath, content: await fs.readFile(schemaPath, 'utf8') };
  await ensureDatabaseExists(databaseUrl);
  const result = await withEngine(databaseUrl, schema, options.log, (engine) =>
    engine.diff({
      from:
        migrationsList.migrationDirectories.length > 0
          ? { tag: 'migrations', ...migrationsList }
          : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    }),
  );
  return isEmptyScript(result.stdout ?? '') ? '' : (result.stdout ?? '');
}

/**
 * Writes `<migrationsDir>/<UTC yyyymmddhhmmss>_<name>/migration.sql` with the difference between the
 * existing migrations and schema.prisma. Returns null (and logs "no changes") when there is none.
 * Nothing is applied: review or extend the SQL, then run applyMigrations.
 */
export async function createMigration(
  databaseUrl: string,
  name: string,
  options: MigrationOptions & { empty?: boolean } = {},
): Promise<{ directory: string; sql: string } | null> {
  const log = options.log ?? ((m: string) => process.stdout.write(`${m}\n`));
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new Error('migration name must contain letters or digits');
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  // `empty`: a migration for hand-written SQL only (Prisma's `migrate dev --create-only` on no change).
  const sql = options.empty
    ? '-- Hand-written SQL: edit, then apply with `npm run db:migrate`.\n'
    : await checkDrift(databaseUrl, options);
  if (!sql) {
    log('no changes: the migrations already match schema.prisma');
    return null;
  }
  const directory = path.join(migrationsDir, `${utcStamp(new Date())}_${slug}`);
  await fs.mkdir(directory, { recursive: true });
  await fs.writeFile(path.join(directory, 'migration.sql'), sql);
  const lockfile = path.join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lockfile)) await fs.writeFile(lockfile, LOCKFILE);
  log(`created ${path.relative(process.cwd(), path.join(directory, 'migration.sql'))}`);
  return { directory, sql };
}

const LOCKFILE = `# Please do not edit this file manually
# It should be added in your version-control system (e.g., Git)
provider = "postgresql"
`;

function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function isEmptyScript(sql: string): boolean {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}

async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  const entries = existsSync(migrationsDir) ? await fs.readdir(migrationsDir, { withFileTypes: true }) : [];
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  dirs.sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (dir) => {
      const file = path.join(migrationsDir, dir, 'migration.sql');
      const content = await fs.readFile(file, 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (error: Error) => ({ tag: 'error' as const, value: error.message }),
      );
      return { path: dir, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? await fs.readFile(lockPath, 'utf8') : LOCKFILE,
    },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

// ---------- engine ----------

let enginePromise: Promise<typeof SchemaEngine> | undefined;

// Our lib setting (ES2023, no DOM) has no WebAssembly typings; this is the one call we need.
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: unknown } }>;
}
const wasmApi = () => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
let lastPanic: string | undefined;

/** The package targets bundlers (`import * as wasm from "./x.wasm"`): instantiate it by hand. */
function loadEngine(): Promise<typeof SchemaEngine> {
  enginePromise ??= (async () => {
    // The wasm module reports Rust panics through this global before aborting.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
      },
    };
    const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const dir = path.dirname(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm'));
    const bytes = await fs.readFile(path.join(dir, 'schema_engine_bg.wasm'));
    // The engine arms 10 s timers it never clears (timeouts raced against its work), which keep the
    // process alive after the work is done: hand it unref'd ones.
    const imports: Record<string, unknown> = { ...bg };
    for (const key of Object.keys(imports)) {
      if (key.startsWith('__wbg_setTimeout_')) {
        imports[key] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
      }
    }
    const { instance } = await wasmApi().instantiate(bytes, { './schema_engine_bg.js': imports });
    const exports = instance.exports as { __wbindgen_start: () => void };
    (bg as unknown as { __wbg_set_wasm(w: unknown): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bg.SchemaEngine;
  })();
  return enginePromise;
}

async function withEngine<T>(
  databaseUrl: string,
  schema: { path: string; content: string } | undefined,
  log: ((m: string) => void) | undefined,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const Engine = await loadEngine();
  const factory = new MigrationAdapterFactory(databaseUrl);
  const datamodels: [string, string][] = schema
    ? [[schema.path, schema.content]]
    : [[DEFAULT_SCHEMA_PATH, '']];
  const onLog = (line: string) => log?.(line);
  let engine: SchemaEngine | undefined;
  try {
    engine = await Engine.new({ datamodels }, onLog, bindMigrationAwareSqlAdapterFactory(factory));
    return await work(engine);
  } catch (error) {
    throw engineError(error);
  } finally {
    engine?.free();
    // An idle pool keeps the process alive for ~10 s after the work (fault 5).
    await factory.close();
  }
}

function engineError(error: unknown): Error {
  if (lastPanic) {
    const message = `schema engine panicked: ${lastPanic}`;
    lastPanic = undefined;
    return new Error(message, { cause: error });
  }
  if (error instanceof Error) return error;
  const message =
    typeof error === 'object' && error && 'message' in error ? String(error.message) : JSON.stringify(error);
  return new Error(`schema engine: ${message}`);
}

// ---------- driver adapter ----------

const CHAR_OID = 18;
const TEXT_OID = 25;
const CHAR_COLUMNS = Symbol('charColumns');

interface RawQueryable {
  performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[]; rows: unknown[] }>;
  queryRaw(query: unknown): Promise<{ columnTypes: number[]; rows: unknown[] }>;
}

/**
 * pg_catalog uses the one-byte `"char"` type (OID 18), which the adapter cannot deserialize
 * ("Column type 'char' could not be deserialized") when the engine describes a database (fault 3).
 * The adapter sees those columns as text; the engine then receives them as its Character type, which
 * its describer reads them as (plain text makes it panic: "... as char failed").
 */
function mapCharColumns<T extends object>(queryable: T): T {
  const q = queryable as unknown as RawQueryable;
  const performIO = q.performIO.bind(q);
  const queryRaw = q.queryRaw.bind(q);
  q.performIO = async (query) => {
    const result = await performIO(query);
    const charColumns: number[] = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        charColumns.push(i);
      }
    });
    if (charColumns.length) Object.assign(result.rows, { [CHAR_COLUMNS]: charColumns });
    return result;
  };
  q.queryRaw = async (query) => {
    const result = await queryRaw(query);
    const charColumns = (result.rows as { [CHAR_COLUMNS]?: number[] })[CHAR_COLUMNS] ?? [];
    for (const i of charColumns) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  readonly #pools: pg.Pool[] = [];
  readonly #shadows: string[] = [];

  constructor(private readonly url: string) {}

  connect(): Promise<SqlDriverAdapter> {
    return this.#adapter(this.url);
  }

  /**
   * The adapter's own version drops the shadow database before closing its pool ("is being accessed
   * by other users") and leaves it behind (faults 1 and 2): close the pool first, then drop.
   */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
    await adminQuery(this.url, `CREATE DATABASE "${name}"`);
    this.#shadows.push(name);
    const url = withDatabase(this.url, name);
    const adapter = await this.#adapter(url);
    const pool = this.#pools.at(-1)!;
    adapter.dispose = async () => {
      await pool.end().catch(() => {});
      await this.#dropShadow(name);
    };
    return adapter;
  }

  async close(): Promise<void> {
    await Promise.all(this.#pools.map((pool) => pool.end().catch(() => {})));
    for (const name of [...this.#shadows]) await this.#dropShadow(name);
  }

  async #dropShadow(name: string): Promise<void> {
    const i = this.#shadows.indexOf(name);
    if (i < 0) return;
    this.#shadows.splice(i, 1);
    await adminQuery(this.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
  }

  async #adapter(url: string): Promise<SqlDriverAdapter> {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    let ended = false;
    const end = pool.end.bind(pool);
    pool.end = () => {
      if (ended) return Promise.resolve();
      ended = true;
      return end();
    };
    this.#pools.push(pool);
    const adapter = mapCharColumns(await new PrismaPg(pool).connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolation) => mapCharColumns(await startTransaction(isolation));
    // The adapter splits scripts on ";" and runs the pieces one by one: `$$` bodies break and a failing
    // migration is left half-applied (fault 4). Send the file as one simple-protocol query instead:
    // one implicit transaction, as the native engine does.
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        (adapter as unknown as { onError(e: unknown): never }).onError(error);
      }
    };
    return adapter;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The engine connects at construction (fault 5): the target database must exist first. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!name) return;
  const client = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  try {
    await client.connect();
  } catch {
    return; // no access to the maintenance database: assume the target exists (managed Postgres)
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
        .catch((error: { code?: string }) => {
          // 42P04 or, when two create at the same instant, a unique violation on pg_database.
          if (error.code !== '42P04' && error.code !== '23505') throw error;
        });
    }
  } finally {
    await client.end();
  }
}
