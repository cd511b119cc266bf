import { OTHER_CORRECTION_FIELD, type RectifyField } from '@dsr/shared/fulfilment';
import { useEffect, useRef, useState } from 'react';
import { apiRequest } from '../../../lib/api-client.ts';
import { fieldId } from '../../../lib/form/field-ids.ts';
import { RadioGroup, TextField } from '../../../lib/form/fields.tsx';
import { type MessageKey, useI18n } from '../../../lib/i18n.tsx';
import { type Correction, emptyCorrection, MAX_CORRECTIONS } from '../form-state.ts';

// The fields the data map lets a subject correct (GET /rectification/fields), fetched once.
let rectifyFields: Promise<RectifyField[]> | undefined;
function useRectifyFields(): RectifyField[] | null {
  const [fields, setFields] = useState<RectifyField[] | null>(null);
  useEffect(() => {
    rectifyFields ??= apiRequest<{ fields: RectifyField[] }>('/rectification/fields')
      .then((answer) => answer.fields)
      .catch(() => {
        rectifyFields = undefined; // tried again next time; the free field serves meanwhile
        return [];
      });
    let live = true;
    void rectifyFields.then((list) => live && setFields(list));
    return () => {
      live = false;
    };
  }, []);
  return fields;
}

// Rectification: 1..50 corrections, each in its own fieldset. Adding one moves focus to its first
// field; removing one moves focus to the "add" button, so keyboard users never land on <body>.
export function CorrectionsField(props: {
  corrections: Correction[];
  errors: Record<string, MessageKey>;
  onChange: (corrections: Correction[]) => void;
}) {
  const { t, locale } = useI18n();
  const { corrections, errors, onChange } = props;
  const fields = useRectifyFields();
  // The map's fields by label, and "other" for anything else (staff handle it by hand).
  const options =
    fields && fields.length > 0
      ? [
          ...fields.map((f) => ({ value: f.field, label: f.label[locale] })),
          {
            value: OTHER_CORRECTION_FIELD,
            label: t('form.corrections.other'),
            hint: t('form.corrections.otherHint'),
          },
        ]
      : null;
  const addRef = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<'last' | 'add' | null>(null);

  useEffect(() => {
    if (focusNext.current === 'last') {
      document.getElementById(fieldId(`details.corrections.${corrections.length - 1}.field`))?.focus();
    } else if (focusNext.current === 'add') {
      addRef.current?.focus();
    }
    focusNext.current = null;
  }, [corrections.length]);

  const update = (index: number, patch: Partial<Correction>) =>
    onChange(corrections.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const listError = errors['details.corrections'];

  return (
    <div className="stack">
      <h2 className="section-title">{t('form.corrections.heading')}</h2>
      <p className="field__hint">{t('form.corrections.hint', { max: MAX_CORRECTIONS })}</p>
      {listError && (
        <p id={fieldId('details.corrections')} className="field__error" tabIndex={-1}>
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {t(listError)}
        </p>
      )}
      <ol className="corrections">
        {corrections.map((correction, index) => {
          const base = `details.corrections.${index}`;
          return (
            <li key={correction.key}>
              <fieldset className="fieldset correction">
                <legend className="field__label">{t('form.corrections.legend', { n: index + 1 })}</legend>
                {options ? (
                  <RadioGroup
                    path={`${base}.field`}
                    label={t('form.corrections.field')}
                    options={options}
                    value={correction.field}
                    error={errors[`${base}.field`]}
                    onChange={(field) => update(index, { field })}
                  />
                ) : (
                  <TextField
                    path={`${base}.field`}
                    label={t('form.corrections.field')}
                    hint={t('form.corrections.fieldHint')}
                    value={correction.field}
                    error={errors[`${base}.field`]}
                    maxLength={200}
                    onChange={(field) => update(index, { field })}
                  />
                )}
                <TextField
                  path={`${base}.currentValue`}
                  label={t('form.corrections.current')}
                  optional
                  value={correction.currentValue}
                  error={errors[`${base}.currentValue`]}
                  onChange={(currentValue) => update(index, { currentValue })}
                />
                <TextField
                  path={`${base}.correctedValue`}
                  label={t('form.corrections.corrected')}
                  value={correction.correctedValue}
                  error={errors[`${base}.correctedValue`]}
                  onChange={(correctedValue) => update(index, { correctedValue })}
                />
                {corrections.length > 1 && (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => {
                      focusNext.current = 'add';
                      onChange(corrections.filter((_, i) => i !== index));
                    }}
                  >
                    {t('form.corrections.remove', { n: index + 1 })}
                  </button>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {corrections.length < MAX_CORRECTIONS && (
        <button
          ref={addRef}
          type="button"
          className="button button--secondary"
          onClick={() => {
            focusNext.current = 'last';
            onChange([...corrections, emptyCorrection()]);
          }}
        >
          {t('form.corrections.add')}
        </button>
      )}
    </div>
  );
}
