import { effectEntries, type PostgresSourceConfig } from '../datamap.schema.ts';

// What a postgres source's map names, checked against the live catalog before any row is read.
// The answer also carries each table's columns, so queries select exactly the columns that exist
// (less the excluded ones) and never `*`.

export interface TableInfo {
  /** Columns in catalog order, with their information_schema data type. */
  columns: Map<string, string>;
  /** Primary key columns, for a stable row order; empty when the table has none. */
  primaryKey: string[];
  /** Columns declared NOT NULL (erasure gives them a neutral value instead of NULL). */
  notNull: Set<string>;
  /** Columns that alone carry a unique constraint or index (a neutral value must differ per row). */
  unique: Set<string>;
}

export type Catalog = Map<string, TableInfo>;

export interface Queryable {
  query<R extends object>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

const DATE_TYPES = new Set(['date', 'timestamp without time zone', 'timestamp with time zone']);

/** Reads the catalog for the map's tables and lists every name the map uses that it lacks. */
export async function inspectCatalog(
  db: Queryable,
  config: PostgresSourceConfig,
): Promise<{ catalog: Catalog; problems: string[] }> {
  const schema = config.schema;
  const names = Object.keys(config.tables);
  const catalog: Catalog = new Map();
  const found = await db.query('SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [schema]);
  if (found.rows.length === 0) return { catalog, problems: [`schema "${schema}" not found`] };

  const columns = await db.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
  }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = $1 AND c.table_name = ANY($2::text[])
      ORDER BY c.table_name, c.ordinal_position`,
    [schema, names],
  );
  for (const row of columns.rows) {
    const info = catalog.get(row.table_name) ?? {
      columns: new Map(),
      primaryKey: [],
      notNull: new Set(),
      unique: new Set(),
    };
    catalog.set(row.table_name, info);
    info.columns.set(row.column_name, row.data_type);
    if (row.is_nullable === 'NO') info.notNull.add(row.column_name);
  }
  const keys = await db.query<{ table_name: string; column_name: string }>(
    `SELECT tc.table_name, k.column_name
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage k
         ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
        AND k.table_name = tc.table_name
      WHERE tc.table_schema = $1 AND tc.constraint_type = 'PRIMARY KEY' AND tc.table_name = ANY($2::text[])
      ORDER BY tc.table_name, k.ordinal_position`,
    [schema, names],
  );
  for (const row of keys.rows) catalog.get(row.table_name)?.primaryKey.push(row.column_name);
  // Single-column unique indexes (constraints create one too).
  const unique = await db.query<{ table_name: string; column_name: string }>(
    `SELECT t.relname AS table_name, a.attname AS column_name
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
      WHERE n.nspname = $1 AND t.relname = ANY($2::text[]) AND i.indisunique AND i.indnatts = 1`,
    [schema, names],
  );
  for (const row of unique.rows) catalog.get(row.table_name)?.unique.add(row.column_name);
  return { catalog, problems: mapProblems(config, catalog) };
}

/** Every table and column the map names that the catalog lacks, as lines for the operator. */
function mapProblems(config: PostgresSourceConfig, catalog: Catalog): string[] {
  const problems: string[] = [];
  const missingTables = new Set<string>();
  for (const table of Object.keys(config.tables)) {
    if (!catalog.has(table)) {
      missingTables.add(table);
      problems.push(`table "${table}" not found in schema ${config.schema}`);
    }
  }
  const need = (table: string, column: string, where: string) => {
    if (missingTables.has(table)) return;
    if (!catalog.get(table)?.columns.has(column)) {
      problems.push(`column "${column}" not found in table "${table}" (${where})`);
    }
  };
  const subject = config.subject;
  need(subject.table, subject.key, 'subject.key');
  need(subject.table, subject.email, 'subject.email');
  for (const [kind, column] of Object.entries(subject.identifiers ?? {})) {
    if (column) need(subject.table, column, `subject.identifiers.${kind}`);
  }
  for (const [table, rule] of Object.entries(config.tables)) {
    for (const column of Object.keys(rule.fields)) need(table, column, `tables.${table}.fields`);
    if (rule.link) {
      need(table, rule.link.column, `tables.${table}.link.column`);
      const [target = '', targetColumn = ''] = rule.link.references.split('.');
      need(target, targetColumn, `tables.${table}.link.references`);
    }
    if (rule.retention) {
      const where = `tables.${table}.retention.from`;
      need(table, rule.retention.from, where);
      const type = catalog.get(table)?.columns.get(rule.retention.from);
      if (type !== undefined && !DATE_TYPES.has(type)) {
        problems.push(
          `column "${rule.retention.from}" of table "${table}" is ${type}, not a date (${where})`,
        );
      }
    }
  }
  for (const [path, effect] of effectEntries(config.effects)) {
    const where = `effects.${path.join('.')}`;
    for (const column of Object.keys(effect.set)) need(effect.table, column, `${where}.set`);
    for (const column of Object.keys(effect.where ?? {})) need(effect.table, column, `${where}.where`);
  }
  return problems;
}
