import { CONSENT_PURPOSES, OBJECTION_PURPOSES, RESTRICTION_GROUNDS } from '@dsr/shared/request-types';
import type { ReactNode } from 'react';
import { type MessageKey, type Translate, useT } from '../../../lib/i18n.tsx';
import type { SubjectView } from '../api/subject-view.ts';

// "What you asked for": the request's own details, per type, read back in the words of the form
// that filed it (its labels are the questions), and the free-text message. Stored details are read
// defensively: a value of an unexpected shape is left out, never shown raw.

type Details = Record<string, unknown>;
interface Row {
  label: string;
  value: ReactNode;
}

const str = (d: Details, key: string): string | null => {
  const value = d[key];
  return typeof value === 'string' && value.trim() !== '' ? value : null;
};
const includes = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

function listOf(values: string[]): ReactNode {
  return (
    <ul className="asked__list">
      {values.map((value) => (
        <li key={value}>{value}</li>
      ))}
    </ul>
  );
}

function purposes<T extends string>(t: Translate, d: Details, all: readonly T[], prefix: string): string[] {
  const list = Array.isArray(d.purposes) ? d.purposes : [];
  return list.filter((p) => includes(all, p)).map((p) => t(`${prefix}.${p}` as MessageKey));
}

function rowsOf(t: Translate, type: SubjectView['type'], d: Details): Row[] {
  const rows: Row[] = [];
  const text = (key: string, label: MessageKey) => {
    const value = str(d, key);
    if (value) rows.push({ label: t(label), value: <span className="asked__text">{value}</span> });
  };
  switch (type) {
    case 'access':
      text('scope', 'form.scope');
      break;
    case 'erasure':
      text('scope', 'form.scope');
      text('reason', 'form.reason');
      break;
    case 'restriction':
      if (includes(RESTRICTION_GROUNDS, d.ground)) {
        rows.push({ label: t('form.ground'), value: t(`form.ground.${d.ground}`) });
      }
      text('scope', 'form.scope');
      break;
    case 'objection': {
      const list = purposes(t, d, OBJECTION_PURPOSES, 'form.objection');
      if (list.length > 0) rows.push({ label: t('form.objection.purposes'), value: listOf(list) });
      text('otherPurpose', 'status.asked.otherPurpose');
      text('grounds', 'form.grounds');
      break;
    }
    case 'consent_withdrawal': {
      const list = purposes(t, d, CONSENT_PURPOSES, 'form.consent');
      if (list.length > 0) rows.push({ label: t('form.consent.purposes'), value: listOf(list) });
      text('otherPurpose', 'status.asked.otherPurpose');
      break;
    }
    case 'portability': {
      if (d.format === 'json' || d.format === 'csv') {
        rows.push({ label: t('form.format'), value: t(`form.format.${d.format}`) });
      }
      const to = d.transferTo;
      if (to && typeof to === 'object' && typeof (to as Details).name === 'string') {
        rows.push({ label: t('status.asked.transferTo'), value: (to as { name: string }).name });
      }
      break;
    }
    case 'rectification': {
      const corrections = Array.isArray(d.corrections) ? d.corrections : [];
      const lines = corrections.flatMap((c: unknown) => {
        if (!c || typeof c !== 'object') return [];
        const row = c as Details;
        const field = str(row, 'field');
        const corrected = str(row, 'correctedValue');
        if (!field || !corrected) return [];
        const current = str(row, 'currentValue');
        return [
          current
            ? t('status.asked.correction', { field, current, corrected })
            : t('status.asked.correctionNew', { field, corrected }),
        ];
      });
      if (lines.length > 0) rows.push({ label: t('form.corrections.heading'), value: listOf(lines) });
      break;
    }
    case 'information':
      text('question', 'form.question');
      break;
    case 'automated_decision':
      text('decision', 'form.decision');
      rows.push({
        label: t('form.humanReview'),
        value: t(d.humanReviewRequested === true ? 'status.asked.yes' : 'status.asked.no'),
      });
      break;
  }
  return rows;
}

export function RequestAsked({ view }: { view: SubjectView }) {
  const t = useT();
  const rows = rowsOf(t, view.type, view.details);
  if (view.message) {
    rows.push({
      label: t('status.asked.message'),
      value: <span className="asked__text">{view.message}</span>,
    });
  }
  return (
    <section className="stack" aria-labelledby="asked-title">
      <h2 id="asked-title">{t('status.asked.heading')}</h2>
      {rows.length === 0 ? (
        <p>{t('status.asked.nothing')}</p>
      ) : (
        <dl className="summary asked">
          {rows.map((row) => (
            <div key={row.label}>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
