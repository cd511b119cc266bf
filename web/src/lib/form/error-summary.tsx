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
          const exists = document.getElementById(fieldId(path)) !== null;
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
                  {t(key)}
                </a>
              ) : (
                t(key)
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
