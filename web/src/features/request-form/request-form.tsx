import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../lib/api-client.ts';
import { ErrorSummary } from '../../lib/form/error-summary.tsx';
import { fieldId } from '../../lib/form/field-ids.ts';
import { RadioGroup, TextField } from '../../lib/form/fields.tsx';
import { type MessageKey, type MessageVars, useDocumentTitle, useI18n } from '../../lib/i18n.tsx';
import { newIdempotencyKey } from '../../lib/idempotency.ts';
import { paths } from '../../lib/paths.ts';
import { isRequestType, REQUEST_TYPES, type RequestType } from '../../lib/request-types.ts';
import { rememberSentRequest } from '../../lib/sent-request.ts';
import { createRequest } from './api/create-request.ts';
import { TypeFields } from './components/type-fields.tsx';
import { type FieldErrors, orderedPaths, toFieldErrors } from './field-errors.ts';
import { type FormState, hasOwnTextBox, initialState, toRequestInput } from './form-state.ts';
import { validateRequest } from './validate.ts';

interface Banner {
  key: MessageKey;
  vars?: MessageVars;
}

// The intake form. Validated on submit with the API's own schema; server field errors land on the
// same fields. One Idempotency-Key per distinct body, so a double submit or a retry files once.
export function RequestForm() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const [state, setState] = useState<FormState>(() => {
    const type = searchParams.get('type');
    return initialState(isRequestType(type) ? type : '');
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<Banner | null>(null);
  const [sending, setSending] = useState(false);
  const sendingRef = useRef(false);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  const [focusTarget, setFocusTarget] = useState<{ to: 'summary' | 'banner'; n: number } | null>(null);

  useEffect(() => {
    if (!focusTarget) return;
    const element = focusTarget.to === 'summary' ? summaryRef.current : bannerRef.current;
    element?.focus();
    element?.scrollIntoView({ block: 'start' });
  }, [focusTarget]);

  const update = (patch: Partial<FormState>) => setState((s) => ({ ...s, ...patch }));
  const focus = (to: 'summary' | 'banner') => setFocusTarget((f) => ({ to, n: (f?.n ?? 0) + 1 }));

  function chooseType(value: string) {
    if (!isRequestType(value)) return;
    update({ type: value });
    setErrors({});
    setSearchParams({ type: value }, { replace: true, preventScrollReset: true });
  }

  // From the "not sure which right?" guide: the right is chosen and its radio takes focus, so the
  // person hears what they picked and goes on from there.
  function chooseAndFocus(value: RequestType) {
    chooseType(value);
    requestAnimationFrame(() => document.getElementById(`${fieldId('type')}-${value}`)?.focus());
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sendingRef.current) return;
    setBanner(null);
    const result = validateRequest(toRequestInput(state, locale));
    if (!result.ok) {
      setErrors(result.errors);
      focus('summary');
      return;
    }
    setErrors({});
    const body = JSON.stringify(result.data);
    if (attempt.current?.body !== body) attempt.current = { key: newIdempotencyKey(), body };
    sendingRef.current = true;
    setSending(true);
    try {
      const accepted = await createRequest(result.data, attempt.current.key);
      const sent = { reference: accepted.reference, sentAt: new Date().toISOString() };
      rememberSentRequest(sent);
      navigate(paths.requestSent(), { state: sent });
    } catch (error) {
      if (isApiError(error) && error.status === 400 && error.errors.length > 0) {
        setErrors(toFieldErrors(error.errors, state.type));
        focus('summary');
      } else if (isApiError(error) && error.status === 429) {
        const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
        setBanner({ key: 'form.rateLimited', vars: { minutes } });
        focus('banner');
      } else {
        setBanner({ key: 'form.sendFailed' });
        focus('banner');
      }
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  }

  const errorPaths = orderedPaths(errors);
  // "Error: …" in the tab title while the form shows errors (read first by screen readers).
  const title = t('request.title');
  useDocumentTitle(errorPaths.length > 0 ? t('form.errorTitle', { title }) : title);
  return (
    <div className="stack">
      <h1>{t('request.title')}</h1>
      <p>{t('form.intro')}</p>
      {banner && (
        <div ref={bannerRef} className="notice notice--error" role="alert" tabIndex={-1}>
          {t(banner.key, banner.vars)}
        </div>
      )}
      {errorPaths.length > 0 && <ErrorSummary ref={summaryRef} paths={errorPaths} errors={errors} />}
      <form className="stack form" noValidate onSubmit={onSubmit} aria-label={t('request.title')}>
        <RadioGroup
          path="type"
          label={t('form.type')}
          legendClassName="field__label field__label--large"
          options={REQUEST_TYPES.map((value) => ({
            value,
            label: t(`right.${value}.title`),
            hint: t(`right.${value}.hint`),
          }))}
          value={state.type}
          error={errors.type}
          onChange={chooseType}
        />
        <UnsureGuide onChoose={chooseAndFocus} />
        {state.type && (
          <section className="stack" aria-labelledby="form-details-title">
            <h2 id="form-details-title" className="section-title">
              {t('form.details.heading', { right: t(`right.${state.type}.title`) })}
            </h2>
            <p className="field__hint">{t(`right.${state.type}.body`)}</p>
            <TypeFields state={state} errors={errors} update={update} />
          </section>
        )}
        <section className="stack" aria-labelledby="form-identity-title">
          <h2 id="form-identity-title" className="section-title">
            {t('form.identity.heading')}
          </h2>
          <TextField
            path="fullName"
            label={t('form.fullName')}
            autoComplete="name"
            value={state.fullName}
            error={errors.fullName}
            maxLength={200}
            onChange={(value) => update({ fullName: value })}
          />
          <TextField
            path="email"
            label={t('form.email')}
            hint={t('form.email.hint')}
            type="email"
            autoComplete="email"
            value={state.email}
            error={errors.email}
            maxLength={254}
            onChange={(value) => update({ email: value })}
          />
          {/* One free-text box: types with a text question of their own (scope, question,
              grounds, decision) ask it in their details; the others get the message box. */}
          {!hasOwnTextBox(state.type) && (
            <TextField
              path="message"
              label={t('form.message')}
              hint={t('form.message.hint')}
              optional
              multiline
              value={state.message}
              error={errors.message}
              maxLength={5000}
              onChange={(value) => update({ message: value })}
            />
          )}
          <p className="field__hint">{t('form.locale', { language: t('lang.current') })}</p>
        </section>
        <p className="field__hint">{t('form.privacy')}</p>
        <p className="actions">
          <button type="submit" className="button" disabled={sending}>
            {sending ? t('form.sending') : t('form.submit')}
          </button>
        </p>
        <p className="visually-hidden" role="status">
          {sending ? t('form.sending') : ''}
        </p>
      </form>
    </div>
  );
}

// Situations in plain words, each leading to the right that serves it; the last one, for anyone
// still unsure, to an information request (a question, nothing else asked).
const GUIDE = [
  'access',
  'rectification',
  'erasure',
  'objection',
  'consent_withdrawal',
  'information',
] as const;

function UnsureGuide({ onChoose }: { onChoose: (type: RequestType) => void }) {
  const { t } = useI18n();
  return (
    <details className="unsure">
      <summary>{t('form.unsure.summary')}</summary>
      <div className="stack">
        <p>{t('form.unsure.intro')}</p>
        <ul>
          {GUIDE.map((type) => (
            <li key={type}>
              <button type="button" className="link-button" onClick={() => onChoose(type)}>
                {t(`form.unsure.${type}`)}
                <span className="visually-hidden">
                  {' '}
                  — {t('form.unsure.choose', { right: t(`right.${type}.title`) })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
