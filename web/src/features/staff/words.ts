import type { AuditEntry } from '@dsr/shared/staff-requests';
import { DENIAL_REASON_CODES, STATUSES } from '@dsr/shared/statuses';
import { REQUEST_AUDIT_TYPES } from '@dsr/shared/vocabulary';
import type { StaffMessageKey } from '../../lib/messages/staff.fr.ts';
import { REQUEST_TYPES } from '../../lib/request-types.ts';
import type { StaffTranslate } from './i18n.ts';

// Statuses, types, audit events and denial reasons in the staff's words. Values unknown to this
// build (a newer API) are shown as they are rather than hidden.

const includes = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

export function statusLabel(t: StaffTranslate, status: string): string {
  return includes(STATUSES, status) ? t(`staff.status.${status}`) : status;
}

export function statusTone(status: string): 'open' | 'done' | 'closed' | 'waiting' {
  if (status === 'completed') return 'done';
  if (status === 'awaiting_subject') return 'waiting';
  if (['denied', 'cancelled', 'expired'].includes(status)) return 'closed';
  return 'open';
}

export function typeLabel(t: StaffTranslate, type: string): string {
  return includes(REQUEST_TYPES, type) ? t(`right.${type}.title`) : type;
}

export function denialLabel(t: StaffTranslate, code: string): string {
  return includes(DENIAL_REASON_CODES, code) ? t(`staff.denial.${code}`) : code;
}

type AuditType = (typeof REQUEST_AUDIT_TYPES)[number];
/** `fulfilment.source_done` → `staff.event.fulfilment_source_done` (the first dot only, as below). */
type EventKey<T extends string> = T extends `${infer Area}.${infer Event}`
  ? `staff.event.${Area}_${Event}`
  : never;

// Every audit type has wording in the staff catalogues: the return type makes an audit type added
// to the vocabulary without its `staff.event.*` key a type error (words.test.ts checks the texts).
export function eventKey(type: AuditType): StaffMessageKey {
  const key = `staff.event.${type.replace('.', '_')}` as EventKey<AuditType>;
  return key;
}

export function eventLabel(t: StaffTranslate, entry: AuditEntry): string {
  return includes(REQUEST_AUDIT_TYPES, entry.type) ? t(eventKey(entry.type)) : entry.type;
}

/** Audit actor in words: the staff member's name, "the subject", or "the system". */
export function actorLabel(t: StaffTranslate, actor: AuditEntry['actor']): string {
  if (actor.type === 'staff') return actor.name ?? t('staff.actor.staff');
  return t(actor.type === 'subject' ? 'staff.actor.subject' : 'staff.actor.system');
}
