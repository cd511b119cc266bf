import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useFetcher } from 'react-router';
import { useT } from '../../../lib/i18n.tsx';
import { type ActionResult, CANCEL_FETCHER, stateProblem } from '../status-data.ts';

export { CANCEL_FETCHER };

/** Tab / Shift+Tab wrap around inside the dialog (a modal <dialog> alone lets focus leave for the browser UI). */
function trapTab(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const focusable = [
    ...event.currentTarget.querySelectorAll<HTMLElement>('button, textarea, input, a[href]'),
  ];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last?.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first?.focus();
  }
}

// Cancelling asks for confirmation in a modal <dialog>: the browser makes the rest of the page
// inert and closes it on Escape; Tab wraps inside it; on close focus returns to the opener. Once
// the request is cancelled this section unmounts (cancel is no longer allowed) and the page moves
// focus to its notice (it watches the same fetcher, CANCEL_FETCHER).
export function CancelRequest() {
  const t = useT();
  const fetcher = useFetcher<ActionResult>({ key: CANCEL_FETCHER });
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const busy = fetcher.state !== 'idle';
  const problem = busy ? null : stateProblem(fetcher.data);
  const failed = fetcher.data && !fetcher.data.ok && !problem;
  const returnFocus = useRef(true);

  // The request changed under the dialog: close it; the page's notice says why and takes focus.
  useEffect(() => {
    if (!problem || !dialogRef.current?.open) return;
    returnFocus.current = false;
    dialogRef.current.close();
  }, [problem]);

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
            returnFocus.current = true;
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
        onKeyDown={trapTab}
        onClose={() => returnFocus.current && openerRef.current?.focus()}
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
