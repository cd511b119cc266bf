import { type FormEvent, useRef, useState } from 'react';
import { useFetcher } from 'react-router';
import { formatDate } from '../../../lib/dates.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import { type ActionResult, APPEAL_FETCHER, stateProblem } from '../status-data.ts';

export { APPEAL_FETCHER };

const MAX = 5000;

// Appeal against a denial, offered while the API allows it (60 days). Once filed, this section
// unmounts (appeal is no longer allowed) and the page shows the appeal's reference, watching the
// same fetcher (APPEAL_FETCHER).
export function AppealForm({ appealUntil }: { appealUntil: string | null }) {
  const { t, locale } = useI18n();
  const fetcher = useFetcher<ActionResult>({ key: APPEAL_FETCHER });
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [missing, setMissing] = useState(false);
  const busy = fetcher.state !== 'idle';
  // A refusal because the request changed is said by the page (it outlives this form).
  const failed = !busy && fetcher.data?.ok === false && !stateProblem(fetcher.data);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (busy) return event.preventDefault();
    if ((textRef.current?.value ?? '').trim() === '') {
      event.preventDefault();
      setMissing(true);
      textRef.current?.focus();
      return;
    }
    setMissing(false);
  }

  const describedBy = ['appeal-hint', missing || failed ? 'appeal-error' : ''].filter(Boolean).join(' ');
  return (
    <section className="stack" aria-labelledby="appeal-title">
      <h2 id="appeal-title">{t('status.appeal.heading')}</h2>
      <p>{t('status.appeal.intro')}</p>
      {appealUntil && (
        <p>
          <strong>{t('status.appeal.deadline', { date: formatDate(locale, appealUntil) })}</strong>
        </p>
      )}
      <fetcher.Form method="post" className="stack" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="appeal" />
        <div className={missing ? 'field field--error' : 'field'}>
          <label htmlFor="appeal-body" className="field__label">
            {t('status.appeal.label')}
          </label>
          <p id="appeal-hint" className="field__hint">
            {t('status.appeal.hint')}
          </p>
          {(missing || failed) && (
            <p id="appeal-error" className="field__error" role="alert">
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {t(missing ? 'status.appeal.required' : 'status.appeal.failed')}
            </p>
          )}
          <textarea
            ref={textRef}
            id="appeal-body"
            name="body"
            rows={5}
            maxLength={MAX}
            aria-required
            aria-invalid={missing || undefined}
            aria-describedby={describedBy}
          />
        </div>
        <p className="actions">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {busy ? t('form.sending') : t('status.appeal.submit')}
          </button>
        </p>
      </fetcher.Form>
    </section>
  );
}
