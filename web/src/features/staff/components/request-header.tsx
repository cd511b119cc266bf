import type { StaffRequestDetail } from '@dsr/shared/staff-requests';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../../../lib/dates.ts';
import { paths } from '../../../lib/paths.ts';
import { DueBadge } from '../due-badge.tsx';
import { useStaffI18n } from '../i18n.ts';
import { statusLabel, statusTone, typeLabel } from '../words.ts';

export function RequestHeader({ detail }: { detail: StaffRequestDetail }) {
  const { t, locale } = useStaffI18n();
  const extension = detail.extension;
  return (
    <dl className="summary">
      <div>
        <dt>{t('staff.field.type')}</dt>
        <dd>{typeLabel(t, detail.type)}</dd>
      </div>
      <div>
        <dt>{t('staff.field.status')}</dt>
        <dd>
          <span className={`badge badge--${statusTone(detail.status)}`}>{statusLabel(t, detail.status)}</span>
        </dd>
      </div>
      <div>
        <dt>{t('staff.field.subject')}</dt>
        <dd>
          {detail.fullName} — <a href={`mailto:${detail.email}`}>{detail.email}</a>{' '}
          <span className="muted">({t(`staff.locale.${detail.locale}`)})</span>
        </dd>
      </div>
      <div>
        <dt>{t('staff.field.receivedAt')}</dt>
        <dd>
          <time dateTime={detail.receivedAt}>{formatDateTime(locale, detail.receivedAt)}</time>
        </dd>
      </div>
      {detail.dueAt && (
        <div>
          <dt>{t('staff.field.dueAt')}</dt>
          <dd>
            <time dateTime={detail.dueAt}>{formatDate(locale, detail.dueAt)}</time>{' '}
            <DueBadge daysLeft={detail.daysLeft} overdue={detail.overdue} />
          </dd>
        </div>
      )}
      {extension && (
        <div>
          <dt>{t('staff.field.extension')}</dt>
          <dd>
            {t('staff.extension.summary', {
              months: extension.months,
              date: detail.originalDueAt ? formatDate(locale, detail.originalDueAt) : '—',
            })}
            {extension.reason && <span className="message__body"> {extension.reason}</span>}
          </dd>
        </div>
      )}
      <div>
        <dt>{t('staff.field.assignee')}</dt>
        <dd>{detail.assignee?.name ?? t('staff.assignee.none')}</dd>
      </div>
      {detail.closedAt && (
        <div>
          <dt>{t('staff.field.closedAt')}</dt>
          <dd>
            <time dateTime={detail.closedAt}>{formatDateTime(locale, detail.closedAt)}</time>
          </dd>
        </div>
      )}
      {detail.appealOf && (
        <div>
          <dt>{t('staff.field.appealOf')}</dt>
          <dd>
            <Link to={paths.staffRequest(detail.appealOf.reference)} className="reference">
              {detail.appealOf.reference}
            </Link>{' '}
            ({statusLabel(t, detail.appealOf.status)})
          </dd>
        </div>
      )}
      {detail.appeal && (
        <div>
          <dt>{t('staff.field.appeal')}</dt>
          <dd>
            <Link to={paths.staffRequest(detail.appeal.reference)} className="reference">
              {detail.appeal.reference}
            </Link>{' '}
            ({statusLabel(t, detail.appeal.status)})
          </dd>
        </div>
      )}
    </dl>
  );
}
