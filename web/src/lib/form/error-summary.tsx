import type { Ref } from 'react';
import { type MessageKey, useT } from '../i18n.tsx';
import { fieldId } from './field-ids.ts';

/** Moves focus to the control for `path`; for a group (fieldset), to its first input. */
export function focusField(path: string): void {
  const element = document.getElementById(fieldId(path));
  const target = element instanceof HTMLFieldSetElement ? element.querySelector('input') : element;
  target?.focus();
  target?.scrollIntoView({ block: 'center' });
}

// Messages that do not say which question they are about on their own.
const GENERIC: readonly MessageKey[] = ['form.error.required', 'form.error.tooLong', 'form.error.invalid'];

const textOf = (element: Element | null | undefined): string =>
  // The label's own words, without "(optional)" or a hint inside it.
  element
    ? ([...element.childNodes].find((n) => n.nodeType === Node.TEXT_NODE)?.textContent?.trim() ?? '')
    : '';

/**
 * The summary line for a field, naming its question when the message alone would not (a generic
 * "too long"), and the group it sits in (a numbered correction), so that a list of errors on
 * repeated or grouped questions says which one each is about.
 */
function summaryLine(
  t: ReturnType<typeof useT>,
  path: string,
  key: MessageKey,
  element: HTMLElement | null,
): string {
  let line = t(key);
  if (!element) return line;
  if (GENERIC.includes(key)) {
    const own =
      element instanceof HTMLFieldSetElement
        ? element.querySelector(':scope > legend')
        : document.querySelector(`label[for="${CSS.escape(element.id)}"]`);
    const label = textOf(own);
    if (label) line = t('form.error.inGroup', { group: label, error: line });
  }
  const group = textOf(element.parentElement?.closest('fieldset')?.querySelector(':scope > legend'));
  if (group && !path.startsWith('type')) line = t('form.error.inGroup', { group, error: line });
  return line;
}

// GOV.UK-style error summary: focused when the form is rejected, so screen readers read its
// heading and list at once; each entry links to its field.
export function ErrorSummary({
  paths,
  errors,
  ref,
}: {
  paths: string[];
  errors: Record<string, MessageKey>;
  ref: Ref<HTMLDivElement>;
}) {
  const t = useT();
  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">
        {paths.length === 1 ? t('form.summary.one') : t('form.summary.many', { count: paths.length })}
      </h2>
      <ul>
        {paths.map((path) => {
          const key = errors[path];
          if (!key) return null;
          const element = document.getElementById(fieldId(path));
          const exists = element !== null;
          const line = summaryLine(t, path, key, element);
          return (
            <li key={path}>
              {exists ? (
                <a
                  href={`#${fieldId(path)}`}
                  onClick={(event) => {
                    // A fragment navigation would go through the router; just move focus.
                    event.preventDefault();
                    focusField(path);
                  }}
                >
                  {line}
                </a>
              ) : (
                line
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
