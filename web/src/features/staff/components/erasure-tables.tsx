import type { ErasureTable } from '@dsr/shared/fulfilment';
import { useState } from 'react';
import { useParams } from 'react-router';
import { formatDate } from '../../../lib/dates.ts';
import { getErasurePlan } from '../api/fulfilment.ts';
import { useStaffI18n } from '../i18n.ts';
import { TableWrap } from './table-wrap.tsx';

type Plan = Awaited<ReturnType<typeof getErasurePlan>>;

// Erasure, staff side: per source and table the rows erased, anonymised and kept (until when, on
// which basis). The same table shows the dry run before `fulfil` and each source's result after.
export function ErasureTables({ tables, caption }: { tables: ErasureTable[]; caption: string }) {
  const { t, locale } = useStaffI18n();
  return (
    <TableWrap label={caption}>
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('staff.erasure.table')}</th>
            <th scope="col">{t('staff.erasure.erased')}</th>
            <th scope="col">{t('staff.erasure.anonymised')}</th>
            <th scope="col">{t('staff.erasure.kept')}</th>
            <th scope="col">{t('staff.erasure.basis')}</th>
          </tr>
        </thead>
        <tbody>
          {tables.map((row) => (
            <tr key={row.table}>
              <th scope="row">{row.table}</th>
              <td>{row.erased}</td>
              <td>{row.anonymised}</td>
              <td>{row.kept}</td>
              <td>
                {row.keptUntil && row.basis
                  ? t('staff.erasure.until', { date: formatDate(locale, row.keptUntil), basis: row.basis })
                  : row.kept > 0
                    ? t('staff.erasure.keptByMap')
                    : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** "Dry run": asks the API what the erasure would do, and shows it per source. Changes nothing. */
export function ErasureDryRun() {
  const { t } = useStaffI18n();
  const { reference = '' } = useParams();
  const [plan, setPlan] = useState<{ state: 'idle' | 'loading' | 'failed' } | { state: 'ok'; plan: Plan }>({
    state: 'idle',
  });
  async function load() {
    setPlan({ state: 'loading' });
    try {
      setPlan({ state: 'ok', plan: await getErasurePlan(reference) });
    } catch {
      setPlan({ state: 'failed' });
    }
  }
  return (
    <section className="stack" aria-labelledby="erasure-plan-title">
      <h3 id="erasure-plan-title">{t('staff.erasure.planHeading')}</h3>
      <p>{t('staff.erasure.planIntro')}</p>
      <p>
        <button type="button" className="button button--secondary" onClick={() => void load()}>
          {plan.state === 'loading' ? t('staff.erasure.planLoading') : t('staff.erasure.planButton')}
        </button>
      </p>
      {plan.state === 'failed' && (
        <p className="notice notice--error" role="alert">
          {t('staff.erasure.planFailed')}
        </p>
      )}
      {plan.state === 'ok' &&
        plan.plan.sources.map((source) =>
          source.what === 'rows' || source.what === 'done' ? (
            <ErasureTables
              key={source.name}
              tables={source.tables}
              caption={t(source.what === 'done' ? 'staff.erasure.doneCaption' : 'staff.erasure.planCaption', {
                name: source.name,
              })}
            />
          ) : (
            <p key={source.name}>{t(`staff.erasure.what.${source.what}`, { name: source.name })}</p>
          ),
        )}
    </section>
  );
}
