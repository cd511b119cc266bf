import { CONSENT_PURPOSES, OBJECTION_PURPOSES } from '@dsr/shared/request-types';
import { REQUEST_TYPES } from '@dsr/shared/vocabulary';
import { z } from 'zod';

// The data map (DATA_MAP): where the controller keeps personal data and what each right does there.
// Parsed once at start; an invalid map stops the start naming the key path (see datamap.ts).
// Identifiers (schema, tables, columns) are checked against the live catalog before use and always
// quoted; they never reach SQL as raw text.

/** A PostgreSQL identifier as the map may name it (no quoting games, no schema-qualified names). */
const identifier = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'Expected a plain SQL identifier (letters, digits, _ or $)');

/** Text per locale: { fr, en } (at least one), or one string for every locale. */
export const localisedSchema = z.union([
  z.string().min(1).max(2000),
  z
    .strictObject({ fr: z.string().min(1).max(2000).optional(), en: z.string().min(1).max(2000).optional() })
    .refine((v) => v.fr !== undefined || v.en !== undefined, 'Give at least one of fr, en'),
]);
export type Localised = z.infer<typeof localisedSchema>;

export const fieldRuleSchema = z.strictObject({
  /** Never exported, never touched. */
  exclude: z.boolean().optional(),
  /** Offered on the rectification form (by its label). */
  rectify: z.boolean().optional(),
  label: localisedSchema.optional(),
  /** Personal column: anonymised (NULL or a neutral value) by `erase: anonymise`. Default true. */
  personal: z.boolean().optional(),
});

/** `column` of this table references `references` = "<table>.<column>" of another table of the source. */
export const linkSchema = z.strictObject({
  column: identifier,
  references: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_$]*\.[A-Za-z_][A-Za-z0-9_$]*$/, 'Expected "<table>.<column>"'),
});

export const retentionRuleSchema = z.strictObject({
  years: z.int().min(0).max(100),
  /** Date column the period runs from. */
  from: identifier,
  /** Legal basis, shown to staff and to the subject. */
  basis: z.string().min(1).max(500),
});

export const ERASE_MODES = ['delete', 'anonymise', 'keep'] as const;

export const tableRuleSchema = z.strictObject({
  /** How this table reaches the subject table; absent only on the subject table itself. */
  link: linkSchema.optional(),
  category: z.string().min(1).max(100),
  description: localisedSchema.optional(),
  fields: z.record(identifier, fieldRuleSchema).default({}),
  erase: z.enum(ERASE_MODES).default('keep'),
  retention: retentionRuleSchema.optional(),
});

const columnValues = z.record(identifier, z.union([z.string(), z.number(), z.boolean(), z.null()]));
/**
 * A state change as column values on one table of the source (rows of the subject only). In values,
 * `${purpose}`, `${reference}` and `${now}` are replaced when the effect is applied (they are not
 * environment variables). Lifting a restriction sets the opposite: booleans negated, other values NULL.
 */
export const effectSchema = z.strictObject({
  table: identifier,
  set: columnValues,
  /** Only the subject's rows holding these values (e.g. one purpose of a per-purpose table). */
  where: columnValues.optional(),
  /**
   * Optional: instead of updating, insert one row into `table` with these values (and the `where`
   * values), the link column filled in: a history row (consent), or the missing row when `where`
   * matches none (an upsert).
   */
  insert: z.boolean().optional(),
});

const effectsSchema = z.strictObject({
  restriction: effectSchema.optional(),
  objection: z.partialRecord(z.enum(OBJECTION_PURPOSES), effectSchema).optional(),
  consent_withdrawal: z.partialRecord(z.enum(CONSENT_PURPOSES), effectSchema).optional(),
});

const typesSchema = z.array(z.enum(REQUEST_TYPES)).min(1);
const sourceName = z
  .string()
  .min(1)
  .max(50)
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'Expected lower-case letters, digits, - or _ (it names folders in exports)',
  );

export const postgresSourceSchema = z.strictObject({
  name: sourceName,
  kind: z.literal('postgres'),
  /** A PostgreSQL connection URL, or `builtin` for the portal's own customer area. */
  url: z
    .string()
    .regex(/^(builtin|postgres(ql)?:\/\/.+)$/, 'Expected builtin or a postgresql:// connection URL'),
  schema: identifier.default('public'),
  subject: z.strictObject({
    table: identifier,
    key: identifier,
    email: identifier,
    /** Other columns staff-linked identifiers match on, by kind (customer number, phone). */
    identifiers: z.partialRecord(z.enum(['customer_number', 'phone', 'other']), identifier).optional(),
  }),
  tables: z.record(identifier, tableRuleSchema),
  effects: effectsSchema.default({}),
});

export const webhookSourceSchema = z.strictObject({
  name: sourceName,
  kind: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(16, 'Use a secret of at least 16 characters'),
  types: typesSchema,
  /** Seconds to wait for an answer before a delivery counts as failed. */
  timeoutSeconds: z.int().min(1).max(120).default(10),
});

export const manualSourceSchema = z.strictObject({
  name: sourceName,
  kind: z.literal('manual'),
  instructions: localisedSchema,
  types: typesSchema,
});

export const sourceSchema = z.discriminatedUnion('kind', [
  postgresSourceSchema,
  webhookSourceSchema,
  manualSourceSchema,
]);

export const dataMapSchema = z
  .strictObject({ sources: z.array(sourceSchema).max(100) })
  .superRefine((map, ctx) => {
    const seen = new Set<string>();
    map.sources.forEach((source, i) => {
      if (seen.has(source.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'name'],
          message: `Duplicate source "${source.name}"`,
        });
      }
      seen.add(source.name);
      if (source.kind !== 'postgres') return;
      const tables = source.tables;
      if (!tables[source.subject.table]) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', i, 'subject', 'table'],
          message: `"${source.subject.table}" is not listed under tables`,
        });
      }
      for (const [name, rule] of Object.entries(tables)) {
        if (name === source.subject.table) continue;
        const path = ['sources', i, 'tables', name, 'link'];
        if (!rule.link) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: 'Required: how this table reaches the subject table',
          });
          continue;
        }
        const [target] = rule.link.references.split('.');
        if (!target || !tables[target]) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'references'],
            message: `"${target}" is not listed under tables`,
          });
        } else if (!reachesSubject(tables, name, source.subject.table)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'references'],
            message: `The links from "${name}" go round in a circle and never reach "${source.subject.table}"`,
          });
        }
      }
      for (const [path, effect] of effectEntries(source.effects)) {
        if (!tables[effect.table]) {
          ctx.addIssue({
            code: 'custom',
            path: ['sources', i, 'effects', ...path, 'table'],
            message: `"${effect.table}" is not listed under tables`,
          });
        }
      }
    });
  });

/** Follows `link`s from `table`; false only when they loop (a missing link has its own issue). */
function reachesSubject(
  tables: Record<string, { link?: { references: string } | undefined }>,
  table: string,
  subjectTable: string,
): boolean {
  const seen = new Set<string>();
  let current = table;
  while (current !== subjectTable) {
    if (seen.has(current)) return false;
    seen.add(current);
    const next = tables[current]?.link?.references.split('.')[0];
    if (next === undefined) return true;
    current = next;
  }
  return true;
}

type Effect = z.output<typeof effectSchema>;
/** Every effect of a source with its key path under `effects` (e.g. ['objection', 'direct_marketing']). */
export function effectEntries(effects: {
  restriction?: Effect | undefined;
  objection?: Partial<Record<string, Effect>> | undefined;
  consent_withdrawal?: Partial<Record<string, Effect>> | undefined;
}): Array<[string[], Effect]> {
  const out: Array<[string[], Effect]> = [];
  if (effects.restriction) out.push([['restriction'], effects.restriction]);
  for (const group of ['objection', 'consent_withdrawal'] as const) {
    for (const [purpose, effect] of Object.entries(effects[group] ?? {})) {
      if (effect) out.push([[group, purpose], effect]);
    }
  }
  return out;
}

export type DataMap = z.output<typeof dataMapSchema>;
export type SourceConfig = DataMap['sources'][number];
export type PostgresSourceConfig = z.output<typeof postgresSourceSchema>;
export type WebhookSourceConfig = z.output<typeof webhookSourceSchema>;
export type ManualSourceConfig = z.output<typeof manualSourceSchema>;
export type TableRule = z.output<typeof tableRuleSchema>;
export type EffectConfig = z.output<typeof effectSchema>;
