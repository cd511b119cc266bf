import { daysLeft } from '@dsr/shared/deadline';
import { controller } from '../../../lib/controller.ts';
import { formatDate, formatDateTime } from '../../../lib/dates.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import type { SubjectView } from '../api/subject-view.ts';
import { statusLabel, statusTone, typeLabel } from '../status-words.ts';

const OPEN = ['verified', 'in_progress', 'awaiting_subject'];

/** Days left in words, counted on the controller's calendar (the e-mail receipt uses the same). */
function useDaysLeftText(dueAt: string): string {
  const { t } = useI18n();
  const days = daysLeft(new Date(dueAt), new Date(), controller().timeZone);
  if (days > 1) return t('status.daysLeft.many', { days });
  if (days === 1) return t('status.daysLeft.one');
  if (days === 0) return t('status.daysLeft.today');
  return t('status.daysLeft.overdue', { days: -days });
}

export function RequestSummary({ view }: { view: SubjectView }) {
  const { t, locale } = useI18n();
  return (
    <dl className="summary">
      <div>
        <dt>{t('status.reference')}</dt>
        <dd className="reference">{view.reference}</dd>
      </div>
      {view.appealOf && (
        <div>
          <dt>{t('status.appealOf')}</dt>
          <dd className="reference">{view.appealOf}</dd>
        </div>
      )}
      <div>
        <dt>{t('status.type')}</dt>
        <dd>{typeLabel(t, view.type)}</dd>
      </div>
      <div>
        <dt>{t('status.status')}</dt>
        <dd>
          <span className={`badge badge--${statusTone(view.status)}`}>{statusLabel(t, view.status)}</span>
        </dd>
      </div>
      <div>
        <dt>{t('status.receivedAt')}</dt>
        <dd>
          <time dateTime={view.receivedAt}>{formatDateTime(locale, view.receivedAt)}</time>
        </dd>
      </div>
      {view.verifiedAt && (
        <div>
          <dt>{t('status.verifiedAt')}</dt>
          <dd>
            <time dateTime={view.verifiedAt}>{formatDateTime(locale, view.verifiedAt)}</time>
          </dd>
        </div>
      )}
      {view.dueAt && (
        <div>
          <dt>{t('status.dueAt')}</dt>
          <dd>
            <time dateTime={view.dueAt}>{formatDate(locale, view.dueAt)}</time>
            {OPEN.includes(view.status) && <DaysLeft dueAt={view.dueAt} />}
          </dd>
        </div>
      )}
    </dl>
  );
}

function DaysLeft({ dueAt }: { dueAt: string }) {
  return <span className="days-left"> ({useDaysLeftText(dueAt)})</span>;
}
