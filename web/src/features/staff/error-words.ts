import type { StaffMessageKey } from '../../lib/messages/staff.fr.ts';

// The API's problem+json `detail` is English prose for developers; the interface says why an
// action failed from the stable `code`, in the catalogue's language. Unknown codes: "failed".
const KEYS = {
  forbidden: 'staff.error.forbidden',
  csrf_failed: 'staff.error.csrf_failed',
  tasks_open: 'staff.error.tasks_open',
  fulfilment_pending: 'staff.error.fulfilment_pending',
  source_not_failed: 'staff.error.source_not_failed',
  payload_too_large: 'staff.error.payload_too_large',
  task_closed: 'staff.error.task_closed',
  attachment_not_allowed: 'staff.error.attachment_not_allowed',
  unsupported_media_type: 'staff.error.unsupported_media_type',
  package_not_ready: 'staff.error.package_not_ready',
  extension_not_allowed: 'staff.error.extension_not_allowed',
  unprocessable: 'staff.error.unprocessable',
  action_not_allowed: 'staff.error.action_not_allowed',
  request_closed: 'staff.error.action_not_allowed',
  stale_version: 'staff.action.stale',
  conflict: 'staff.error.conflict',
  validation_failed: 'staff.error.validation_failed',
  rate_limited: 'staff.error.rate_limited',
  not_found: 'staff.error.not_found',
  network_error: 'staff.error.network_error',
} as const satisfies Record<string, StaffMessageKey>;

export function errorKey(code: string | undefined): StaffMessageKey {
  return code && Object.hasOwn(KEYS, code) ? KEYS[code as keyof typeof KEYS] : 'staff.action.failed';
}
