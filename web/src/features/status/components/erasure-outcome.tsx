import { formatDate } from '../../../lib/dates.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import type { SubjectView } from '../api/subject-view.ts';

// Erasure: what was erased and each item kept with its date and legal basis, as the API words it
// in the request's language (the same lines as the completion mail); then the Art. 19 notices:
// which recipients of the data were told, and when.
export function ErasureOutcome({ view }: { view: SubjectView }) {
  const { t, locale } = useI18n();
  const { erasure, recipientsNotified } = view;
  if (!erasure && recipientsNotified.length === 0) return null;
  return (
    <>
      {erasure && (
        <section className="stack" aria-labelledby="erasure-title">
          <h2 id="erasure-title">{t('status.erasure.heading')}</h2>
          {erasure.erased.length > 0 && (
            <>
              <h3>{t('status.erasure.erased')}</h3>
              <ul data-testid="erasure-erased">
                {erasure.erased.map((item) => (
                  <li key={`${item.source}:${item.table ?? ''}`}>{item.message}</li>
                ))}
              </ul>
            </>
          )}
          <h3>{t('status.erasure.retained')}</h3>
          {erasure.retained.length > 0 ? (
            <ul data-testid="erasure-retained">
              {erasure.retained.map((item) => (
                <li key={`${item.source}:${item.table ?? ''}`}>{item.message}</li>
              ))}
            </ul>
          ) : (
            <p>{t('status.erasure.nothingRetained')}</p>
          )}
        </section>
      )}
      {recipientsNotified.length > 0 && (
        <section className="stack" aria-labelledby="recipients-title">
          <h2 id="recipients-title">{t('status.recipients.heading')}</h2>
          <ul data-testid="recipients-notified">
            {recipientsNotified.map((notice) => (
              <li key={notice.recipient}>
                {notice.at
                  ? t('status.recipients.notified', {
                      recipient: notice.recipient,
                      date: formatDate(locale, notice.at),
                    })
                  : t('status.recipients.sending', { recipient: notice.recipient })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
