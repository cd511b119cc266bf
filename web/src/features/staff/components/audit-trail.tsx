import type { AuditEntry } from '@dsr/shared/staff-requests';
import { formatDate, formatDateTime } from '../../../lib/dates.ts';
import { type StaffTranslate, useStaffI18n } from '../i18n.ts';
import { actorLabel, denialLabel, eventLabel, statusLabel } from '../words.ts';
import { TableWrap } from './table-wrap.tsx';

// The whole audit trail, oldest first: who, what, when, from → to.
export function AuditTrail({ entries }: { entries: AuditEntry[] }) {
  const { t, locale } = useStaffI18n();
  const sorted = [...entries].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section className="stack" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('staff.audit.heading')}</h2>
      <TableWrap label={t('staff.audit.heading')}>
        <table className="table">
          <caption className="visually-hidden">{t('staff.audit.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.audit.when')}</th>
              <th scope="col">{t('staff.audit.who')}</th>
              <th scope="col">{t('staff.audit.what')}</th>
              <th scope="col">{t('staff.audit.change')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.at}>{formatDateTime(locale, entry.at)}</time>
                </td>
                <td>{actorLabel(t, entry.actor)}</td>
                <td>
                  {eventLabel(t, entry)}
                  {extra(t, locale, entry)}
                </td>
                <td>
                  {entry.fromStatus || entry.toStatus
                    ? `${entry.fromStatus ? statusLabel(t, entry.fromStatus) : '—'} → ${entry.toStatus ? statusLabel(t, entry.toStatus) : '—'}`
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function extra(t: StaffTranslate, locale: 'fr' | 'en', entry: AuditEntry): string {
  const data = entry.data;
  if (entry.type === 'request.extended' && typeof data.months === 'number') {
    const date = typeof data.dueAt === 'string' ? formatDate(locale, data.dueAt) : '—';
    return ` (${t('staff.audit.extended', { months: data.months, date })})`;
  }
  if (entry.type === 'request.denied' && typeof data.reasonCode === 'string') {
    return ` (${denialLabel(t, data.reasonCode)})`;
  }
  if (entry.type === 'request.appealed' && typeof data.appealReference === 'string') {
    return ` (${data.appealReference})`;
  }
  if (entry.type === 'message.from_staff' && data.requestsInformation === true) {
    return ` (${t('staff.audit.requestsInformation')})`;
  }
  return '';
}
