import { accessLinkBodySchema } from '@dsr/shared/subject-view';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { isApiError } from '../../lib/api-client.ts';
import { ErrorSummary } from '../../lib/form/error-summary.tsx';
import { TextField } from '../../lib/form/fields.tsx';
import { type MessageKey, type MessageVars, useT } from '../../lib/i18n.tsx';
import { requestAccessLink } from './api/request-access-link.ts';

type Errors = Record<string, MessageKey>;

const messageFor = (path: unknown): MessageKey =>
  path === 'reference' ? 'lostLink.error.reference' : 'form.error.email';

/** The API's own body schema; `data` is what gets sent (trimmed, reference upper-cased). */
function validate(email: string, reference: string) {
  const result = accessLinkBodySchema.safeParse({ email, reference });
  const errors: Errors = {};
  for (const issue of result.error?.issues ?? []) errors[String(issue.path[0])] ??= messageFor(issue.path[0]);
  return { errors, data: result.data };
}

// E-mail + reference → a fresh status link by e-mail. The answer is the same whether or not the
// pair matches a request (no enumeration), so the page only ever says "if it matches, check mail".
export function LostLinkForm() {
  const t = useT();
  const [email, setEmail] = useState('');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<{ key: MessageKey; vars?: MessageVars } | null>(null);
  const [done, setDone] = useState(false);
  const [sending, setSending] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<{ to: 'summary' | 'banner' | 'done'; n: number } | null>(null);

  useEffect(() => {
    if (!focus) return;
    ({ summary: summaryRef, banner: bannerRef, done: doneRef })[focus.to].current?.focus();
  }, [focus]);
  const focusOn = (to: 'summary' | 'banner' | 'done') => setFocus((f) => ({ to, n: (f?.n ?? 0) + 1 }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending) return;
    setBanner(null);
    const { errors: found, data } = validate(email, reference);
    setErrors(found);
    if (!data) return focusOn('summary');
    setSending(true);
    try {
      await requestAccessLink(data.email, data.reference);
      setDone(true);
      focusOn('done');
    } catch (error) {
      if (isApiError(error) && error.status === 400) {
        const byPath: Errors = {};
        for (const e of error.errors)
          byPath[e.path === 'reference' ? 'reference' : 'email'] ??= messageFor(e.path);
        setErrors(byPath);
        focusOn('summary');
      } else if (isApiError(error) && error.status === 429) {
        const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
        setBanner({ key: 'form.rateLimited', vars: { minutes } });
        focusOn('banner');
      } else {
        setBanner({ key: 'form.sendFailed' });
        focusOn('banner');
      }
    } finally {
      setSending(false);
    }
  }

  if (done) {
    return (
      <div ref={doneRef} className="notice stack" tabIndex={-1} role="status">
        <p>{t('lostLink.done')}</p>
        <p>{t('lostLink.doneHint')}</p>
      </div>
    );
  }
  const paths = Object.keys(errors);
  return (
    <>
      {banner && (
        <div ref={bannerRef} className="notice notice--error" role="alert" tabIndex={-1}>
          {t(banner.key, banner.vars)}
        </div>
      )}
      {paths.length > 0 && <ErrorSummary ref={summaryRef} paths={paths} errors={errors} />}
      <form className="stack form" noValidate onSubmit={onSubmit} aria-label={t('lostLink.title')}>
        <TextField
          path="email"
          label={t('form.email')}
          type="email"
          autoComplete="email"
          value={email}
          error={errors.email}
          maxLength={254}
          onChange={setEmail}
        />
        <TextField
          path="reference"
          label={t('lostLink.reference')}
          hint={t('lostLink.reference.hint')}
          value={reference}
          error={errors.reference}
          maxLength={40}
          onChange={setReference}
        />
        <p className="actions">
          <button type="submit" className="button" disabled={sending}>
            {sending ? t('form.sending') : t('lostLink.submit')}
          </button>
        </p>
      </form>
    </>
  );
}
