import type { RequestType } from '@dsr/shared/vocabulary';
import pg from 'pg';
import type { PostgresSourceConfig } from '../datamap.schema.ts';
import { type Catalog, inspectCatalog } from './postgres-catalog.ts';
import { type Change, effectsFor, isNow, lifted, placeholders } from './postgres-effects.ts';
import { countErasure, erasureSql, executeErasure } from './postgres-erase.ts';
import {
  type ActAnswer,
  type ChangeAnswer,
  type CollectAnswer,
  type CorrectionRequest,
  type EffectRequest,
  type EraseAnswer,
  type ErasureTableResult,
  type MatchAnswer,
  type RowSink,
  type Source,
  type SourceContext,
  SourceError,
  type SourceRequest,
  type SubjectIdentity,
} from './source.ts';

// Any PostgreSQL database (or, with `url: builtin`, the portal's own customer area). Identifiers come
// from the map, are checked against the catalog on first use and always quoted; values are always
// parameters. Rows are read through a server-side cursor inside one read-only snapshot and handed to
// the sink one by one, so memory stays bounded whatever the subject's history.

export interface PostgresSourceDeps {
  /** The portal's own database, used for `url: builtin`. */
  builtinDatabaseUrl: string;
}

/** Rows fetched from the cursor per round trip. */
export const CURSOR_BATCH = 500;
const CURSOR = 'dsr_collect';

/** Quotes a PostgreSQL identifier (the map's names are validated too; this is the only way they reach SQL). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

// Values a JSON package can hold as they are: dates stay the text PostgreSQL wrote ("2024-05-01");
// timestamps without a zone stay text rather than being read in the server's local time.
const RAW_TEXT = new Set([1082, 1114]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    RAW_TEXT.has(oid)
      ? (v: string) => v
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

interface SubjectRow {
  key: unknown;
  [matched: `m${number}`]: boolean;
}

export class PostgresSource implements Source {
  private readonly pool: pg.Pool;
  private catalog: Promise<Catalog> | undefined;
  private closed: Promise<void> | undefined;

  constructor(
    readonly config: PostgresSourceConfig,
    deps: PostgresSourceDeps,
  ) {
    const url = config.url === 'builtin' ? deps.builtinDatabaseUrl : config.url;
    this.pool = new pg.Pool({
      connectionString: url,
      max: 3,
      types,
      application_name: 'dsr-fulfilment',
      // A database that does not answer fails the run (retried later) instead of holding it forever.
      connectionTimeoutMillis: 10_000,
      statement_timeout: 60_000,
    });
    // An idle connection dropped by the server must not crash the process; the next query reports it.
    this.pool.on('error', () => {});
  }

  handles(type: RequestType): boolean {
    const { tables, effects } = this.config;
    switch (type) {
      case 'access':
      case 'portability':
      case 'erasure':
        return true;
      case 'rectification':
        return Object.values(tables).some((t) => Object.values(t.fields).some((f) => f.rectify));
      case 'restriction':
        return effects.restriction !== undefined;
      case 'objection':
        return Object.keys(effects.objection ?? {}).length > 0;
      case 'consent_withdrawal':
        return Object.keys(effects.consent_withdrawal ?? {}).length > 0;
      default:
        return false;
    }
  }

  /** Every name the map uses that the database lacks (empty: the map fits); caches the catalog. */
  async check(): Promise<string[]> {
    try {
      const { catalog, problems } = await inspectCatalog(this.pool, this.config);
      if (problems.length === 0) this.catalog = Promise.resolve(catalog);
      return problems;
    } catch (error) {
      throw sourceError(error);
    }
  }

  async match(subject: SubjectIdentity, _ctx: SourceContext): Promise<MatchAnswer> {
    const catalog = await this.ready();
    const rows = await this.run((db) => this.findSubjects(db, catalog, subject));
    return {
      count: rows.length,
      matches: rows.map((row) => ({ key: String(row.key), matchedOn: row.matchedOn })),
    };
  }

  async collect(
    _request: SourceRequest,
    subject: SubjectIdentity,
    sink: RowSink,
    ctx: SourceContext,
  ): Promise<CollectAnswer> {
    const catalog = await this.ready();
    const tables: Record<string, { rows: number; category: string }> = {};
    await this.run(async (db) => {
      // One snapshot for every table: rows added while collecting never half-appear.
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // Several matches are all collected: staff saw the count before running fulfilment.
      const keys = (await this.findSubjects(db, catalog, subject)).map((s) => s.key);
      for (const [table, rule] of Object.entries(this.config.tables)) {
        let rows = 0;
        if (keys.length > 0) {
          await db.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${this.rowsQuery(catalog, table)}`, [keys]);
          for (;;) {
            ctx.signal.throwIfAborted();
            const batch = await db.query(`FETCH ${CURSOR_BATCH} FROM ${CURSOR}`);
            for (const row of batch.rows) {
              await sink.row(table, jsonRow(row)).catch((error: unknown) => {
                throw new SinkFailure(error);
              });
              rows++;
            }
            if (batch.rows.length < CURSOR_BATCH) break;
          }
          await db.query(`CLOSE ${CURSOR}`);
        }
        tables[table] = { rows, category: rule.category };
      }
      await db.query('COMMIT');
    });
    return { state: 'done', tables };
  }

  /**
   * The map's effects on the subject's rows, in one transaction. Updates touch only rows whose
   * value differs (a "now" column only while NULL), inserts only a row not there yet: a second
   * run changes nothing more, so a retried or repeated run is harmless.
   */
  async applyEffects(
    request: SourceRequest,
    subject: SubjectIdentity,
    effects: readonly EffectRequest[],
    ctx: SourceContext,
  ): Promise<ActAnswer> {
    const catalog = await this.ready();
    const changes = effectsFor(this.config, effects);
    const values = placeholders(request.reference, ctx.now);
    return this.run(async (db) => {
      await db.query('BEGIN');
      const keys = (await this.findSubjects(db, catalog, subject)).map((s) => s.key);
      const out: ChangeAnswer[] = [];
      for (const change of changes) {
        const rows = keys.length > 0 ? await this.applyChange(db, change, keys, values) : 0;
        out.push({ change: change.name, table: change.effect.table, rows });
      }
      await db.query('COMMIT');
      return { state: 'done', changes: out };
    });
  }

  /** Accepted corrections, each written to every table whose column `field` is marked `rectify`. */
  async rectify(
    _request: SourceRequest,
    subject: SubjectIdentity,
    corrections: readonly CorrectionRequest[],
    _ctx: SourceContext,
  ): Promise<ActAnswer> {
    const catalog = await this.ready();
    return this.run(async (db) => {
      await db.query('BEGIN');
      const keys = (await this.findSubjects(db, catalog, subject)).map((s) => s.key);
      const out: ChangeAnswer[] = [];
      for (const correction of corrections) {
        for (const table of this.rectifyTables(correction.field)) {
          const column = quoteIdent(correction.field);
          const result =
            keys.length === 0
              ? { rowCount: 0 }
              : await db.query(
                  `UPDATE ${this.table(table)} t0 SET ${column} = $2
                    WHERE ${this.belongs(table, 0)} AND t0.${column} IS DISTINCT FROM $2`,
                  [keys, correction.value],
                );
          out.push({ change: `rectify.${correction.index}`, table, rows: result.rowCount ?? 0 });
        }
      }
      await db.query('COMMIT');
      return { state: 'done', changes: out };
    });
  }

  /** Erases per the map (postgres-erase.ts) in one transaction: a failure leaves the source as it was. */
  async erase(_request: SourceRequest, subject: SubjectIdentity, ctx: SourceContext): Promise<EraseAnswer> {
    const catalog = await this.ready();
    return this.run(async (db) => {
      await db.query('BEGIN');
      const keys = (await this.findSubjects(db, catalog, subject)).map((s) => s.key);
      const sql = erasureSql(this.config, catalog, quoteIdent, (t) => this.table(t));
      const erasure = await countErasure(db, this.config, sql, keys, ctx.now);
      if (keys.length > 0) await executeErasure(db, sql, keys, ctx.now, ctx.signal);
      await db.query('COMMIT');
      const tables = Object.fromEntries(
        erasure.map((t) => [t.table, { rows: t.rows, category: t.category }]),
      );
      return { state: 'done', tables, erasure };
    });
  }

  /** The dry run: the same counts as `erase`, in a read-only transaction. */
  async planErasure(subject: SubjectIdentity, ctx: SourceContext): Promise<ErasureTableResult[]> {
    const catalog = await this.ready();
    return this.run(async (db) => {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const keys = (await this.findSubjects(db, catalog, subject)).map((s) => s.key);
      const sql = erasureSql(this.config, catalog, quoteIdent, (t) => this.table(t));
      const erasure = await countErasure(db, this.config, sql, keys, ctx.now);
      await db.query('COMMIT');
      return erasure;
    });
  }

  /** Current values of the subject's `rectify` columns, per field (every matched row, as text). */
  async currentValues(
    subject: SubjectIdentity,
    fields: readonly string[],
    _ctx: SourceContext,
  ): Promise<Record<string, string[]>> {
    const catalog = await this.ready();
    return this.run(async (db) => {
      const keys = (await this.findSubjects(db, catalog, subject)).map((s) => s.key);
      const out: Record<string, string[]> = {};
      for (const field of fields) {
        for (const table of this.rectifyTables(field)) {
          if (keys.length === 0) continue;
          const column = quoteIdent(field);
          const result = await db.query<{ v: string | null }>(
            `SELECT t0.${column}::text AS v FROM ${this.table(table)} t0 WHERE ${this.belongs(table, 0)}
              ${orderBy(catalog, table, 't0.')}`,
            [keys],
          );
          out[field] = [...(out[field] ?? []), ...result.rows.map((r) => r.v ?? '')];
        }
      }
      return out;
    });
  }

  /** Tables where `field` is a column marked `rectify: true` (and not excluded). */
  private rectifyTables(field: string): string[] {
    return Object.entries(this.config.tables)
      .filter(([, rule]) => rule.fields[field]?.rectify === true && !rule.fields[field]?.exclude)
      .map(([table]) => table);
  }

  /** One effect on the subject's rows of its table; answers the rows updated or inserted. */
  private async applyChange(
    db: pg.PoolClient,
    change: Change,
    keys: unknown[],
    values: (value: unknown, purpose: string | undefined) => unknown,
  ): Promise<number> {
    const { effect, purpose, lift } = change;
    const table = effect.table;
    const fill = (v: unknown) => values(v, purpose);
    const set = Object.entries(lift ? lifted(effect.set) : effect.set).map(
      ([column, value]) => [column, fill(value), isNow(value)] as const,
    );
    const where = Object.entries(effect.where ?? {}).map(([column, value]) => [column, fill(value)] as const);
    const params: unknown[] = [keys];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const whereSql = where.map(([c, v]) => ` AND t0.${quoteIdent(c)} = ${param(v)}`).join('');
    if (!effect.insert || where.length > 0) {
      // An instant is set once (kept while set); other columns wherever they differ.
      const assignments = set.map(([c, v]) => `${quoteIdent(c)} = ${param(v)}`).join(', ');
      const differs = set
        .map(([c, , instant], i) =>
          instant && !lift
            ? `t0.${quoteIdent(c)} IS NULL`
            : `t0.${quoteIdent(c)} IS DISTINCT FROM $${params.length - set.length + i + 1}`,
        )
        .join(' OR ');
      const updated = await db.query(
        `UPDATE ${this.table(table)} t0 SET ${assignments}
          WHERE ${this.belongs(table, 0)}${whereSql} AND (${differs})`,
        params,
      );
      if (!effect.insert) return updated.rowCount ?? 0;
      // Upsert: the missing row is inserted below when the subject has none matching `where`.
      const exists = await db.query(
        `SELECT 1 FROM ${this.table(table)} t0 WHERE ${this.belongs(table, 0)}${whereSql} LIMIT 1`,
        [keys, ...where.map(([, v]) => v)],
      );
      if (exists.rows.length > 0) return updated.rowCount ?? 0;
    }
    return this.insertRows(db, table, keys, [...where, ...set]);
  }

  /**
   * One row per subject into `table` (its link column filled in), unless a row of that subject
   * already holds the same values (instants aside): a history row is written once per request.
   */
  private async insertRows(
    db: pg.PoolClient,
    table: string,
    keys: unknown[],
    columns: ReadonlyArray<readonly [string, unknown, boolean?]>,
  ): Promise<number> {
    const link = this.config.tables[table]?.link;
    const [target = '', targetColumn = ''] = link?.references.split('.') ?? [];
    if (!link || target !== this.config.subject.table) {
      throw new SourceError(
        'source_schema_mismatch',
        `effect on "${table}": insert needs a table linked directly to "${this.config.subject.table}"`,
        false,
      );
    }
    const owners = await db.query<{ v: unknown }>(
      `SELECT ${quoteIdent(targetColumn)} AS v FROM ${this.table(target)} t0 WHERE ${this.belongs(target, 0)}`,
      [keys],
    );
    const unique = new Map(columns.map(([c, v, instant]) => [c, { v, isNow: instant === true }]));
    const names = [link.column, ...unique.keys()];
    const same = [...unique.entries()].filter(([, x]) => !x.isNow);
    let inserted = 0;
    for (const { v: owner } of owners.rows) {
      const found = await db.query(
        `SELECT 1 FROM ${this.table(table)} WHERE ${quoteIdent(link.column)} = $1${same
          .map(([c], i) => ` AND ${quoteIdent(c)} IS NOT DISTINCT FROM $${i + 2}`)
          .join('')} LIMIT 1`,
        [owner, ...same.map(([, x]) => x.v)],
      );
      if (found.rows.length > 0) continue;
      const result = await db.query(
        `INSERT INTO ${this.table(table)} (${names.map(quoteIdent).join(', ')})
         VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
        [owner, ...[...unique.values()].map((x) => x.v)],
      );
      inserted += result.rowCount ?? 0;
    }
    return inserted;
  }

  /** Ends the pool; calling it again is harmless. */
  close(): Promise<void> {
    this.closed ??= this.pool.end();
    return this.closed;
  }

  /** The catalog, inspected once; a map that does not fit the database fails every call. */
  private async ready(): Promise<Catalog> {
    this.catalog ??= inspectCatalog(this.pool, this.config).then(({ catalog, problems }) => {
      if (problems.length > 0) throw new SourceError('source_schema_mismatch', problems.join('; '), false);
      return catalog;
    });
    try {
      return await this.catalog;
    } catch (error) {
      // Inspected again next time: the database may be back, or the schema fixed.
      this.catalog = undefined;
      throw sourceError(error);
    }
  }

  /** Runs `work` on one pooled connection; a transaction left open by a failure is rolled back. */
  private async run<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    let db: pg.PoolClient | undefined;
    let broken = false;
    // A connection that dies while checked out also emits `error` on the client: without a listener
    // that would crash the process; the running query rejects as well, and that is what we report.
    const onError = () => {
      broken = true;
    };
    try {
      db = await this.pool.connect();
      db.on('error', onError);
      return await work(db);
    } catch (error) {
      await db?.query('ROLLBACK').catch(() => {
        broken = true; // the connection is gone: discard it rather than pool it
      });
      // The sink's own failure (the portal's side) is not this source's.
      if (error instanceof SinkFailure) throw error.cause;
      const failure = sourceError(error);
      if (failure instanceof SourceError && failure.code === 'source_schema_mismatch')
        this.catalog = undefined;
      throw failure;
    } finally {
      db?.off('error', onError);
      db?.release(broken);
    }
  }

  /** Subject rows found by e-mail (case-insensitive, nothing else folded) or a staff-linked identifier. */
  private async findSubjects(
    db: pg.PoolClient,
    catalog: Catalog,
    subject: SubjectIdentity,
  ): Promise<Array<{ key: unknown; matchedOn: string }>> {
    const s = this.config.subject;
    const emails = [
      subject.email,
      ...subject.identifiers.filter((i) => i.kind === 'email').map((i) => i.value),
    ];
    const params: unknown[] = [emails];
    const tests: Array<{ on: string; sql: string }> = [
      {
        on: 'email',
        sql: `lower(${quoteIdent(s.email)}::text) = ANY(SELECT lower(v) FROM unnest($1::text[]) v)`,
      },
    ];
    for (const [kind, column] of Object.entries(s.identifiers ?? {})) {
      const values = subject.identifiers.filter((i) => i.kind === kind).map((i) => i.value);
      if (!column || values.length === 0) continue;
      params.push(values);
      tests.push({ on: kind, sql: `${quoteIdent(column)}::text = ANY($${params.length}::text[])` });
    }
    const flags = tests.map((t, i) => `(${t.sql}) IS TRUE AS m${i}`).join(', ');
    const result = await db.query<SubjectRow>(
      `SELECT ${quoteIdent(s.key)} AS key, ${flags} FROM ${this.table(s.table)}
        WHERE ${tests.map((t) => `(${t.sql})`).join(' OR ')}
        ${orderBy(catalog, s.table, '')}`,
      params,
    );
    return result.rows.map((row) => ({
      key: row.key,
      matchedOn: tests
        .filter((_, i) => row[`m${i}`])
        .map((t) => t.on)
        .join('+'),
    }));
  }

  /**
   * The subject's rows of `table`: its link chain as nested `IN` sub-queries down to the subject table
   * (any depth, a row never repeated), selecting every catalog column except the excluded ones.
   * $1 is the array of subject keys.
   */
  private rowsQuery(catalog: Catalog, table: string): string {
    const rule = this.config.tables[table];
    const columns = [...(catalog.get(table)?.columns.keys() ?? [])].filter((c) => !rule?.fields[c]?.exclude);
    const select = columns.map((c) => `t0.${quoteIdent(c)}`).join(', ');
    return `SELECT ${select} FROM ${this.table(table)} t0 WHERE ${this.belongs(table, 0)} ${orderBy(catalog, table, 't0.')}`;
  }

  /** Condition "row t<depth> of `table` belongs to the subject", following links. */
  private belongs(table: string, depth: number): string {
    const subject = this.config.subject;
    if (table === subject.table) return `t${depth}.${quoteIdent(subject.key)} = ANY($1)`;
    const link = this.config.tables[table]?.link;
    if (!link) throw new SourceError('source_schema_mismatch', `table "${table}" has no link`, false);
    const [target = '', column = ''] = link.references.split('.');
    const next = depth + 1;
    return `t${depth}.${quoteIdent(link.column)} IN (SELECT t${next}.${quoteIdent(column)} FROM ${this.table(target)} t${next} WHERE ${this.belongs(target, next)})`;
  }

  private table(name: string): string {
    return `${quoteIdent(this.config.schema)}.${quoteIdent(name)}`;
  }
}

export function createPostgresSource(config: PostgresSourceConfig, deps: PostgresSourceDeps): PostgresSource {
  return new PostgresSource(config, deps);
}

/** Carries an error thrown by the sink through `run` untouched. */
class SinkFailure {
  constructor(readonly cause: unknown) {}
}

function orderBy(catalog: Catalog, table: string, prefix: string): string {
  const key = catalog.get(table)?.primaryKey ?? [];
  return key.length > 0 ? `ORDER BY ${key.map((c) => prefix + quoteIdent(c)).join(', ')}` : '';
}

/** Row values as JSON holds them: instants as ISO text, binary as base64. */
function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      value instanceof Date ? value.toISOString() : Buffer.isBuffer(value) ? value.toString('base64') : value;
  }
  return out;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** A driver error as a SourceError whose message holds no value (PostgreSQL messages may quote data). */
function sourceError(error: unknown): unknown {
  if (error instanceof SourceError || (error instanceof Error && error.name === 'AbortError')) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return new SourceError('source_unreachable', 'database unreachable');
  if (UNREACHABLE.has(code) || /^(08|57P|53)/.test(code)) {
    return new SourceError('source_unreachable', `database unreachable (${code})`);
  }
  if (/^(28|42501)/.test(code)) {
    return new SourceError('source_rejected', `database refused the connection or query (${code})`, false);
  }
  if (/^(42P01|42703|3F000)/.test(code)) {
    return new SourceError('source_schema_mismatch', `database schema changed (${code})`, false);
  }
  return new SourceError('source_bad_answer', `query failed (SQLSTATE ${code})`);
}
