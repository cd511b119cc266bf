import { z } from 'zod';
import { REFERENCE_PATTERN } from './reference.ts';
import { requestTypeSchema } from './request-types.ts';
import { denialReasonCodeSchema, statusSchema } from './statuses.ts';
import { emailSchema, localeSchema, text } from './text.ts';

// What the data subject sees of their own request (GET /requests/me) and what they may send about it.
// No staff identity, internal note or audit actor ever appears here.

const instant = z.iso.datetime();

/** Subject actions the status page may offer (a subset of SUBJECT_ACTIONS: verify and expire are not buttons). */
export const SUBJECT_VIEW_ACTIONS = ['cancel', 'reply', 'appeal'] as const;
export const subjectViewActionSchema = z.enum(SUBJECT_VIEW_ACTIONS);
export type SubjectViewAction = z.infer<typeof subjectViewActionSchema>;

const entry = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), at: instant, ...shape });

/** One line of the subject's timeline, built from the audit events they may see. */
export const timelineEntrySchema = z.discriminatedUnion('type', [
  entry('received', {}),
  entry('verified', {}),
  // consent withdrawal / marketing objection honoured at once on verification
  entry('acknowledged', {}),
  entry('status_changed', { from: statusSchema, to: statusSchema }),
  entry('extended', { months: z.int().min(1).max(2), dueAt: instant.nullable() }),
  entry('completed', {}),
  entry('denied', { reasonCode: denialReasonCodeSchema.nullable() }),
  entry('cancelled', {}),
  entry('expired', {}),
  entry('appealed', {}),
  // A message that moved the request (a reply resuming it) says so on its own line: `to`.
  entry('message', { from: z.enum(['subject', 'staff']), to: statusSchema.optional() }),
  // The staff asked the subject for information (the request now waits for their reply).
  entry('info_requested', {}),
]);
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const subjectMessageSchema = z.object({
  from: z.enum(['subject', 'staff']),
  body: z.string(),
  at: instant,
});

export const subjectOutcomeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('completed'), summary: z.string().nullable() }),
  z.object({
    type: z.literal('denied'),
    reasonCode: denialReasonCodeSchema,
    explanation: z.string(),
    /** Last instant an appeal is accepted (60 days, controller's time zone). */
    appealUntil: instant.nullable(),
  }),
]);

export const subjectDownloadSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  sizeBytes: z.int().nullable(),
  expiresAt: instant,
});

/** Portability with `transferTo`: the package went to the recipient the subject named, not to them. */
export const subjectTransferSchema = z.object({
  /** The controller name the subject typed (never the recipient's address). */
  recipient: z.string(),
  at: instant,
});

/** One line of an erasure's outcome, already in the request's language. */
export const subjectErasureItemSchema = z.object({
  source: z.string(),
  /** Null for a system that erased on its own side (webhook, manual task). */
  table: z.string().nullable(),
  rows: z.int().nullable(),
  action: z.enum(['deleted', 'anonymised', 'erased', 'kept']),
  /** Kept rows: the latest date they are held until (YYYY-MM-DD). */
  until: z.iso.date().nullable(),
  /** Kept rows: the legal basis of the retention. */
  basis: z.string().nullable(),
  message: z.string(),
});
export type SubjectErasureItem = z.infer<typeof subjectErasureItemSchema>;

/** Erasure: what was erased, and each item retained with its reason ("items retained", not a bare "done"). */
export const subjectErasureSchema = z.object({
  erased: z.array(subjectErasureItemSchema),
  retained: z.array(subjectErasureItemSchema),
});
export type SubjectErasure = z.infer<typeof subjectErasureSchema>;

/** Art. 19: a recipient of the data told about the rectification, erasure or restriction. */
export const subjectRecipientNoticeSchema = z.object({
  /** The recipient's name in the controller file. */
  recipient: z.string(),
  channel: z.enum(['email', 'webhook']),
  /** When it was delivered; null while it is still being sent. */
  at: instant.nullable(),
});

export const subjectViewSchema = z.object({
  reference: z.string(),
  type: requestTypeSchema,
  status: statusSchema,
  locale: localeSchema,
  details: z.record(z.string(), z.unknown()),
  receivedAt: instant,
  verifiedAt: instant.nullable(),
  /** The deadline in force: the extended one once extended. */
  dueAt: instant.nullable(),
  closedAt: instant.nullable(),
  timeline: z.array(timelineEntrySchema),
  messages: z.array(subjectMessageSchema),
  outcome: subjectOutcomeSchema.nullable(),
  downloads: z.array(subjectDownloadSchema),
  transfers: z.array(subjectTransferSchema),
  /** Rectification: staff's decision on each correction, once taken (a refusal with its reason). */
  corrections: z
    .array(
      z.object({
        index: z.int(),
        field: z.string(),
        /** In the request's language; null when the field is the free "other" correction. */
        label: z.string().nullable(),
        correctedValue: z.string(),
        decision: z.enum(['accepted', 'refused']).nullable(),
        reason: z.string().nullable(),
      }),
    )
    .optional(),
  /**
   * Objection: staff's decision on each purpose other than direct marketing, once taken (a refusal
   * with the compelling legitimate grounds). Absent for other types.
   */
  objections: z
    .array(
      z.object({
        purpose: z.string(),
        /** In the request's language. */
        label: z.string(),
        decision: z.enum(['accepted', 'refused']),
        reason: z.string().nullable(),
      }),
    )
    .optional(),
  /** Erasure: the outcome per source and table, once sources erased (null otherwise). */
  erasure: subjectErasureSchema.nullable(),
  /** Art. 19 notices to recipients after a completed rectification, erasure or restriction. */
  recipientsNotified: z.array(subjectRecipientNoticeSchema),
  allowedActions: z.array(subjectViewActionSchema),
  /** For an appeal: the reference of the denied request it contests. */
  appealOf: z.string().nullable(),
  /** For a denied request that was appealed: the appeal (its own request), shown after any reload. */
  appeal: z
    .object({ reference: z.string(), status: statusSchema, receivedAt: instant, dueAt: instant.nullable() })
    .nullable(),
  /** What the subject wrote when filing (the free-text box of the form), null when nothing. */
  message: z.string().nullable(),
  extension: z
    .object({ months: z.int().min(1).max(2), reason: z.string().nullable(), dueAt: instant.nullable() })
    .optional(),
});
export type SubjectView = z.infer<typeof subjectViewSchema>;

/** POST /requests/me/appeal/access: an access token for the appeal of the request this token opens. */
export const appealAccessAnswerSchema = z.object({ reference: z.string(), accessToken: z.string() });
export type AppealAccessAnswer = z.infer<typeof appealAccessAnswerSchema>;

/** POST /requests/me/cancel */
export const cancelRequestBodySchema = z.strictObject({ reason: text(2000).optional() });
export type CancelRequestBody = z.input<typeof cancelRequestBodySchema>;

/** POST /requests/me/messages */
export const subjectMessageBodySchema = z.strictObject({ body: text(5000) });
export type SubjectMessageBody = z.input<typeof subjectMessageBodySchema>;

/** POST /access-links: a fresh status link, e-mailed only if the address matches the reference. */
export const accessLinkBodySchema = z.strictObject({
  email: emailSchema,
  // What a person typed: surrounding spaces and lower case tolerated.
  reference: z
    .string()
    .max(40)
    .trim()
    .toUpperCase()
    .regex(REFERENCE_PATTERN, 'Expected a reference like DSR-2026-000123'),
});
export type AccessLinkBody = z.input<typeof accessLinkBodySchema>;

export const accessLinkAnswerSchema = z.object({ status: z.literal('sent') });
