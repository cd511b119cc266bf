import { purposeLabel } from '@dsr/shared/effects';
import { useStaffI18n } from '../i18n.ts';
import { ActionForm, FieldError, TextArea, useFieldError } from './action-form.tsx';

const DIRECT_MARKETING = 'direct_marketing';

const purposesOf = (details: Record<string, unknown>): string[] =>
  Array.isArray(details.purposes) ? details.purposes.filter((p): p is string => typeof p === 'string') : [];

/** The purposes of an objection staff decide on: all but direct marketing (applied at verification). */
export const objectionPurposesToDecide = (details: Record<string, unknown>): string[] =>
  purposesOf(details).filter((p) => p !== DIRECT_MARKETING);

// Objection (Art. 21): direct marketing is applied at verification and cannot be refused (21(3));
// every other purpose the subject named gets one decision here: accept (its `objection` effect runs
// in every source), or refuse with the compelling legitimate grounds the subject reads (21(1)).
// The decisions go with `fulfil {decisions: [{purpose, accept, reason?}]}`, as for rectification.
export function ObjectionReview(props: {
  details: Record<string, unknown>;
  version: number;
  onDone: (intent: string) => void;
}) {
  const { t, locale } = useStaffI18n();
  const named = purposesOf(props.details);
  const toDecide = objectionPurposesToDecide(props.details);
  const otherText = typeof props.details.otherPurpose === 'string' ? props.details.otherPurpose : null;
  if (toDecide.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="object-title">
      <h2 id="object-title">{t('staff.object.heading')}</h2>
      <p>{t('staff.object.intro')}</p>
      {named.includes(DIRECT_MARKETING) && (
        <p className="notice">
          {t('staff.object.directMarketing', { label: purposeLabel(DIRECT_MARKETING, locale) })}
        </p>
      )}
      <ActionForm
        intent="fulfil"
        version={props.version}
        submitLabel={t('staff.object.submit')}
        onDone={props.onDone}
      >
        <ol className="stack">
          {toDecide.map((purpose) => (
            <PurposeDecision
              key={purpose}
              purpose={purpose}
              label={purposeLabel(purpose, locale)}
              otherText={purpose === 'other' ? otherText : null}
            />
          ))}
        </ol>
      </ActionForm>
    </section>
  );
}

function PurposeDecision({
  purpose,
  label,
  otherText,
}: {
  purpose: string;
  label: string;
  otherText: string | null;
}) {
  const { t } = useStaffI18n();
  const id = `objection-${purpose}`;
  const name = `decision.${purpose}`;
  const { invalid, errorId } = useFieldError(id, name);
  const radio = (value: 'accept' | 'refuse') => (
    <div className="choice">
      <input
        type="radio"
        id={`${id}-${value}`}
        name={name}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
      />
      <label htmlFor={`${id}-${value}`}>
        {t(value === 'accept' ? 'staff.object.accept' : 'staff.object.refuse')}
      </label>
    </div>
  );
  return (
    <li className="panel stack">
      {/* Every purpose to decide is posted, so an unanswered one is named instead of accepted. */}
      <input type="hidden" name="purpose" value={purpose} />
      {otherText && <p>{t('staff.object.other', { text: otherText })}</p>}
      <fieldset className={invalid ? 'fieldset field--error' : 'fieldset'}>
        <legend className="field__label">{t('staff.object.decision', { label })}</legend>
        <FieldError id={id} name={name} />
        <div className="choices">
          {radio('accept')}
          {radio('refuse')}
        </div>
      </fieldset>
      <TextArea
        id={`${id}-reason`}
        name={`reason.${purpose}`}
        label={t('staff.object.grounds', { label })}
        hint={t('staff.object.groundsHint')}
        rows={3}
        maxLength={2000}
      />
    </li>
  );
}
