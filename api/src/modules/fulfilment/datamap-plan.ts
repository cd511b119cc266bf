import { REQUEST_TYPES, type RequestType } from '@dsr/shared/vocabulary';
import type { EffectConfig, PostgresSourceConfig, SourceConfig } from './datamap.schema.ts';

// What each request type would do in a source, in words for the operator (`npm run datamap:check`).
// Pure: reads the map only.

/** One header line for the source, then one line per group of request types. */
export function describeSource(source: SourceConfig): string[] {
  switch (source.kind) {
    case 'postgres':
      return describePostgres(source);
    case 'webhook':
      return [
        `${source.name} (webhook to ${new URL(source.url).host})`,
        ...byTypes(source.types, `signed POST to the system, which answers at once or calls back`),
      ];
    case 'manual': {
      const text =
        typeof source.instructions === 'string'
          ? source.instructions
          : (source.instructions.en ?? source.instructions.fr);
      return [`${source.name} (manual)`, ...byTypes(source.types, `a task for staff: "${text}"`)];
    }
  }
}

function byTypes(types: readonly RequestType[], what: string): string[] {
  const others = REQUEST_TYPES.filter((t) => !types.includes(t));
  return [
    `  ${types.join(', ')}: ${what}`,
    ...(others.length ? [`  ${others.join(', ')}: nothing here`] : []),
  ];
}

function describePostgres(source: PostgresSourceConfig): string[] {
  const where = source.url === 'builtin' ? "the portal's own database" : 'an external database';
  const tables = Object.entries(source.tables);
  const collected = tables.map(([name, rule]) => {
    const excluded = Object.entries(rule.fields)
      .filter(([, f]) => f.exclude)
      .map(([c]) => c);
    return excluded.length ? `${name} (never ${excluded.join(', ')})` : name;
  });
  const kept = new Set(tables.filter(([, r]) => r.retention).map(([name]) => name));
  const erasure = tables.map(([name, rule]) => {
    if (rule.retention) {
      const { years, from, basis } = rule.retention;
      return `${name} ${rule.erase} once ${years} years from ${from} have passed, kept until then (${basis})`;
    }
    const parent = rule.link?.references.split('.')[0];
    const linked = parent && kept.has(parent) ? ` (rows linked to a kept ${parent} row are kept too)` : '';
    return `${name} ${rule.erase}${linked}`;
  });
  const rectifiable = tables.flatMap(([name, rule]) =>
    Object.entries(rule.fields)
      .filter(([, f]) => f.rectify)
      .map(([column, f]) => {
        const label = typeof f.label === 'string' ? f.label : (f.label?.en ?? f.label?.fr);
        return label ? `${name}.${column} (${label})` : `${name}.${column}`;
      }),
  );
  const { restriction, objection = {}, consent_withdrawal = {} } = source.effects;
  const perPurpose = (type: string, effects: Partial<Record<string, EffectConfig>>) => {
    const entries = Object.entries(effects).flatMap(([p, e]) => (e ? [`    ${p}: ${effect(e)}`] : []));
    return entries.length ? [`  ${type}:`, ...entries] : [`  ${type}: nothing (no ${type} effect)`];
  };
  return [
    `${source.name} (postgres, ${where}, schema ${source.schema})`,
    `  access, portability: collect ${collected.join(', ')}`,
    '  erasure:',
    ...erasure.map((line) => `    ${line}`),
    `  rectification: ${rectifiable.length ? rectifiable.join(', ') : 'nothing (no field has rectify: true)'}`,
    `  restriction: ${restriction ? `${effect(restriction)}; lifting sets the opposite` : 'nothing (no restriction effect)'}`,
    ...perPurpose('objection', objection),
    ...perPurpose('consent_withdrawal', consent_withdrawal),
    '  information, automated_decision: nothing here (answered by staff)',
  ];
}

function effect(e: EffectConfig): string {
  const values = (v: Record<string, unknown>) =>
    Object.entries(v)
      .map(([column, value]) => `${column} = ${value === null ? 'NULL' : String(value)}`)
      .join(', ');
  const where = e.where ? ` where ${values(e.where)}` : '';
  if (e.insert && !e.where) return `insert into ${e.table} ${values(e.set)}`;
  return `${e.table}${where} set ${values(e.set)}${e.insert ? ' (the row is inserted when missing)' : ''}`;
}
