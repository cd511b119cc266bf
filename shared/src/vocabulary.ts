// The product's fixed vocabularies as plain constants, with no zod: the web's initial bundle
// imports them without pulling in the schema library. The zod schemas build on these lists.

/** The languages of every user-facing text; the first is the default. */
export const LOCALES = ['fr', 'en'] as const;

export const REQUEST_TYPES = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'portability',
  'consent_withdrawal',
  'information',
  'automated_decision',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const OPEN_STATUSES = ['pending_verification', 'verified', 'in_progress', 'awaiting_subject'] as const;
export const TERMINAL_STATUSES = ['completed', 'denied', 'cancelled', 'expired'] as const;
export const STATUSES = [...OPEN_STATUSES, ...TERMINAL_STATUSES] as const;
export type RequestStatus = (typeof STATUSES)[number];

export function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value);
}

/** Audit event types recorded on a request's trail (shown to staff in words). */
export const REQUEST_AUDIT_TYPES = [
  'request.received',
  'request.verified',
  'request.status_changed',
  'request.cancelled',
  'request.expired',
  'request.purged',
  'request.acknowledged',
  'request.assigned',
  'request.extended',
  'request.completed',
  'request.denied',
  'request.appealed',
  'request.note_added',
  'message.from_subject',
  'message.from_staff',
  'token.issued',
  'token.used',
  'access_link.sent',
  'download.fetched',
  'fulfilment.requested',
  'fulfilment.matched',
  'fulfilment.source_done',
  'fulfilment.source_waiting',
  'fulfilment.source_failed',
  'fulfilment.source_retried',
  'fulfilment.package_ready',
  'fulfilment.record_excluded',
  'fulfilment.released',
  'fulfilment.transferred',
  'identifier.added',
  'task.opened',
  'task.closed',
  'webhook.delivered',
  'webhook.callback_accepted',
  'webhook.callback_refused',
  'effects.gpc_applied',
  'effects.gpc_delivered',
  'effects.gpc_delivery_failed',
  'restriction.lift_requested',
  'restriction.lifted',
  'recipient.notice_queued',
  'recipient.notified',
  'recipient.notice_failed',
] as const;
