import { useParams } from 'react-router';
import { formatDateTime } from '../../../lib/dates.ts';
import { formatBytes } from '../../../lib/sizes.ts';
import { draftPackageUrl } from '../api/fulfilment.ts';
import { packageStateLabel, stateTone } from '../fulfilment-words.ts';
import { useStaffI18n } from '../i18n.ts';
import type { FulfilmentPanelProps } from './fulfilment-panel.tsx';
import { PackageReview, useReview } from './package-review.tsx';
import { TableWrap } from './table-wrap.tsx';

// The draft ZIP the subject will get on completion: its state, size, rows per source and table,
// a download for staff to open it, and the review where rows or fields are left out (Art. 15(4)).
export function PackagePanel(props: FulfilmentPanelProps) {
  const { fulfilment, canAct } = props;
  const { t, locale } = useStaffI18n();
  const { reference = '' } = useParams();
  const review = useReview();
  // A package "building" while sources still run, one failed or a task is open is not being built
  // yet: it waits for them, which is what the panel says.
  const waiting =
    fulfilment.running ||
    fulfilment.sources.some((source) => source.state === 'failed') ||
    fulfilment.tasks.some((task) => task.status === 'open');
  const pkg = fulfilment.package?.state === 'building' && waiting ? null : fulfilment.package;
  if (!pkg) {
    if (!fulfilment.sources.some((s) => s.kind !== 'manual') && fulfilment.tasks.length === 0) return null;
    return (
      <section className="stack" aria-labelledby="package-title">
        <h3 id="package-title">{t('staff.package.heading')}</h3>
        <p>{t('staff.package.none')}</p>
      </section>
    );
  }
  const reviewable = canAct && pkg.state === 'ready';
  return (
    <section className="stack" aria-labelledby="package-title">
      <div className="source__head">
        <h3 id="package-title">{t('staff.package.heading')}</h3>
        <span className={`badge badge--${stateTone(pkg.state)}`}>{packageStateLabel(t, pkg.state)}</span>
      </div>
      {pkg.state === 'failed' && (
        <p className="notice notice--error">{t('staff.package.failed', { error: pkg.lastError ?? '—' })}</p>
      )}
      {pkg.fileName && (
        <p>
          {t('staff.package.file', {
            name: pkg.fileName,
            size: pkg.sizeBytes === null ? '—' : formatBytes(locale, pkg.sizeBytes),
          })}
          {pkg.builtAt && (
            <>
              {' '}
              <span className="field__hint">
                ({t('staff.package.builtAt', { date: formatDateTime(locale, pkg.builtAt) })})
              </span>
            </>
          )}
        </p>
      )}
      {(pkg.state === 'ready' || pkg.state === 'released') && (
        <p>
          <a className="button button--secondary" href={draftPackageUrl(reference)} download>
            {t('staff.package.download')}
          </a>
        </p>
      )}
      {pkg.tables.length > 0 && (
        <TableWrap label={t('staff.package.caption')}>
          <table className="table">
            <caption className="visually-hidden">{t('staff.package.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.package.source')}</th>
                <th scope="col">{t('staff.package.table')}</th>
                <th scope="col">{t('staff.package.rows')}</th>
                <th scope="col">{t('staff.package.excluded')}</th>
                {reviewable && (
                  <th scope="col">
                    <span className="visually-hidden">{t('staff.package.review')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {pkg.tables.map((row) => (
                <tr key={`${row.source}/${row.table}`}>
                  <td>{row.source}</td>
                  <td>{row.table}</td>
                  <td>{row.rows}</td>
                  <td>{row.excluded}</td>
                  {reviewable && (
                    <td>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        aria-label={t('staff.package.reviewOf', { source: row.source, table: row.table })}
                        aria-expanded={review.isOpen(row.source, row.table)}
                        onClick={(event) => review.open(row.source, row.table, event.currentTarget)}
                      >
                        {t('staff.package.review')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {reviewable && review.target && <PackageReview {...props} review={review} />}
    </section>
  );
}
