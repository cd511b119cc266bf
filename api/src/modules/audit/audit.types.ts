// The audit vocabulary. One name per thing that happened; `data` carries ids and codes, never personal data.
export const AUDIT_TYPES = [
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
  'staff.login',
  'staff.login_failed',
  'staff.logout',
  'staff.user_created',
  'staff.user_updated',
] as const;

export type AuditType = (typeof AUDIT_TYPES)[number];
