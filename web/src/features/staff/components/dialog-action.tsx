import { type ReactNode, useCallback, useRef, useState } from 'react';
import { ActionForm, DialogOpenings } from './action-form.tsx';
import { Dialog } from './dialog.tsx';

// A button that opens a modal dialog holding a form; focus returns to the button when the dialog
// closes without success (after a success the page moves focus to its notice). Each opening
// starts without the last attempt's failure (DialogOpenings).
interface DialogActionProps {
  id: string;
  opener: string;
  title: string;
  danger?: boolean;
  onDone: (intent: string) => void;
  children: (done: (intent: string) => void, cancel: () => void) => ReactNode;
}

export function DialogAction({ id, opener, title, danger, onDone, children }: DialogActionProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const succeeded = useRef(false);
  const [openings, setOpenings] = useState(0);
  const close = useCallback(() => dialogRef.current?.close(), []);
  const done = useCallback(
    (intent: string) => {
      succeeded.current = true;
      dialogRef.current?.close();
      onDone(intent);
    },
    [onDone],
  );
  return (
    <>
      <button
        ref={openerRef}
        type="button"
        className={danger ? 'button button--danger' : 'button button--secondary'}
        onClick={() => {
          succeeded.current = false;
          setOpenings((n) => n + 1);
          dialogRef.current?.showModal();
          dialogRef.current
            ?.querySelector<HTMLElement>('textarea, select, input:not([type="hidden"])')
            ?.focus();
        }}
      >
        {opener}
      </button>
      <Dialog
        id={id}
        title={title}
        ref={dialogRef}
        onClose={() => {
          // After a success the page moves focus to its notice instead.
          if (!succeeded.current) openerRef.current?.focus();
        }}
      >
        <DialogOpenings.Provider value={openings}>{children(done, close)}</DialogOpenings.Provider>
      </Dialog>
    </>
  );
}

/** A dialog-backed action whose dialog holds just the action's form: it closes on success or cancel. */
export function DialogActionForm({
  intent,
  version,
  submitLabel,
  children,
  fetcherKey,
  ...dialog
}: Omit<DialogActionProps, 'children'> & {
  intent: string;
  fetcherKey?: string;
  version: number;
  submitLabel: string;
  children: ReactNode;
}) {
  return (
    <DialogAction {...dialog}>
      {(done, cancel) => (
        <ActionForm
          intent={intent}
          {...(fetcherKey ? { fetcherKey } : {})}
          version={version}
          submitLabel={submitLabel}
          danger={dialog.danger}
          onDone={done}
          onCancel={cancel}
        >
          {children}
        </ActionForm>
      )}
    </DialogAction>
  );
}
