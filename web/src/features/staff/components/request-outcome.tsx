import type { StaffRequestDetail } from '@dsr/shared/staff-requests';
import { formatDate } from '../../../lib/dates.ts';
import { useStaffI18n } from '../i18n.ts';
import { denialLabel } from '../words.ts';

export function RequestOutcome({ outcome }: { outcome: StaffRequestDetail['outcome'] }) {
  const { t, locale } = useStaffI18n();
  if (!outcome || outcome.type === 'expired') return null;
  return (
    <section className="stack" aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t('staff.outcome.heading')}</h2>
      {outcome.type === 'completed' && <p className="message__body">{outcome.summary ?? '—'}</p>}
      {outcome.type === 'cancelled' && (
        <p>
          {t('staff.outcome.cancelled')}
          {outcome.reason ? ` ${outcome.reason}` : ''}
        </p>
      )}
      {outcome.type === 'denied' && (
        <>
          <p>
            {t('staff.outcome.denied', { reason: denialLabel(t, outcome.reasonCode) })}
            {outcome.deniedBy ? ` ${t('staff.outcome.deniedBy', { name: outcome.deniedBy.name })}` : ''}
          </p>
          <p className="message__body">{outcome.explanation}</p>
          {outcome.appealUntil && (
            <p>{t('staff.outcome.appealUntil', { date: formatDate(locale, outcome.appealUntil) })}</p>
          )}
        </>
      )}
    </section>
  );
}
