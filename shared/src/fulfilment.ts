import { z } from 'zod';
import { text } from './text.ts';

// What staff see and send about fulfilment (the portal acting on the controller's data), shared by
// the API (route schemas) and the staff web. The data map itself never leaves the API.

const instant = z.iso.datetime();

export const FULFILMENT_STATES = ['pending', 'running', 'waiting', 'done', 'failed'] as const;
export const fulfilmentStateSchema = z.enum(FULFILMENT_STATES);
export type FulfilmentState = z.infer<typeof fulfilmentStateSchema>;

export const SOURCE_KINDS = ['postgres', 'webhook', 'manual'] as const;
export const IDENTIFIER_KINDS = ['email', 'customer_number', 'phone', 'other'] as const;
export const identifierKindSchema = z.enum(IDENTIFIER_KINDS);

/** Stable codes of a source's failure; the staff web says each in words. */
export const SOURCE_ERROR_CODES = [
  'source_unreachable',
  'source_schema_mismatch',
  'source_rejected',
  'source_unavailable',
  'source_timeout',
  'source_bad_answer',
] as const;

export const PACKAGE_STATES = ['building', 'ready', 'failed', 'released'] as const;

export const ERASE_RULES = ['delete', 'anonymise', 'keep'] as const;

/** What an erasure did, or in a dry run would do, in one table of a source. */
export const erasureTableSchema = z.object({
  table: z.string(),
  category: z.string(),
  /** The map's description of the table, per locale (null when it has none). */
  description: z.object({ fr: z.string(), en: z.string() }).nullable(),
  erase: z.enum(ERASE_RULES),
  /** The subject's rows before the erasure. */
  rows: z.int(),
  erased: z.int(),
  anonymised: z.int(),
  kept: z.int(),
  /** The latest date a kept row is held until (YYYY-MM-DD), when a legal retention holds rows. */
  keptUntil: z.iso.date().nullable(),
  /** The legal basis of that retention. */
  basis: z.string().nullable(),
});
export type ErasureTable = z.infer<typeof erasureTableSchema>;

/** Localised text as sent to staff: already in the staff member's language. */
export const fulfilmentSourceViewSchema = z.object({
  name: z.string(),
  kind: z.enum(SOURCE_KINDS),
  state: fulfilmentStateSchema,
  /** Subject records matched by the verified e-mail and linked identifiers; null until counted, and for
   *  a webhook or manual source, which finds the subject itself when asked. */
  matchCount: z.int().nullable(),
  matches: z.array(z.object({ key: z.string(), matchedOn: z.string() })),
  attempts: z.int(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  nextAttemptAt: instant.nullable(),
  /** Per table: rows collected (access/portability); part 2 adds erased / kept with basis. */
  tables: z.array(z.object({ table: z.string(), category: z.string(), rows: z.int() })),
  finishedAt: instant.nullable(),
  /** Erasure: what was erased, anonymised and kept per table (null until the source erased). */
  erasure: z.array(erasureTableSchema).nullable(),
});
export type FulfilmentSourceView = z.infer<typeof fulfilmentSourceViewSchema>;

export const fulfilmentTaskViewSchema = z.object({
  id: z.uuid(),
  system: z.string(),
  instructions: z.string(),
  status: z.enum(['open', 'done']),
  note: z.string().nullable(),
  attachment: z.object({ name: z.string(), sizeBytes: z.int() }).nullable(),
  completedAt: instant.nullable(),
  completedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});

export const packageViewSchema = z.object({
  state: z.enum(PACKAGE_STATES),
  fileName: z.string().nullable(),
  sizeBytes: z.int().nullable(),
  builtAt: instant.nullable(),
  releasedAt: instant.nullable(),
  /** Rows per source and table in the package, and how many staff left out (Art. 15(4)). */
  tables: z.array(z.object({ source: z.string(), table: z.string(), rows: z.int(), excluded: z.int() })),
  lastError: z.string().nullable(),
});

/** `fulfilment` in GET /staff/requests/:reference. */
export const fulfilmentViewSchema = z.object({
  /** False for types answered by staff alone (information, automated_decision). */
  applicable: z.boolean(),
  /** A fulfil run is in progress (some source pending, running or waiting). */
  running: z.boolean(),
  /** Matches are being counted in the background (after start): the staff page reloads until they are. */
  matching: z.boolean(),
  progress: z.object({ done: z.int(), total: z.int() }),
  sources: z.array(fulfilmentSourceViewSchema),
  identifiers: z.array(
    z.object({ id: z.uuid(), kind: identifierKindSchema, value: z.string(), addedAt: instant }),
  ),
  tasks: z.array(fulfilmentTaskViewSchema),
  package: packageViewSchema.nullable(),
});
export type FulfilmentView = z.infer<typeof fulfilmentViewSchema>;

/** POST /staff/requests/:reference/identifiers */
export const addIdentifierBodySchema = z.strictObject({
  kind: identifierKindSchema,
  value: text(254),
});

/** POST /staff/requests/:reference/tasks/:id (JSON, or multipart with the same fields and a `file`). */
export const closeTaskBodySchema = z.strictObject({
  status: z.literal('done'),
  /** The evidence: a ticket number, what was done. */
  note: text(5000),
});

/** POST /staff/requests/:reference/package/exclusions: leave a row, or some of its fields, out. */
export const packageExclusionBodySchema = z.strictObject({
  recordId: z.string().regex(/^\d{1,18}$/),
  /** Absent: the whole row is left out. */
  fields: z.array(z.string().min(1).max(63)).min(1).max(200).optional(),
  reason: text(2000),
});

/** One row of the draft, for the review (GET /staff/requests/:reference/package/records). */
export const packageRecordSchema = z.object({
  id: z.string(),
  source: z.string(),
  table: z.string(),
  data: z.record(z.string(), z.unknown()),
  excluded: z.boolean(),
  excludedFields: z.array(z.string()),
  exclusionReason: z.string().nullable(),
});

/** Callback a webhook source sends after answering 202 (signed like our deliveries). */
export const webhookCallbackBodySchema = z.strictObject({
  status: z.enum(['done', 'failed']),
  data: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).optional(),
  message: z.string().max(2000).optional(),
});

/**
 * A webhook source's answer to an erasure (`200 {"erasure": [...]}`, optional): per table what it
 * erased and what it kept, until when and why, shown to staff and the subject like a postgres
 * source's result.
 */
export const webhookErasureAnswerSchema = z
  .array(
    z.strictObject({
      table: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/),
      erased: z.int().min(0),
      anonymised: z.int().min(0).default(0),
      kept: z.int().min(0).default(0),
      keptUntil: z.iso.date().optional(),
      basis: z.string().min(1).max(500).optional(),
      description: z.strictObject({ fr: z.string().max(200), en: z.string().max(200) }).optional(),
    }),
  )
  .max(100);

/** GET /staff/requests/:reference/package/records: one table of the draft, a page at a time. */
export const packageRecordsQuerySchema = z.strictObject({
  source: z.string().min(1).max(50),
  table: z.string().min(1).max(63),
  /** Opaque; from the previous page's `nextCursor`. */
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const packageRecordsPageSchema = z.object({
  items: z.array(packageRecordSchema),
  nextCursor: z.string().nullable(),
});

/** POST /staff/requests/:reference/fulfilment/sources/:source/retry */
export const sourceParamsSchema = z.strictObject({
  reference: z.string().min(1).max(40),
  source: z.string().min(1).max(50),
});

/** A field the rectification form offers: a column the data map marks `rectify: true`, by its label. */
export const rectifyFieldSchema = z.object({
  field: z.string(),
  label: z.object({ fr: z.string(), en: z.string() }),
});
/** GET /rectification/fields: the form's list (the free "other" correction is always offered too). */
export const rectifyFieldsSchema = z.object({ fields: z.array(rectifyFieldSchema) });
export type RectifyField = z.infer<typeof rectifyFieldSchema>;
/** The field name of the free correction staff apply by hand. */
export const OTHER_CORRECTION_FIELD = 'other';

/** GET /staff/requests/:reference/rectification: each correction beside the value the sources hold now. */
export const rectificationReviewSchema = z.object({
  corrections: z.array(
    z.object({
      index: z.int(),
      field: z.string(),
      /** In the staff member's language; the field itself when the map does not label it. */
      label: z.string(),
      /** What the subject says the value is now (optional on the form). */
      statedValue: z.string().nullable(),
      correctedValue: z.string(),
      /** Per source holding the field: the subject's current values (one per matched row). */
      current: z.array(z.object({ source: z.string(), values: z.array(z.string()) })),
      /** Sources that could not be read (shown as such, never as "empty"). */
      unreadable: z.array(z.object({ source: z.string(), code: z.string() })),
      /** False for "other" or a field no source maps: staff apply it by hand. */
      automatic: z.boolean(),
      decision: z.object({ accept: z.boolean(), reason: z.string().nullable() }).nullable(),
    }),
  ),
});
export type RectificationReview = z.infer<typeof rectificationReviewSchema>;
/** GET /staff/requests/:reference/fulfilment/erasure-plan: the dry run, per source. */
export const erasurePlanSchema = z.object({
  sources: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(SOURCE_KINDS),
      /**
       * `rows`: the counts below (changes nothing); `done`: already erased (its result below);
       * `delivery`: a webhook source is asked to erase; `task`: staff erase by hand and note it;
       * `failed`: the source could not be read (its error code in `error`).
       */
      what: z.enum(['rows', 'done', 'delivery', 'task', 'failed']),
      tables: z.array(erasureTableSchema),
      error: z.string().nullable(),
    }),
  ),
});
export type ErasurePlan = z.infer<typeof erasurePlanSchema>;
