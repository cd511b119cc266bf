import { createHash } from 'node:crypto';
import type pg from 'pg';

// One SQL statement built from parts, for hot paths where each round trip and each ORM call counts
// (intake: request, audit event, event job and wake-up in one statement). Each part is a CTE; a
// single statement commits or fails as a whole, so the parts are as atomic as one transaction.
// Parts are written by the module that owns the table (intake.repository, audit.repository,
// events.queues, jobs/boss); callers only compose them.

export class Statement {
  private readonly values: unknown[] = [];
  private readonly ctes: string[] = [];
  private readonly checks: Array<{ expression: string; column: string; check: (value: unknown) => void }> =
    [];

  /** A placeholder for `value` (`$n`). */
  param(value: unknown): string {
    this.values.push(value === undefined ? null : value);
    return `$${this.values.length}`;
  }

  /** Adds `name AS (sql)`. Data-modifying parts always run; a SELECT part only if referenced. */
  with(name: string, sql: string): this {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`statement: bad CTE name "${name}"`);
    this.ctes.push(`${name} AS (${sql})`);
    return this;
  }

  /** A scalar the final SELECT returns and `check` verifies (e.g. that a job row was created). */
  require(expression: string, check: (value: unknown) => void): this {
    this.checks.push({ expression, column: `_check${this.checks.length}`, check });
    return this;
  }

  /** Runs `SELECT <select> FROM <from>` after the parts; returns the first row (or undefined). */
  async run<Row extends Record<string, unknown>>(
    db: Pick<pg.Pool, 'query'>,
    select: string,
    from?: string,
  ): Promise<Row | undefined> {
    const checks = this.checks.map((c) => `${c.expression} AS ${c.column}`);
    const columns = [select, ...checks].join(', ');
    const text = `WITH ${this.ctes.join(',\n')}\nSELECT ${columns}${from ? ` FROM ${from}` : ''}`;
    // Named: each connection parses and plans a given shape once, then only binds and executes it.
    const { rows } = await db.query({ name: statementName(text), text, values: this.values });
    const row = rows[0] as Record<string, unknown> | undefined;
    for (const c of this.checks) c.check(row?.[c.column]);
    return row as Row | undefined;
  }
}

const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `dsr_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    if (names.size < 1000) names.set(text, name);
  }
  return name;
}
