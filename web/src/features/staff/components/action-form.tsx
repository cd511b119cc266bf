import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { useFetcher, useParams, useRevalidator } from 'react-router';
import type { DetailActionResult } from '../detail-action.ts';
import { errorKey } from '../error-words.ts';
import { useStaffT } from '../i18n.ts';

/** How many times the enclosing dialog was opened: a new opening starts without the last failure. */
export const DialogOpenings = createContext(0);

/** Fields of the enclosing form the last attempt left missing or invalid (names as posted). */
const InvalidFields = createContext<ReadonlySet<string>>(new Set());

/**
 * A field's error, tied to it like on the public forms: `aria-invalid`, and the message's id for
 * `aria-describedby` (the message sits right above the control).
 */
export function useFieldError(id: string, name: string): { invalid: boolean; errorId: string } {
  return { invalid: useContext(InvalidFields).has(name), errorId: `${id}-error` };
}

export function FieldError({ id, name }: { id: string; name: string }) {
  const t = useStaffT();
  const { invalid, errorId } = useFieldError(id, name);
  if (!invalid) return null;
  return (
    <p id={errorId} className="field__error">
      <span className="visually-hidden">{t('form.errorPrefix')} </span>
      {t('form.error.required')}
    </p>
  );
}

// One staff action as a form posted to the detail route's action. Shows the failure in place
// (409: someone else changed the request, with a reload button; 422/403: why, from the error code)
// and calls onDone once the action succeeded (the router then reloads the page's data).
// The fetcher is per request and action, and a failure is shown only for the attempt made here:
// not after the request was reloaded or changed, nor when its dialog is opened again.
export function ActionForm({
  intent,
  version,
  children,
  submitLabel,
  danger,
  secondary,
  onDone,
  onCancel,
  className,
  fetcherKey,
}: {
  intent: string;
  /** Distinguishes forms of one intent shown together (one retry button per source). */
  fetcherKey?: string;
  version: number;
  children?: ReactNode;
  submitLabel: string;
  danger?: boolean;
  /** A lesser action beside the main one (outlined button). */
  secondary?: boolean;
  onDone: (intent: string) => void;
  onCancel?: () => void;
  className?: string;
}) {
  const t = useStaffT();
  const { reference = '' } = useParams();
  const fetcher = useFetcher<DetailActionResult>({
    key: `staff-action-${reference}-${fetcherKey ?? intent}`,
  });
  const revalidator = useRevalidator();
  const openings = useContext(DialogOpenings);
  const formRef = useRef<HTMLFormElement>(null);
  const result = fetcher.data;
  // Results from before this form mounted were handled (or are stale) already.
  const handled = useRef<DetailActionResult | undefined>(result);
  const busy = fetcher.state === 'submitting';

  // `dismissed`: the result no longer shown. Reset whenever the request, its version or the
  // dialog opening changes (adjusting state while rendering, as React recommends for this).
  const context = `${reference}|${version}|${openings}`;
  const [dismissed, setDismissed] = useState({ context, result });
  if (dismissed.context !== context) setDismissed({ context, result });

  useEffect(() => {
    if (!result || fetcher.state === 'submitting' || handled.current === result) return;
    handled.current = result;
    if (result.ok) {
      formRef.current?.reset();
      onDone(intent);
    } else if (result.kind === 'invalid') {
      const first = result.fields?.[0];
      formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
    }
  }, [result, fetcher.state, intent, onDone]);

  const failure = result && !result.ok && !busy && result !== dismissed.result ? result : null;
  const invalidFields = new Set(failure?.kind === 'invalid' ? (failure.fields ?? []) : []);
  return (
    <InvalidFields.Provider value={invalidFields}>
      <fetcher.Form
        ref={formRef}
        method="post"
        noValidate
        className={className ?? 'stack'}
        onSubmit={(event) => {
          if (busy) event.preventDefault();
          else setDismissed({ context, result });
        }}
      >
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="expectedVersion" value={version} />
        {children}
        {failure && (
          <div className="notice notice--error" role="alert">
            {failure.kind === 'stale' ? (
              <>
                <p>{t('staff.action.stale')}</p>
                <p>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-disabled={revalidator.state !== 'idle' || undefined}
                    onClick={() => {
                      if (revalidator.state !== 'idle') return;
                      onCancel?.();
                      // The page moves focus to "Actions" if this button goes with the reload.
                      void revalidator.revalidate().then(() => setDismissed({ context, result: failure }));
                    }}
                  >
                    {t('staff.action.reload')}
                  </button>
                </p>
              </>
            ) : failure.kind === 'invalid' ? (
              <p>{t('staff.action.invalid')}</p>
            ) : (
              <p>{t(errorKey(failure.code))}</p>
            )}
          </div>
        )}
        <p className="actions">
          <button
            type="submit"
            className={danger ? 'button button--danger' : secondary ? 'button button--secondary' : 'button'}
            aria-disabled={busy || undefined}
          >
            {busy ? t('form.sending') : submitLabel}
          </button>
          {onCancel && (
            <button type="button" className="button button--secondary" onClick={onCancel}>
              {t('staff.action.cancel')}
            </button>
          )}
        </p>
      </fetcher.Form>
    </InvalidFields.Provider>
  );
}

/** A required textarea for an action form, labelled and described. */
export function TextArea({
  id,
  name,
  label,
  hint,
  rows = 4,
  maxLength,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  rows?: number;
  maxLength: number;
}) {
  const { invalid, errorId } = useFieldError(id, name);
  const describedBy = [hint ? `${id}-hint` : '', invalid ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className={invalid ? 'field field--error' : 'field'}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      <FieldError id={id} name={name} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        aria-required
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}
