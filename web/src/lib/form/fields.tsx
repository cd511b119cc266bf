import type { ReactNode } from 'react';
import { type MessageKey, useT } from '../i18n.tsx';
import { errorId, fieldId } from './field-ids.ts';

// Form controls wired for assistive technology: a visible label, an optional hint, and the error
// message right above the control, both referenced by aria-describedby; aria-invalid when wrong.

interface BaseProps {
  path: string;
  label: string;
  hint?: string | undefined;
  optional?: boolean;
  error?: MessageKey | undefined;
}

const hintId = (path: string) => `${fieldId(path)}-hint`;
const describedBy = (path: string, hint: unknown, error: unknown) =>
  [hint ? hintId(path) : '', error ? errorId(path) : ''].filter(Boolean).join(' ') || undefined;

function Label({ path, label, optional }: Pick<BaseProps, 'path' | 'label' | 'optional'>) {
  const t = useT();
  return (
    <label htmlFor={fieldId(path)} className="field__label">
      {label}
      {optional && <span className="field__optional"> {t('form.optional')}</span>}
    </label>
  );
}

function HintAndError({ path, hint, error }: Pick<BaseProps, 'path' | 'hint' | 'error'>) {
  const t = useT();
  return (
    <>
      {hint && (
        <p id={hintId(path)} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId(path)} className="field__error">
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {t(error)}
        </p>
      )}
    </>
  );
}

interface TextProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email';
  autoComplete?: string;
  multiline?: boolean;
  maxLength?: number;
}

export function TextField(props: TextProps) {
  const {
    path,
    label,
    hint,
    optional,
    error,
    value,
    onChange,
    type = 'text',
    autoComplete,
    multiline,
  } = props;
  const common = {
    id: fieldId(path),
    name: path,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(path, hint, error),
    'aria-required': optional ? undefined : true,
    maxLength: props.maxLength,
  };
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <Label path={path} label={label} optional={optional} />
      <HintAndError path={path} hint={hint} error={error} />
      {multiline ? (
        <textarea {...common} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={type}
          autoComplete={autoComplete}
          spellCheck={type === 'email' ? false : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </div>
  );
}

interface ChoiceProps extends Omit<BaseProps, 'optional'> {
  options: readonly { value: string; label: string; hint?: string }[];
  /** Screen readers announce the group name (legend) when entering it. */
  legendClassName?: string;
}

interface RadioProps extends ChoiceProps {
  value: string;
  onChange: (value: string) => void;
}

interface CheckboxesProps extends ChoiceProps {
  values: readonly string[];
  onChange: (values: string[]) => void;
}

function Group({
  path,
  label,
  hint,
  error,
  legendClassName,
  children,
}: ChoiceProps & { children: ReactNode }) {
  return (
    <fieldset
      id={fieldId(path)}
      className={error ? 'field fieldset field--error' : 'field fieldset'}
      aria-describedby={describedBy(path, hint, error)}
    >
      <legend className={legendClassName ?? 'field__label'}>{label}</legend>
      <HintAndError path={path} hint={hint} error={error} />
      <div className="choices">{children}</div>
    </fieldset>
  );
}

function Choice(props: {
  type: 'radio' | 'checkbox';
  name: string;
  id: string;
  label: string;
  hint?: string | undefined;
  checked: boolean;
  invalid: boolean;
  onChange: (checked: boolean) => void;
}) {
  const hint = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div className="choice">
      <input
        type={props.type}
        id={props.id}
        name={props.name}
        checked={props.checked}
        aria-invalid={props.invalid || undefined}
        aria-describedby={hint}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={props.id}>{props.label}</label>
      {hint && (
        <p id={hint} className="choice__hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

export function RadioGroup(props: RadioProps) {
  return (
    <Group {...props}>
      {props.options.map((option) => (
        <Choice
          key={option.value}
          type="radio"
          name={props.path}
          id={`${fieldId(props.path)}-${option.value}`}
          label={option.label}
          hint={option.hint}
          checked={props.value === option.value}
          invalid={Boolean(props.error)}
          onChange={() => props.onChange(option.value)}
        />
      ))}
    </Group>
  );
}

export function CheckboxGroup(props: CheckboxesProps) {
  return (
    <Group {...props}>
      {props.options.map((option) => (
        <Choice
          key={option.value}
          type="checkbox"
          name={props.path}
          id={`${fieldId(props.path)}-${option.value}`}
          label={option.label}
          hint={option.hint}
          checked={props.values.includes(option.value)}
          invalid={Boolean(props.error)}
          onChange={(checked) =>
            props.onChange(
              checked ? [...props.values, option.value] : props.values.filter((v) => v !== option.value),
            )
          }
        />
      ))}
    </Group>
  );
}

export function Checkbox(props: {
  path: string;
  label: string;
  checked: boolean;
  onChange: (c: boolean) => void;
}) {
  return (
    <div className="field">
      <Choice
        type="checkbox"
        name={props.path}
        id={fieldId(props.path)}
        label={props.label}
        checked={props.checked}
        invalid={false}
        onChange={props.onChange}
      />
    </div>
  );
}
