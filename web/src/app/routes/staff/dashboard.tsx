import type { Dashboard } from '@dsr/shared/staff-requests';
import { type LoaderFunctionArgs, useLoaderData } from 'react-router';
import { getDashboard } from '../../../features/staff/api/requests.ts';
import { TableWrap } from '../../../features/staff/components/table-wrap.tsx';
import { useStaffI18n } from '../../../features/staff/i18n.ts';
import { withSession } from '../../../features/staff/session.ts';
import { statusLabel, typeLabel } from '../../../features/staff/words.ts';
import { useDocumentTitle } from '../../../lib/i18n.tsx';
import { REQUEST_TYPES } from '../../../lib/request-types.ts';

export async function loader({ request }: LoaderFunctionArgs): Promise<Dashboard> {
  return withSession(request, () => getDashboard(request.signal));
}

const OPEN = ['verified', 'in_progress', 'awaiting_subject'] as const;

// Figures as tables (no chart library): readable by screen readers and printable.
export function Component() {
  const { t, locale } = useStaffI18n();
  useDocumentTitle(t('staff.dashboard.title'));
  const dashboard = useLoaderData() as Dashboard;
  const number = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 });
  const months = [...new Set(dashboard.perTypePerMonth.map((row) => row.month))].sort();
  const count = (month: string, type: string) =>
    dashboard.perTypePerMonth.find((row) => row.month === month && row.type === type)?.count ?? 0;
  const monthName = (month: string) =>
    new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${month}-01T00:00:00Z`));
  const openTotal = OPEN.reduce((sum, status) => sum + dashboard.openByStatus[status], 0);

  return (
    <div className="stack">
      <h1>{t('staff.dashboard.title')}</h1>
      <ul className="tiles">
        <li className="tile">
          <span className="tile__value">{openTotal}</span> {t('staff.dashboard.open')}
        </li>
        <li className={dashboard.overdue > 0 ? 'tile tile--late' : 'tile'}>
          <span className="tile__value">{dashboard.overdue}</span> {t('staff.dashboard.overdue')}
        </li>
        <li className="tile">
          <span className="tile__value">
            {dashboard.medianDaysToClose === null ? '—' : number.format(dashboard.medianDaysToClose)}
          </span>{' '}
          {t('staff.dashboard.median')}
        </li>
      </ul>

      <section className="stack" aria-labelledby="by-status-title">
        <h2 id="by-status-title">{t('staff.dashboard.byStatus')}</h2>
        <table className="table table--narrow">
          <thead>
            <tr>
              <th scope="col">{t('staff.field.status')}</th>
              <th scope="col" className="num">
                {t('staff.dashboard.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {OPEN.map((status) => (
              <tr key={status}>
                <th scope="row">{statusLabel(t, status)}</th>
                <td className="num">{dashboard.openByStatus[status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="stack" aria-labelledby="per-month-title">
        <h2 id="per-month-title">{t('staff.dashboard.perMonth')}</h2>
        <p className="field__hint">{t('staff.dashboard.perMonthHint')}</p>
        {months.length === 0 ? (
          <p>{t('staff.dashboard.none')}</p>
        ) : (
          <TableWrap label={t('staff.dashboard.perMonth')}>
            <table className="table table--dense">
              <thead>
                <tr>
                  <th scope="col">{t('staff.dashboard.month')}</th>
                  {REQUEST_TYPES.map((type) => (
                    <th scope="col" key={type} className="num">
                      {typeLabel(t, type)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('staff.dashboard.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {months.map((month) => (
                  <tr key={month}>
                    <th scope="row">{monthName(month)}</th>
                    {REQUEST_TYPES.map((type) => (
                      <td key={type} className="num">
                        {count(month, type)}
                      </td>
                    ))}
                    <td className="num">
                      {REQUEST_TYPES.reduce((sum, type) => sum + count(month, type), 0)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </div>
  );
}
