import { z } from 'zod';
import { fulfilmentViewSchema } from './fulfilment.ts';
import { requestTypeSchema } from './request-types.ts';
import { denialReasonCodeSchema, STAFF_ACTIONS, statusSchema } from './statuses.ts';
import { localeSchema, NUL_MESSAGE, noNul } from './text.ts';

// What the staff workspace reads about requests: the queue, one request's detail, the dashboard.
// Shared by the API (route schemas) and the web (parsing answers, building query strings).

// Years PostgreSQL and every client can handle; `0000-…` or extended years would fail in the database.
const instant = z.iso.datetime().refine((value) => {
  const year = Number(value.slice(0, 4));
  return year >= 1970 && year <= 9999;
}, 'Out of range (years 1970 to 9999)');

/** Statuses the queue shows when no `status` filter is given: verified work not yet closed. */
export const QUEUE_DEFAULT_STATUSES = ['verified', 'in_progress', 'awaiting_subject'] as const;
export const QUEUE_PAGE_DEFAULT = 25;
export const QUEUE_PAGE_MAX = 100;
export const QUEUE_SORTS = ['due', 'received'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

// A comma-separated list in the query string (`?status=verified,in_progress`), each value checked.
const csvOf = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(500)
    .transform((value) => [...new Set(value.split(',').map((v) => v.trim()))].filter((v) => v !== ''))
    .pipe(z.array(item).min(1));

/** GET /staff/requests query string. */
export const queueQuerySchema = z.strictObject({
  /** Any statuses, comma-separated; default QUEUE_DEFAULT_STATUSES (pending_verification is hidden unless asked for). */
  status: csvOf(statusSchema).optional(),
  type: csvOf(requestTypeSchema).optional(),
  /** A staff user id, `me`, or `none` (unassigned). */
  assignee: z.union([z.uuid(), z.enum(['me', 'none'])]).optional(),
  /** true: only requests past their deadline in force; false: only those not past it. */
  overdue: z.stringbool().optional(),
  /** Deadline in force strictly before this instant (ISO 8601). */
  dueBefore: instant.optional(),
  /**
   * A reference (exact, or a prefix like `DSR-2026-0001`), an e-mail address (exact, any case), or
   * words of the subject's name (each the start of a word of the name, any case: `dup mar` finds
   * Marie Dupont).
   */
  q: z.string().trim().min(1).max(254).refine(noNul, NUL_MESSAGE).optional(),
  /** `due`: deadline in force first (overdue first; the default). `received`: the newest first. */
  sort: z.enum(QUEUE_SORTS).default('due'),
  /** Opaque; from the previous page's `nextCursor`. */
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(QUEUE_PAGE_MAX).default(QUEUE_PAGE_DEFAULT),
});
export type QueueQuery = z.output<typeof queueQuerySchema>;
export type QueueQueryInput = z.input<typeof queueQuerySchema>;

export const staffRefSchema = z.object({ id: z.uuid(), name: z.string() });

export const queueItemSchema = z.object({
  reference: z.string(),
  type: requestTypeSchema,
  status: statusSchema,
  email: z.string(),
  fullName: z.string(),
  receivedAt: instant,
  /** The deadline in force (the extended one once extended). */
  dueAt: instant.nullable(),
  extended: z.boolean(),
  /** Calendar days left in the controller's time zone (0 on the due day, negative when late); null when closed. */
  daysLeft: z.int().nullable(),
  overdue: z.boolean(),
  assignee: staffRefSchema.nullable(),
  isAppeal: z.boolean(),
  version: z.int(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

/** Open requests per status (pending_verification included for information) and how many are overdue. */
export const queueCountsSchema = z.object({
  pending_verification: z.int(),
  verified: z.int(),
  in_progress: z.int(),
  awaiting_subject: z.int(),
  overdue: z.int(),
});
export type QueueCounts = z.infer<typeof queueCountsSchema>;

export const queueAnswerSchema = z.object({
  items: z.array(queueItemSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** On the first page only (no cursor); null on the following pages, which keep the first page's. */
  counts: queueCountsSchema.nullable(),
});
export type QueueAnswer = z.infer<typeof queueAnswerSchema>;

export const staffActionNameSchema = z.enum(STAFF_ACTIONS);

export const auditEntrySchema = z.object({
  id: z.string(),
  at: instant,
  type: z.string(),
  actor: z.object({
    type: z.enum(['subject', 'staff', 'system']),
    id: z.string().nullable(),
    /** Staff member's name; null for the subject and the system. */
    name: z.string().nullable(),
  }),
  fromStatus: statusSchema.nullable(),
  toStatus: statusSchema.nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const staffMessageSchema = z.object({
  id: z.uuid(),
  from: z.enum(['subject', 'staff']),
  author: staffRefSchema.nullable(),
  body: z.string(),
  /** Internal note: never shown to the subject. */
  internal: z.boolean(),
  at: instant,
});

export const staffOutcomeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('completed'), summary: z.string().nullable(), data: z.unknown().nullable() }),
  z.object({
    type: z.literal('denied'),
    reasonCode: denialReasonCodeSchema,
    explanation: z.string(),
    deniedBy: staffRefSchema.nullable(),
    appealUntil: instant.nullable(),
  }),
  z.object({ type: z.literal('cancelled'), reason: z.string().nullable() }),
  z.object({ type: z.literal('expired') }),
]);

const linkedRequestSchema = z.object({ reference: z.string(), status: statusSchema });

export const staffRequestDetailSchema = z.object({
  reference: z.string(),
  type: requestTypeSchema,
  status: statusSchema,
  locale: localeSchema,
  email: z.string(),
  fullName: z.string(),
  message: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  gpc: z.boolean(),
  receivedAt: instant,
  verifiedAt: instant.nullable(),
  /** The deadline in force. */
  dueAt: instant.nullable(),
  /** The deadline before any extension. */
  originalDueAt: instant.nullable(),
  daysLeft: z.int().nullable(),
  overdue: z.boolean(),
  closedAt: instant.nullable(),
  personalDataPurgedAt: instant.nullable(),
  extension: z
    .object({ months: z.int(), reason: z.string().nullable(), dueAt: instant.nullable() })
    .nullable(),
  assignee: staffRefSchema.nullable(),
  outcome: staffOutcomeSchema.nullable(),
  messages: z.array(staffMessageSchema),
  audit: z.array(auditEntrySchema),
  tasks: z.array(
    z.object({ id: z.uuid(), system: z.string(), description: z.string(), status: z.enum(['open', 'done']) }),
  ),
  /** Actions this staff member may take now (status, extension rule, role, appeal reviewer rule). */
  allowedActions: z.array(staffActionNameSchema),
  /** Set on an appeal: the denied request it appeals. */
  appealOf: linkedRequestSchema.nullable(),
  /** Set on a denied request that was appealed. */
  appeal: linkedRequestSchema.nullable(),
  /** What the portal did in the controller's systems: sources, matches, tasks, package. */
  fulfilment: fulfilmentViewSchema,
  version: z.int(),
});
export type StaffRequestDetail = z.infer<typeof staffRequestDetailSchema>;

export const staffReferenceParamsSchema = z.strictObject({
  reference: z.string().min(1).max(40).refine(noNul, NUL_MESSAGE),
});

export const dashboardSchema = z.object({
  openByStatus: z.object({
    verified: z.int(),
    in_progress: z.int(),
    awaiting_subject: z.int(),
  }),
  overdue: z.int(),
  /** Median calendar days from verification to closure over requests closed in the last 12 months; null if none. */
  medianDaysToClose: z.number().nullable(),
  /** Verified requests per month (controller's time zone, `YYYY-MM`) and type, last 12 months, oldest first. */
  perTypePerMonth: z.array(z.object({ month: z.string(), type: requestTypeSchema, count: z.int() })),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** Columns of GET /staff/register.csv, in order. */
export const REGISTER_COLUMNS = [
  'reference',
  'type',
  'status',
  'receivedAt',
  'verifiedAt',
  'dueAt',
  'extended',
  'extensionMonths',
  'closedAt',
  'outcome',
  'denialReasonCode',
  'daysTaken',
  'appealOf',
] as const;
