import { useEffect, useRef } from 'react';
import { useFetcher } from 'react-router';
import { useT } from '../../../lib/i18n.tsx';
import type { ActionResult } from '../status-data.ts';

// Cancelling asks for confirmation in a modal <dialog>: the browser makes the rest of the page
// inert (focus stays inside) and closes it on Escape; on close focus returns to the opener,
// or, once the request is cancelled (the opener is gone), to the page's notice via `onCancelled`.
export function CancelRequest({ onCancelled }: { onCancelled: () => void }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>({ key: 'status-cancel' });
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const succeeded = useRef(false);
  const handled = useRef<ActionResult | undefined>(undefined);
  const busy = fetcher.state !== 'idle';
  const failed = fetcher.data && !fetcher.data.ok;

  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== 'idle' || !data || handled.current === data) return;
    handled.current = data;
    if (data.ok) {
      succeeded.current = true;
      dialogRef.current?.close();
      onCancelled();
    }
  }, [fetcher.state, fetcher.data, onCancelled]);

  return (
    <section className="stack" aria-labelledby="cancel-title">
      <h2 id="cancel-title">{t('status.cancel.heading')}</h2>
      <p>{t('status.cancel.intro')}</p>
      <p>
        <button
          ref={openerRef}
          type="button"
          className="button button--danger"
          onClick={() => {
            dialogRef.current?.showModal();
            keepRef.current?.focus(); // the harmless choice first
          }}
        >
          {t('status.cancel.open')}
        </button>
      </p>
      <dialog
        ref={dialogRef}
        className="dialog"
        aria-labelledby="cancel-dialog-title"
        aria-describedby="cancel-dialog-body"
        onClose={() => {
          if (!succeeded.current) openerRef.current?.focus();
        }}
      >
        <fetcher.Form method="post" className="stack" onSubmit={(event) => busy && event.preventDefault()}>
          <input type="hidden" name="intent" value="cancel" />
          <h2 id="cancel-dialog-title">{t('status.cancel.confirmTitle')}</h2>
          <p id="cancel-dialog-body">{t('status.cancel.confirmBody')}</p>
          <div className="field">
            <label htmlFor="cancel-reason" className="field__label">
              {t('status.cancel.reason')} <span className="field__optional">{t('form.optional')}</span>
            </label>
            <textarea id="cancel-reason" name="reason" rows={3} maxLength={2000} />
          </div>
          {failed && (
            <p className="field__error" role="alert">
              {t('status.cancel.failed')}
            </p>
          )}
          <p className="actions">
            <button type="submit" className="button button--danger" aria-disabled={busy || undefined}>
              {busy ? t('form.sending') : t('status.cancel.confirm')}
            </button>
            <button
              ref={keepRef}
              type="button"
              className="button button--secondary"
              onClick={() => dialogRef.current?.close()}
            >
              {t('status.cancel.keep')}
            </button>
          </p>
        </fetcher.Form>
      </dialog>
    </section>
  );
}
