import { STATUSES, REQUEST_TYPES as TYPES } from '@dsr/shared/vocabulary';
import { formatDate } from '../../lib/dates.ts';
import type { Locale, MessageKey, Translate } from '../../lib/i18n.tsx';

// Statuses, request types and timeline events in words. Unknown values (an API newer than this
// build) get a neutral wording instead of a raw code.
const EVENTS = [
  'received',
  'verified',
  'acknowledged',
  'status_changed',
  'info_requested',
  'extended',
  'completed',
  'denied',
  'cancelled',
  'expired',
  'appealed',
  'message_from_subject',
  'message_from_staff',
  'access_link_sent',
  'download_fetched',
] as const;

const includes = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

export function statusLabel(t: Translate, status: string): string {
  return includes(STATUSES, status) ? t(`status.label.${status}`) : t('status.label.unknown');
}

/** Portability with `transferTo`: who received the subject's data, and when. */
export function transferLine(
  t: Translate,
  locale: Locale,
  transfer: { recipient: string; at: string },
): string {
  const date = formatDate(locale, transfer.at);
  const recipient = transfer.recipient.trim();
  return recipient
    ? t('status.transfers.sent', { recipient, date })
    : t('status.transfers.sentUnnamed', { date });
}

export function statusTone(status: string): 'open' | 'done' | 'closed' | 'waiting' {
  if (status === 'completed') return 'done';
  if (status === 'awaiting_subject') return 'waiting';
  if (['denied', 'cancelled', 'expired'].includes(status)) return 'closed';
  return 'open';
}

export function typeLabel(t: Translate, type: string): string {
  return includes(TYPES, type) ? t(`right.${type}.title`) : type;
}

export function eventLabel(t: Translate, entry: { type: string; [key: string]: unknown }): string {
  const from = entry.type === 'message' && typeof entry.from === 'string' ? `_from_${entry.from}` : '';
  const name = `${entry.type.replace(/^request\./, '').replace(/\./g, '_')}${from}`;
  if (name === 'status_changed' && typeof entry.to === 'string') {
    return t('status.event.status_changed_to', { status: statusLabel(t, entry.to) });
  }
  if (name.startsWith('message_from_') && typeof entry.to === 'string') {
    const key = name === 'message_from_staff' ? 'message_from_staff_to' : 'message_from_subject_to';
    return t(`status.event.${key}`, { status: statusLabel(t, entry.to) });
  }
  if (name === 'extended' && typeof entry.months === 'number') {
    return t('status.event.extended_by', { months: entry.months });
  }
  const key: MessageKey = includes(EVENTS, name) ? `status.event.${name}` : 'status.event.other';
  return t(key);
}
