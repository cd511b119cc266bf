import { type ReactNode, useEffect, useRef } from 'react';
import { useFetcher, useRevalidator } from 'react-router';
import type { DetailActionResult } from '../detail-action.ts';
import { useStaffT } from '../i18n.ts';

// One staff action as a form posted to the detail route's action. Shows the failure in place
// (409: someone else changed the request, with a reload button; 422/403: the server's reason) and
// calls onDone once the action succeeded (the router then reloads the page's data).
export function ActionForm({
  intent,
  version,
  children,
  submitLabel,
  danger,
  onDone,
  onCancel,
  className,
}: {
  intent: string;
  version: number;
  children?: ReactNode;
  submitLabel: string;
  danger?: boolean;
  onDone: (intent: string) => void;
  onCancel?: () => void;
  className?: string;
}) {
  const t = useStaffT();
  const fetcher = useFetcher<DetailActionResult>({ key: `staff-action-${intent}` });
  const revalidator = useRevalidator();
  const formRef = useRef<HTMLFormElement>(null);
  const handled = useRef<DetailActionResult | undefined>(undefined);
  const busy = fetcher.state === 'submitting';
  const result = fetcher.data;

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

  const failure = result && !result.ok && !busy ? result : null;
  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      noValidate
      className={className ?? 'stack'}
      onSubmit={(event) => busy && event.preventDefault()}
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
                  onClick={() => {
                    onCancel?.();
                    void revalidator.revalidate();
                  }}
                >
                  {t('staff.action.reload')}
                </button>
              </p>
            </>
          ) : failure.kind === 'invalid' ? (
            <p>{t('staff.action.invalid')}</p>
          ) : (
            <p>
              {t(failure.kind === 'refused' ? 'staff.action.refused' : 'staff.action.failed')}
              {failure.detail ? ` ${failure.detail}` : ''}
            </p>
          )}
        </div>
      )}
      <p className="actions">
        <button
          type="submit"
          className={danger ? 'button button--danger' : 'button'}
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
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        aria-required
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
    </div>
  );
}
