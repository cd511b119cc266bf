import type { KeyboardEvent, ReactNode, Ref } from 'react';

/** Tab / Shift+Tab wrap around inside the dialog (a modal <dialog> alone lets focus leave for the browser UI). */
function trapTab(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const focusable = [
    ...event.currentTarget.querySelectorAll<HTMLElement>(
      'button, textarea, input:not([type="hidden"]), select, a[href]',
    ),
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

// A modal <dialog>: the browser makes the page inert and closes it on Escape; Tab wraps inside;
// the caller returns focus to the opener in onClose.
export function Dialog({
  id,
  title,
  ref,
  onClose,
  children,
}: {
  id: string;
  title: string;
  ref: Ref<HTMLDialogElement>;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onKeyDown={trapTab}
      onClose={onClose}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}
