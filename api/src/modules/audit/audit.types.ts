import { REQUEST_AUDIT_TYPES } from '@dsr/shared/vocabulary';

// The audit vocabulary. One name per thing that happened; `data` carries ids and codes, never personal data.
export const AUDIT_TYPES = [
  ...REQUEST_AUDIT_TYPES,
  'staff.login',
  'staff.login_failed',
  'staff.logout',
  'staff.user_created',
  'staff.user_updated',
] as const;

export type AuditType = (typeof AUDIT_TYPES)[number];
