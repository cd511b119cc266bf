import type { PostgresSourceConfig, TableRule } from '../datamap.schema.ts';
import { perLocale } from './manual.ts';
import type { Catalog, Queryable } from './postgres-catalog.ts';
import type { ErasureTableResult } from './source.ts';

// Erasure in a postgres source, as SQL built from the map (identifiers checked against the catalog
// and quoted, values always parameters: $1 the subject's keys, $2 the instant the periods run to).
//
// Per row of the subject, in every table of the map:
// - held: its table's `retention` period (from its `from` column) has not ended, or it is linked to
//   a held row of its parent table (rows linked to a kept row are kept too). Held rows stay as they
//   are, until the latest of those dates, with the basis of the retention rule.
// - otherwise `keep` leaves it, `anonymise` sets its personal columns to NULL (or a neutral value
//   where the column is NOT NULL or unique), `delete` deletes it, unless a row of a child table that
//   stays points at it: then it is anonymised instead, so no foreign key is ever broken.
// Children are erased before their parents; the dry run counts with the very same conditions, so
// what staff see before running is what the run does.

type Quote = (name: string) => string;

export interface ErasureSql {
  /** Tables children first (deepest link chain first), the subject table last. */
  order: string[];
  count(table: string): string;
  del(table: string): string | null;
  anonymise(table: string): string | null;
  basis(table: string): string | null;
}

export function erasureSql(
  config: PostgresSourceConfig,
  catalog: Catalog,
  quote: Quote,
  qualified: (table: string) => string,
): ErasureSql {
  const tables = config.tables;
  let n = 0;
  const alias = () => `e${++n}`;
  const rule = (table: string): TableRule => {
    const found = tables[table];
    if (!found) throw new Error(`table "${table}" is not in the map`);
    return found;
  };
  const linkOf = (table: string) => {
    const link = rule(table).link;
    if (!link) return undefined;
    const [parent = '', column = ''] = link.references.split('.');
    return { column: link.column, parent, parentColumn: column };
  };
  const children = (table: string) =>
    Object.keys(tables).flatMap((child) => {
      const link = child === config.subject.table ? undefined : linkOf(child);
      return link && link.parent === table ? [{ child, ...link }] : [];
    });
  const depth = (table: string): number => {
    let d = 0;
    for (let t: string | undefined = table; t && t !== config.subject.table; t = linkOf(t)?.parent) d++;
    return d;
  };
  const chainRetains = (table: string): boolean => {
    for (
      let t: string | undefined = table;
      t;
      t = t === config.subject.table ? undefined : linkOf(t)?.parent
    ) {
      if (rule(t).retention) return true;
    }
    return false;
  };

  const belongs = (table: string, a: string): string => {
    if (table === config.subject.table) return `${a}.${quote(config.subject.key)} = ANY($1)`;
    const link = linkOf(table);
    if (!link) throw new Error(`table "${table}" has no link`);
    const b = alias();
    return `${a}.${quote(link.column)} IN (SELECT ${b}.${quote(link.parentColumn)} FROM ${qualified(link.parent)} ${b} WHERE ${belongs(link.parent, b)})`;
  };

  /** The date until which row `a` is held (NULL: not held by any retention), or null when none applies. */
  const until = (table: string, a: string): string | null => {
    const parts: string[] = [];
    const retention = rule(table).retention;
    if (retention) {
      parts.push(
        `((${a}.${quote(retention.from)})::timestamptz + make_interval(years => ${Math.trunc(retention.years)}))`,
      );
    }
    const link = table === config.subject.table ? undefined : linkOf(table);
    if (link && chainRetains(link.parent)) {
      const b = alias();
      const parentUntil = until(link.parent, b);
      parts.push(
        `(SELECT max(${parentUntil}) FROM ${qualified(link.parent)} ${b} WHERE ${b}.${quote(link.parentColumn)} = ${a}.${quote(link.column)})`,
      );
    }
    if (parts.length === 0) return null;
    return parts.length === 1 ? (parts[0] as string) : `GREATEST(${parts.join(', ')})`;
  };
  const held = (table: string, a: string): string => {
    const u = until(table, a);
    return u ? `COALESCE(${u} > $2::timestamptz, false)` : 'false';
  };
  /** Row `a` is still there after the erasure (held, not deleted by its rule, or a staying child points at it). */
  const stays = (table: string, a: string): string => {
    if (rule(table).erase !== 'delete') return 'true';
    const parts = [held(table, a)];
    for (const c of children(table)) {
      const b = alias();
      parts.push(
        `EXISTS (SELECT 1 FROM ${qualified(c.child)} ${b} WHERE ${b}.${quote(c.column)} = ${a}.${quote(c.parentColumn)} AND ${stays(c.child, b)})`,
      );
    }
    return `(${parts.join(' OR ')})`;
  };

  /** Columns erasure never touches: keys and links (foreign keys stay whole), and what the map says is not personal or never touched. */
  const personalColumns = (table: string): string[] => {
    const info = catalog.get(table);
    if (!info) return [];
    const r = rule(table);
    const fixed = new Set(info.primaryKey);
    const link = table === config.subject.table ? undefined : linkOf(table);
    if (link) fixed.add(link.column);
    if (table === config.subject.table) fixed.add(config.subject.key);
    for (const c of children(table)) fixed.add(c.parentColumn);
    return [...info.columns.keys()].filter(
      (c) => !fixed.has(c) && r.fields[c]?.personal !== false && !r.fields[c]?.exclude,
    );
  };

  /** NULL, or a neutral value of the column's type where NULL is refused (distinct per row where unique). */
  const neutral = (table: string, column: string, a: string): string | null => {
    const info = catalog.get(table);
    if (!info) return null;
    if (!info.notNull.has(column)) return 'NULL';
    const type = info.columns.get(column) ?? '';
    const unique = info.unique.has(column);
    const keyText = info.primaryKey.length
      ? `concat_ws(',', ${info.primaryKey.map((k) => `${a}.${quote(k)}::text`).join(', ')})`
      : `${a}.ctid::text`;
    // Deterministic: the same row gets the same value on any run.
    const digest = `md5(${literal(`${table}.${column}:`)} || ${keyText})`;
    if (/^(text|character varying|character|citext)$/.test(type)) return unique ? digest : "''";
    if (type === 'uuid') return unique ? `${digest}::uuid` : `'00000000-0000-0000-0000-000000000000'`;
    if (unique) return null;
    if (/^(smallint|integer|bigint|numeric|real|double precision)$/.test(type)) return '0';
    if (type === 'boolean') return 'false';
    if (/^(date|timestamp)/.test(type)) return `'1970-01-01'`;
    if (type === 'json' || type === 'jsonb') return `'{}'`;
    if (type === 'ARRAY') return `'{}'`;
    if (type === 'bytea') return `'\\x'`;
    // An enum or another type without an obvious neutral value: left as it is.
    return null;
  };

  const order = Object.keys(tables).sort((x, y) => depth(y) - depth(x));
  return {
    order,
    count(table) {
      const a = alias();
      const u = until(table, a) ?? 'NULL::timestamptz';
      return `SELECT count(*)::int AS total,
                     count(*) FILTER (WHERE h)::int AS held,
                     count(*) FILTER (WHERE NOT h AND s)::int AS staying,
                     max(u) FILTER (WHERE h) AS until
                FROM (SELECT ${held(table, a)} AS h, ${stays(table, a)} AS s, ${u} AS u
                        FROM ${qualified(table)} ${a} WHERE ${belongs(table, a)}) x`;
    },
    del(table) {
      if (rule(table).erase !== 'delete') return null;
      const a = alias();
      return `DELETE FROM ${qualified(table)} AS ${a} WHERE ${belongs(table, a)} AND NOT ${stays(table, a)}`;
    },
    anonymise(table) {
      if (rule(table).erase === 'keep') return null;
      const a = alias();
      const sets = personalColumns(table).flatMap((c) => {
        const value = neutral(table, c, a);
        return value === null ? [] : [`${quote(c)} = ${value}`];
      });
      if (sets.length === 0) return null;
      return `UPDATE ${qualified(table)} AS ${a} SET ${sets.join(', ')}
               WHERE ${belongs(table, a)} AND NOT ${held(table, a)} AND ${stays(table, a)}`;
    },
    basis(table) {
      const bases: string[] = [];
      for (
        let t: string | undefined = table;
        t;
        t = t === config.subject.table ? undefined : linkOf(t)?.parent
      ) {
        const basis = rule(t).retention?.basis;
        if (basis && !bases.includes(basis)) bases.push(basis);
      }
      return bases.length ? bases.join('; ') : null;
    },
  };
}

/** A SQL string literal of text the map holds (table and column names only). */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

interface CountRow {
  total: number;
  held: number;
  staying: number;
  until: Date | string | null;
}

/** What the erasure would do (or is about to do) per table, from the same conditions the run uses. */
export async function countErasure(
  db: Queryable,
  config: PostgresSourceConfig,
  sql: ErasureSql,
  keys: unknown[],
  now: Date,
): Promise<ErasureTableResult[]> {
  const out: ErasureTableResult[] = [];
  for (const [table, rule] of Object.entries(config.tables)) {
    const [row] = (await db.query<CountRow>(sql.count(table), params(sql.count(table), keys, now))).rows;
    const total = row?.total ?? 0;
    const heldRows = row?.held ?? 0;
    const staying = row?.staying ?? 0;
    const keepAll = rule.erase === 'keep';
    const untilValue = row?.until ?? null;
    out.push({
      table,
      category: rule.category,
      description: rule.description ? perLocale(rule.description) : null,
      erase: rule.erase,
      rows: total,
      erased: keepAll ? 0 : total - heldRows - staying,
      anonymised: keepAll ? 0 : staying,
      kept: keepAll ? total : heldRows,
      keptUntil: heldRows > 0 && untilValue ? dateOnly(untilValue) : null,
      basis: heldRows > 0 ? sql.basis(table) : null,
    });
  }
  return out;
}

/** Runs the erasure statements, children first; the caller holds the transaction. */
export async function executeErasure(
  db: Queryable,
  sql: ErasureSql,
  keys: unknown[],
  now: Date,
  signal: AbortSignal,
): Promise<void> {
  for (const table of sql.order) {
    signal.throwIfAborted();
    const del = sql.del(table);
    if (del) await db.query(del, params(del, keys, now));
    const update = sql.anonymise(table);
    if (update) await db.query(update, params(update, keys, now));
  }
}

/** PostgreSQL refuses a parameter a statement does not use: $2 goes only where a retention reads it. */
function params(text: string, keys: unknown[], now: Date): unknown[] {
  return text.includes('$2') ? [keys, now] : [keys];
}

function dateOnly(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString().slice(0, 10);
}
