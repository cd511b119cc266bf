import { type StaffSession, updateOwnAccountBodySchema } from '@dsr/shared/staff';
import { useEffect } from 'react';
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  useFetcher,
  useLoaderData,
} from 'react-router';
import { updateOwnAccount } from '../../../features/staff/api/session.ts';
import { LocaleOptions } from '../../../features/staff/components/locale-options.tsx';
import { errorKey } from '../../../features/staff/error-words.ts';
import { useStaffI18n } from '../../../features/staff/i18n.ts';
import { rememberSession, withSession } from '../../../features/staff/session.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { useDocumentTitle, useI18n } from '../../../lib/i18n.tsx';

// "My account", for every role: the account's language (its mails, and the staff pages each time
// it signs in). Saving it also switches this page's language, as the language switch would.

type AccountResult = { ok: true; locale: 'fr' | 'en' } | { ok: false; field?: 'locale'; code?: string };

export async function loader({ request }: LoaderFunctionArgs): Promise<StaffSession> {
  return withSession(request, async (session) => session);
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = updateOwnAccountBodySchema.safeParse({ locale: String(form.get('locale') ?? '') });
  if (!parsed.success) return data<AccountResult>({ ok: false, field: 'locale' }, { status: 400 });
  return withSession(request, async (session) => {
    try {
      const updated = await updateOwnAccount(parsed.data, session.csrfToken);
      rememberSession(updated);
      return data<AccountResult>({ ok: true, locale: updated.user.locale });
    } catch (error) {
      if (!isApiError(error) || error.status === 401) throw error;
      const field = error.errors.some((e) => e.path === 'locale') ? ('locale' as const) : undefined;
      return data<AccountResult>(
        { ok: false, code: error.code, ...(field ? { field } : {}) },
        { status: error.status || 500 },
      );
    }
  });
}

export function Component() {
  const { t } = useStaffI18n();
  const { setLocale } = useI18n();
  useDocumentTitle(t('staff.account.title'));
  const { user } = useLoaderData() as StaffSession;
  const fetcher = useFetcher<AccountResult>({ key: 'own-account' });
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const saved = result?.ok ? result.locale : null;
  const invalid = result && !result.ok && result.field === 'locale';
  const refused = result && !result.ok && !result.field ? result : null;

  useEffect(() => {
    if (saved) setLocale(saved);
  }, [saved, setLocale]);

  return (
    <div className="stack">
      <h1>{t('staff.account.title')}</h1>
      <dl className="summary">
        <div>
          <dt>{t('staff.users.name')}</dt>
          <dd>{user.name}</dd>
        </div>
        <div>
          <dt>{t('staff.users.email')}</dt>
          <dd>{user.email}</dd>
        </div>
        <div>
          <dt>{t('staff.users.role')}</dt>
          <dd>{t(`staff.role.${user.role}`)}</dd>
        </div>
      </dl>
      <fetcher.Form method="post" className="form" noValidate>
        <div className={invalid ? 'field field--error' : 'field'}>
          <label htmlFor="account-locale" className="field__label">
            {t('staff.account.locale')}
          </label>
          <p id="account-locale-hint" className="field__hint">
            {t('staff.account.localeHint')}
          </p>
          {invalid && (
            <p id="account-locale-error" className="field__error">
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {t('staff.users.error.locale')}
            </p>
          )}
          <select
            id="account-locale"
            name="locale"
            defaultValue={user.locale}
            key={user.locale}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? 'account-locale-hint account-locale-error' : 'account-locale-hint'}
          >
            <LocaleOptions />
          </select>
        </div>
        {refused && (
          <p className="field__error" role="alert">
            {t(errorKey(refused.code))}
          </p>
        )}
        <p role="status" className={saved ? 'notice' : 'visually-hidden'}>
          {saved ? t('staff.account.saved', { language: t(`staff.users.locale.${saved}`) }) : ''}
        </p>
        <p className="actions">
          <button type="submit" className="button" aria-disabled={fetcher.state !== 'idle' || undefined}>
            {fetcher.state !== 'idle' ? t('form.sending') : t('staff.account.save')}
          </button>
        </p>
      </fetcher.Form>
    </div>
  );
}
