import { IDENTIFIER_KINDS } from '@dsr/shared/fulfilment';
import { formatDate } from '../../../lib/dates.ts';
import { identifierKindLabel } from '../fulfilment-words.ts';
import { useStaffI18n } from '../i18n.ts';
import { ActionForm } from './action-form.tsx';
import type { FulfilmentPanelProps } from './fulfilment-panel.tsx';

// Identifiers staff linked to the request, besides the verified e-mail: sources find the subject
// by them too (adding one counts the matches again), and the search can be run again by hand.
export function FulfilmentIdentifiers({ fulfilment, version, canAct, onDone }: FulfilmentPanelProps) {
  const { t, locale } = useStaffI18n();
  return (
    <section className="stack" aria-labelledby="identifiers-title">
      <h3 id="identifiers-title">{t('staff.identifiers.heading')}</h3>
      <p>{t('staff.identifiers.intro')}</p>
      {fulfilment.identifiers.length === 0 ? (
        <p>{t('staff.identifiers.empty')}</p>
      ) : (
        <ul className="plain-list">
          {fulfilment.identifiers.map((identifier) => (
            <li key={identifier.id}>
              {identifierKindLabel(t, identifier.kind)} —{' '}
              <span className="reference">{identifier.value}</span>{' '}
              <span className="field__hint">({formatDate(locale, identifier.addedAt)})</span>
            </li>
          ))}
        </ul>
      )}
      {canAct && (
        <>
          <ActionForm
            intent="add_identifier"
            version={version}
            submitLabel={t('staff.identifiers.add')}
            onDone={onDone}
            className="inline-form"
          >
            <div className="field">
              <label htmlFor="identifier-kind" className="field__label">
                {t('staff.identifiers.kind')}
              </label>
              <select id="identifier-kind" name="kind" defaultValue="customer_number">
                {IDENTIFIER_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {identifierKindLabel(t, kind)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="identifier-value" className="field__label">
                {t('staff.identifiers.value')}
              </label>
              <input
                id="identifier-value"
                name="value"
                type="text"
                maxLength={254}
                aria-required
                autoComplete="off"
              />
            </div>
          </ActionForm>
          <ActionForm
            intent="match"
            version={version}
            secondary
            submitLabel={t('staff.fulfilment.recount')}
            onDone={onDone}
            className="inline-form"
          />
        </>
      )}
    </section>
  );
}
