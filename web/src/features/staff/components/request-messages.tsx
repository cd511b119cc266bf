import type { StaffRequestDetail } from '@dsr/shared/staff-requests';
import { formatDateTime } from '../../../lib/dates.ts';
import { useStaffI18n } from '../i18n.ts';

// Messages with the subject and internal notes in one thread, in time order. Notes are marked in
// words ("Internal note") as well as by their look, so the difference does not rest on colour.
export function RequestMessages({ messages }: { messages: StaffRequestDetail['messages'] }) {
  const { t, locale } = useStaffI18n();
  const sorted = [...messages].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section className="stack" aria-labelledby="messages-title">
      <h2 id="messages-title">{t('staff.messages.heading')}</h2>
      {sorted.length === 0 ? (
        <p>{t('staff.messages.empty')}</p>
      ) : (
        <ol className="messages">
          {sorted.map((message) => {
            const who =
              message.from === 'subject'
                ? t('staff.messages.subject')
                : (message.author?.name ?? t('staff.actor.staff'));
            const kind = message.internal
              ? t('staff.messages.note')
              : message.from === 'subject'
                ? t('staff.messages.fromSubject')
                : t('staff.messages.toSubject');
            const cls = message.internal
              ? 'message message--note'
              : message.from === 'staff'
                ? 'message message--mine'
                : 'message';
            return (
              <li key={message.id} className={cls}>
                <p className="message__meta">
                  <strong>{kind}</strong> · {who} ·{' '}
                  <time dateTime={message.at}>{formatDateTime(locale, message.at)}</time>
                </p>
                <p className="message__body">{message.body}</p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
