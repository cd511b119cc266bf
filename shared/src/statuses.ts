import { z } from 'zod';
import { OBJECTION_PURPOSES } from './request-types.ts';
import { text } from './text.ts';

import { OPEN_STATUSES, STATUSES, TERMINAL_STATUSES } from './vocabulary.ts';

export { OPEN_STATUSES, STATUSES, TERMINAL_STATUSES };
export const statusSchema = z.enum(STATUSES);
export type RequestStatus = z.infer<typeof statusSchema>;
export type OpenStatus = (typeof OPEN_STATUSES)[number];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export const STAFF_ACTIONS = [
  'start',
  'assign',
  'request_info',
  'resume',
  'extend',
  'fulfil',
  'complete',
  'deny',
  'note',
  'message',
  'lift_restriction',
] as const;
// `expire` is done by the system on the subject's unverified request; it belongs with the subject's side.
export const SUBJECT_ACTIONS = ['verify', 'cancel', 'reply', 'appeal', 'expire'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];
export type SubjectAction = (typeof SUBJECT_ACTIONS)[number];
export type RequestAction = StaffAction | SubjectAction;

/** Target of an allowed action: a status, or 'same' when the action is recorded without a change of status. */
export type Transition = RequestStatus | 'same';

// The one transition table. An action missing from a row is not allowed in that status.
// - pending_verification is invisible to staff: no staff action, not even a note.
// - Terminal states accept only an internal `note` (e.g. "subject phoned after closure"), so the
//   record stays complete; `appeal` on `denied` opens a separate linked request and leaves this one denied.
// - `extend` here only says the status allows it; `canExtend` checks once-only and before-dueAt.
const WORKING = { assign: 'same', extend: 'same', note: 'same', message: 'same', deny: 'denied' } as const;
export const TRANSITIONS: Readonly<
  Record<RequestStatus, Readonly<Partial<Record<RequestAction, Transition>>>>
> = {
  pending_verification: { verify: 'verified', expire: 'expired', cancel: 'cancelled' },
  verified: { ...WORKING, start: 'in_progress', reply: 'same', cancel: 'cancelled' },
  in_progress: {
    ...WORKING,
    request_info: 'awaiting_subject',
    // The portal acts on the controller's data (background, per source); `complete` waits for it.
    fulfil: 'same',
    complete: 'completed',
    reply: 'same',
    cancel: 'cancelled',
  },
  awaiting_subject: { ...WORKING, resume: 'in_progress', reply: 'in_progress', cancel: 'cancelled' },
  // A completed restriction may be lifted later (Art. 18(3)): the subject is told first.
  completed: { note: 'same', lift_restriction: 'same' },
  denied: { note: 'same', appeal: 'same' },
  cancelled: { note: 'same' },
  expired: { note: 'same' },
};

export const isOpenStatus = (status: RequestStatus): status is OpenStatus =>
  (OPEN_STATUSES as readonly string[]).includes(status);
export const isTerminalStatus = (status: RequestStatus): status is TerminalStatus => !isOpenStatus(status);

/** Status after `action`, the same status for 'same' actions, or null when the action is not allowed. */
export function nextStatus(status: RequestStatus, action: RequestAction): RequestStatus | null {
  const target = TRANSITIONS[status][action];
  if (target === undefined) return null;
  return target === 'same' ? status : target;
}

export const allowedStaffActions = (status: RequestStatus): StaffAction[] =>
  STAFF_ACTIONS.filter((action) => TRANSITIONS[status][action] !== undefined);
export const allowedSubjectActions = (status: RequestStatus): SubjectAction[] =>
  SUBJECT_ACTIONS.filter((action) => TRANSITIONS[status][action] !== undefined);

export type ExtendRefusal = 'action_not_allowed' | 'already_extended' | 'deadline_passed';

/** Art. 12(3): one extension, decided before the original deadline. */
export function canExtend(input: {
  status: RequestStatus;
  dueAt: Date | null;
  extensionMonths: number | null;
  now: Date;
}): { ok: true } | { ok: false; reason: ExtendRefusal } {
  if (nextStatus(input.status, 'extend') === null || input.dueAt === null) {
    return { ok: false, reason: 'action_not_allowed' };
  }
  if (input.extensionMonths) return { ok: false, reason: 'already_extended' };
  if (input.now.getTime() > input.dueAt.getTime()) return { ok: false, reason: 'deadline_passed' };
  return { ok: true };
}

export const DENIAL_REASON_CODES = [
  'identity_not_verified',
  'manifestly_unfounded',
  'excessive',
  'legal_obligation',
  'rights_of_others',
  'other',
] as const;
export const denialReasonCodeSchema = z.enum(DENIAL_REASON_CODES);
export type DenialReasonCode = z.infer<typeof denialReasonCodeSchema>;

const expectedVersion = z.int().min(1);
const act = <A extends StaffAction, S extends z.ZodRawShape>(action: A, shape: S) =>
  z.strictObject({ action: z.literal(action), expectedVersion, ...shape });
const body = text(5000);
/** A staff decision on correction `index` of a rectification; a refusal says why (the subject reads it). */
export const correctionDecisionSchema = z
  .strictObject({ index: z.int().min(0).max(49), accept: z.boolean(), reason: text(2000).optional() })
  .refine((d) => d.accept || d.reason !== undefined, {
    path: ['reason'],
    message: 'A refused correction needs a reason',
  });
export type CorrectionDecision = z.output<typeof correctionDecisionSchema>;
/**
 * A staff decision on one purpose of an objection other than direct marketing (Art. 21(1)): accept
 * (its `objection` effect is applied), or refuse with the compelling legitimate grounds, which the
 * subject reads.
 */
export const objectionDecisionSchema = z
  .strictObject({
    purpose: z.enum(OBJECTION_PURPOSES),
    accept: z.boolean(),
    reason: text(2000).optional(),
  })
  .refine((d) => d.accept || d.reason !== undefined, {
    path: ['reason'],
    message: 'A refused purpose needs the compelling legitimate grounds',
  });
export type ObjectionDecision = z.output<typeof objectionDecisionSchema>;
// One shape for every type, checked per type by the API: `decisions` are per correction for a
// rectification, per purpose for an objection (optional there: without them, every purpose is accepted).
const fulfilShape = {
  decisions: z
    .union([
      z
        .array(correctionDecisionSchema)
        .min(1)
        .max(50)
        .refine((list) => new Set(list.map((d) => d.index)).size === list.length, {
          message: 'One decision per correction',
        }),
      z
        .array(objectionDecisionSchema)
        .min(1)
        .max(OBJECTION_PURPOSES.length)
        .refine((list) => new Set(list.map((d) => d.purpose)).size === list.length, {
          message: 'One decision per purpose',
        }),
    ])
    .optional(),
};

/** Body of POST /staff/requests/:reference/actions. */
export const staffActionSchema = z.discriminatedUnion('action', [
  act('start', {}),
  act('assign', { assigneeId: z.uuid().nullable() }),
  act('request_info', { body }),
  act('resume', {}),
  act('extend', { months: z.union([z.literal(1), z.literal(2)]), reason: text(2000) }),
  act('fulfil', fulfilShape),
  act('complete', { outcome: text(10000) }),
  act('deny', { reasonCode: denialReasonCodeSchema, explanation: text(5000) }),
  act('note', { body }),
  act('message', { body }),
  act('lift_restriction', { reason: text(2000) }),
]);
export type StaffActionInput = z.input<typeof staffActionSchema>;
export type StaffActionBody = z.output<typeof staffActionSchema>;
