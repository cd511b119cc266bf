import { useEffect, useRef } from 'react';
import {
  type ActionFunctionArgs,
  Form,
  type LoaderFunctionArgs,
  redirect,
  useActionData,
  useNavigation,
  useSearchParams,
} from 'react-router';
import { signIn } from '../../../features/staff/api/session.ts';
import { useStaffT } from '../../../features/staff/i18n.ts';
import { loadSession, rememberSession, safeNext } from '../../../features/staff/session.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { useDocumentTitle } from '../../../lib/i18n.tsx';

type LoginError =
  | { code: 'missing'; fields: ('email' | 'password')[] }
  | { code: 'invalid' }
  | { code: 'throttled'; minutes: number }
  | { code: 'failed' };

// Already signed in (a bookmark, the back button): straight to where the user was going.
export async function loader({ request }: LoaderFunctionArgs) {
  const next = safeNext(new URL(request.url).searchParams.get('next'));
  try {
    await loadSession({ refresh: true });
  } catch {
    return null; // 401 (or the API is down): show the form
  }
  throw redirect(next);
}

export async function action({ request }: ActionFunctionArgs): Promise<LoginError | Response> {
  const form = await request.formData();
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  const missing = [...(email ? [] : ['email' as const]), ...(password ? [] : ['password' as const])];
  if (missing.length > 0) return { code: 'missing', fields: missing };
  try {
    rememberSession(await signIn(email, password), { signedIn: true });
  } catch (error) {
    if (isApiError(error) && (error.status === 401 || error.status === 400)) return { code: 'invalid' };
    if (isApiError(error) && error.status === 429) {
      return { code: 'throttled', minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)) };
    }
    return { code: 'failed' };
  }
  return redirect(safeNext(new URL(request.url).searchParams.get('next')));
}

export function Component() {
  const t = useStaffT();
  useDocumentTitle(t('staff.login.title'));
  const [params] = useSearchParams();
  const error = useActionData() as LoginError | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' && navigation.formMethod === 'POST';
  const errorRef = useRef<HTMLDivElement>(null);
  const expired = params.get('expired') === '1';

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const missing = error?.code === 'missing' ? error.fields : [];
  const message = (() => {
    if (!error) return null;
    if (error.code === 'missing') return null;
    if (error.code === 'invalid') return t('staff.login.invalid');
    if (error.code === 'throttled') return t('staff.login.throttled', { minutes: error.minutes });
    return t('staff.login.failed');
  })();

  return (
    <div className="stack staff-login">
      <h1>{t('staff.login.title')}</h1>
      {expired && !error && (
        <p className="notice notice--warning" role="status">
          {t('staff.login.expired')}
        </p>
      )}
      {error && (
        <div
          ref={errorRef}
          className="error-summary"
          role="alert"
          tabIndex={-1}
          aria-labelledby="login-error-title"
        >
          <h2 id="login-error-title">{message ?? t('staff.login.missing')}</h2>
          {missing.length > 0 && (
            <ul>
              {missing.map((field) => (
                <li key={field}>
                  <a
                    href={`#login-${field}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(`login-${field}`)?.focus();
                    }}
                  >
                    {t(`staff.login.missing.${field}`)}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <Form method="post" className="form" noValidate onSubmit={(event) => busy && event.preventDefault()}>
        <div className={missing.includes('email') ? 'field field--error' : 'field'}>
          <label htmlFor="login-email" className="field__label">
            {t('staff.login.email')}
          </label>
          <input
            id="login-email"
            name="email"
            type="email"
            autoComplete="username"
            aria-required
            aria-invalid={missing.includes('email') || undefined}
          />
        </div>
        <div className={missing.includes('password') ? 'field field--error' : 'field'}>
          <label htmlFor="login-password" className="field__label">
            {t('staff.login.password')}
          </label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={missing.includes('password') || undefined}
          />
        </div>
        <p className="actions">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {busy ? t('staff.login.signingIn') : t('staff.login.submit')}
          </button>
        </p>
        <p role="status" className="visually-hidden">
          {busy ? t('staff.login.signingIn') : ''}
        </p>
      </Form>
    </div>
  );
}
