import type { StaffRequestDetail } from '@dsr/shared/staff-requests';
import type { ReactNode } from 'react';
import type { MessageKey } from '../../../lib/i18n.tsx';
import { type StaffTranslate, useStaffT } from '../i18n.ts';
import { TableWrap } from './table-wrap.tsx';

// The type-specific details in words: a table for rectification's corrections, lists for purposes,
// plain text otherwise. Values come from the subject: shown as text, never as HTML.

type Details = Record<string, unknown>;

const str = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];

// The public form's wording for each known value; anything else is shown as sent.
const KNOWN: Record<string, readonly string[]> = {
  'form.ground.': ['accuracy_contested', 'unlawful_processing', 'legal_claims', 'objection_pending'],
  'form.objection.': [
    'direct_marketing',
    'personalized_offers',
    'customer_analysis',
    'satisfaction_surveys',
    'other',
  ],
  'form.consent.': [
    'newsletter',
    'campaign_offers',
    'partner_offers',
    'analytics_cookies',
    'advertising_cookies',
    'other',
  ],
  'form.format.': ['json', 'csv'],
};

function label(t: StaffTranslate, prefix: string, value: string): string {
  return KNOWN[prefix]?.includes(value) ? t(`${prefix}${value}` as MessageKey) : value;
}

export function RequestDetails({ detail }: { detail: StaffRequestDetail }) {
  const t = useStaffT();
  const d = detail.details as Details;
  const rows: [string, ReactNode][] = [];
  const add = (name: string, value: ReactNode) => {
    if (value !== null && value !== undefined && value !== '') rows.push([name, value]);
  };

  switch (detail.type) {
    case 'access':
      add(t('staff.details.scope'), str(d.scope));
      break;
    case 'erasure':
      add(t('staff.details.scope'), str(d.scope));
      add(t('staff.details.reason'), str(d.reason));
      break;
    case 'restriction':
      add(t('staff.details.ground'), str(d.ground) && label(t, 'form.ground.', String(d.ground)));
      add(t('staff.details.scope'), str(d.scope));
      break;
    case 'objection':
      add(t('staff.details.purposes'), <Purposes values={list(d.purposes)} prefix="form.objection." />);
      add(t('status.asked.otherPurpose'), str(d.otherPurpose));
      add(t('staff.details.grounds'), str(d.grounds));
      break;
    case 'consent_withdrawal':
      add(t('staff.details.purposes'), <Purposes values={list(d.purposes)} prefix="form.consent." />);
      add(t('status.asked.otherPurpose'), str(d.otherPurpose));
      break;
    case 'portability': {
      add(t('staff.details.format'), str(d.format) && label(t, 'form.format.', String(d.format)));
      const to = d.transferTo as { name?: unknown; email?: unknown } | undefined;
      if (to && typeof to === 'object') {
        add(t('staff.details.transferTo'), `${str(to.name) ?? ''} <${str(to.email) ?? ''}>`);
      }
      break;
    }
    case 'information':
      add(t('staff.details.question'), str(d.question));
      break;
    case 'automated_decision':
      add(t('staff.details.decision'), str(d.decision));
      add(
        t('staff.details.humanReview'),
        d.humanReviewRequested === undefined ? null : t(d.humanReviewRequested ? 'staff.yes' : 'staff.no'),
      );
      break;
    case 'rectification':
      break;
  }
  add(t('staff.details.message'), detail.message);
  add(t('staff.details.gpc'), detail.gpc ? t('staff.details.gpcOn') : null);

  return (
    <section className="stack" aria-labelledby="details-title">
      <h2 id="details-title">{t('staff.details.heading')}</h2>
      {detail.type === 'rectification' && <Corrections value={d.corrections} />}
      {rows.length > 0 ? (
        <dl className="summary">
          {rows.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd className="message__body">{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        detail.type !== 'rectification' && <p>{t('staff.details.none')}</p>
      )}
    </section>
  );
}

function Purposes({ values, prefix }: { values: string[]; prefix: string }) {
  const t = useStaffT();
  return (
    <ul className="plain-list">
      {values.map((value) => (
        <li key={value}>{label(t, prefix, value)}</li>
      ))}
    </ul>
  );
}

function Corrections({ value }: { value: unknown }) {
  const t = useStaffT();
  const rows = Array.isArray(value)
    ? (value as { field?: unknown; currentValue?: unknown; correctedValue?: unknown }[])
    : [];
  return (
    <TableWrap label={t('staff.details.corrections')}>
      <table className="table">
        <caption>{t('staff.details.corrections')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('form.corrections.field')}</th>
            <th scope="col">{t('form.corrections.current')}</th>
            <th scope="col">{t('form.corrections.corrected')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the corrections are a fixed list in the subject's order.
            <tr key={index}>
              <th scope="row">{str(row.field) ?? '—'}</th>
              <td>{str(row.currentValue) ?? <span className="muted">{t('staff.details.notGiven')}</span>}</td>
              <td>{str(row.correctedValue) ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
