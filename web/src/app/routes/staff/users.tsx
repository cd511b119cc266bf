import {
  createStaffUserBodySchema,
  PASSWORD_MAX,
  PASSWORD_MIN,
  passwordSchema,
  STAFF_ROLES,
  type StaffSession,
  type StaffUserAdmin,
} from '@dsr/shared/staff';
import { useEffect, useRef, useState } from 'react';
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  useFetcher,
  useLoaderData,
} from 'react-router';
import { createUser, listUsers, updateUser } from '../../../features/staff/api/users.ts';
import { Dialog } from '../../../features/staff/components/dialog.tsx';
import { LocaleOptions } from '../../../features/staff/components/locale-options.tsx';
import { TableWrap } from '../../../features/staff/components/table-wrap.tsx';
import { errorKey } from '../../../features/staff/error-words.ts';
import { useStaffI18n, useStaffT } from '../../../features/staff/i18n.ts';
import { withSession } from '../../../features/staff/session.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { offeredLocales, useDocumentTitle } from '../../../lib/i18n.tsx';

type UsersData = { forbidden: true } | { forbidden: false; users: StaffUserAdmin[]; session: StaffSession };

type Field = 'email' | 'name' | 'role' | 'password' | 'locale';
type UsersResult =
  | { intent: string; ok: true; email?: string }
  | { intent: string; ok: false; fields?: Field[]; code?: string };

// Admins only: the API answers 403 to others, and the page says so rather than showing an empty list.
export async function loader({ request }: LoaderFunctionArgs): Promise<UsersData> {
  return withSession(request, async (session) => {
    if (session.user.role !== 'admin') return { forbidden: true };
    try {
      return { forbidden: false, users: await listUsers(request.signal), session };
    } catch (error) {
      if (isApiError(error) && error.status === 403) return { forbidden: true };
      throw error;
    }
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? '');
  const intent = text('intent');
  const fail = (result: Omit<Extract<UsersResult, { ok: false }>, 'intent' | 'ok'>, status = 400) =>
    data<UsersResult>({ intent, ok: false, ...result }, { status });
  return withSession(request, async (session) => {
    try {
      if (intent === 'create') {
        const parsed = createStaffUserBodySchema.safeParse({
          email: text('email'),
          name: text('name'),
          role: text('role'),
          password: text('password'),
          ...(text('locale') ? { locale: text('locale') } : {}),
        });
        if (!parsed.success)
          return fail({ fields: [...new Set(parsed.error.issues.map((i) => i.path[0] as Field))] });
        const user = await createUser(parsed.data, session.csrfToken);
        return data<UsersResult>({ intent, ok: true, email: user.email });
      }
      const id = text('id');
      if (intent === 'password') {
        const parsed = passwordSchema.safeParse(text('password'));
        if (!parsed.success) return fail({ fields: ['password'] });
        await updateUser(id, { password: parsed.data }, session.csrfToken);
      } else if (intent === 'role') {
        const role = STAFF_ROLES.find((r) => r === text('role'));
        if (!role) return fail({ fields: ['role'] });
        await updateUser(id, { role }, session.csrfToken);
      } else if (intent === 'locale') {
        const locale = offeredLocales().find((l) => l === text('locale'));
        if (!locale) return fail({ fields: ['locale'] });
        await updateUser(id, { locale }, session.csrfToken);
      } else if (intent === 'disable' || intent === 'enable') {
        await updateUser(id, { disabled: intent === 'disable' }, session.csrfToken);
      } else {
        return fail({});
      }
      return data<UsersResult>({ intent, ok: true });
    } catch (error) {
      if (!isApiError(error) || error.status === 401) throw error;
      const fields = error.errors.map((e) => e.path.split('.')[0] as Field).filter(Boolean);
      return fail({ code: error.code, ...(fields.length ? { fields } : {}) }, error.status || 500);
    }
  });
}

export function Component() {
  const t = useStaffT();
  useDocumentTitle(t('staff.users.title'));
  const loaded = useLoaderData() as UsersData;
  if (loaded.forbidden) {
    return (
      <div className="stack">
        <h1>{t('staff.forbidden.title')}</h1>
        <p>{t('staff.forbidden.body')}</p>
      </div>
    );
  }
  return <UsersAdmin users={loaded.users} me={loaded.session.user.id} />;
}

function UsersAdmin({ users, me }: { users: StaffUserAdmin[]; me: string }) {
  const { t, locale } = useStaffI18n();
  const [target, setTarget] = useState<StaffUserAdmin | null>(null);
  // Each opening gets a fresh form (not the last one's "changed" message or error).
  const [openings, setOpenings] = useState(0);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLElement | null>(null);
  return (
    <div className="stack">
      <h1>{t('staff.users.title')}</h1>
      <TableWrap label={t('staff.users.caption')}>
        <table className="table">
          <caption className="visually-hidden">{t('staff.users.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.users.name')}</th>
              <th scope="col">{t('staff.users.email')}</th>
              <th scope="col">{t('staff.users.role')}</th>
              <th scope="col">{t('staff.users.locale')}</th>
              <th scope="col">{t('staff.users.state')}</th>
              <th scope="col">{t('staff.users.lastLogin')}</th>
              <th scope="col">{t('staff.users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row">
                  {user.name}
                  {user.id === me && <span className="muted"> {t('staff.users.you')}</span>}
                </th>
                <td>{user.email}</td>
                <td>
                  <RoleForm user={user} disabled={user.id === me} />
                </td>
                <td>
                  <LocaleForm user={user} />
                </td>
                <td>{t(user.disabled ? 'staff.users.disabled' : 'staff.users.active')}</td>
                <td>{user.lastLoginAt ? formatDateTime(locale, user.lastLoginAt) : '—'}</td>
                <td>
                  <div className="row-actions">
                    {user.id !== me && <ToggleForm user={user} />}
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={(event) => {
                        openerRef.current = event.currentTarget;
                        setTarget(user);
                        setOpenings((n) => n + 1);
                        dialogRef.current?.showModal();
                      }}
                    >
                      {t('staff.users.resetPassword', { name: user.name })}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Dialog
        id="dlg-password"
        title={t('staff.users.passwordTitle', { name: target?.name ?? '' })}
        ref={dialogRef}
        onClose={() => openerRef.current?.focus()}
      >
        {target && (
          <PasswordForm
            key={`${target.id}-${openings}`}
            user={target}
            onClose={() => dialogRef.current?.close()}
          />
        )}
      </Dialog>
      <CreateForm />
    </div>
  );
}

function useResult(
  fetcher: { state: string; data?: UsersResult | undefined },
  onOk?: (r: UsersResult) => void,
) {
  // A result from before this form mounted (a keyed fetcher keeps it) belongs to an earlier opening.
  const before = useRef(fetcher.data);
  const handled = useRef<UsersResult | undefined>(fetcher.data);
  useEffect(() => {
    const result = fetcher.data;
    if (!result || fetcher.state !== 'idle' || handled.current === result) return;
    handled.current = result;
    if (result.ok) onOk?.(result);
  }, [fetcher.state, fetcher.data, onOk]);
  const result = fetcher.data;
  return fetcher.state === 'idle' && result && !result.ok && result !== before.current ? result : null;
}

/** Why it failed, from the API's error code (its `detail` is English prose for developers). */
function failureKey(failure: Extract<UsersResult, { ok: false }>) {
  if (failure.code === 'not_found') return 'staff.users.error.gone';
  if (failure.code === 'conflict') return 'staff.users.error.duplicate';
  return errorKey(failure.code);
}

function Failure({ failure }: { failure: Extract<UsersResult, { ok: false }> | null }) {
  const t = useStaffT();
  if (!failure || failure.fields?.length) return null;
  return (
    <p className="field__error" role="alert">
      {t(failureKey(failure))}
    </p>
  );
}

function RoleForm({ user, disabled }: { user: StaffUserAdmin; disabled: boolean }) {
  const t = useStaffT();
  const fetcher = useFetcher<UsersResult>({ key: `user-role-${user.id}` });
  const failure = useResult(fetcher);
  if (disabled) return <>{t(`staff.role.${user.role}`)}</>;
  return (
    <fetcher.Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="role" />
      <input type="hidden" name="id" value={user.id} />
      <select
        name="role"
        defaultValue={user.role}
        aria-label={t('staff.users.roleOf', { name: user.name })}
        key={user.role}
      >
        {STAFF_ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`staff.role.${role}`)}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--secondary button--small">
        {t('staff.users.changeRole', { name: user.name })}
      </button>
      <Failure failure={failure} />
    </fetcher.Form>
  );
}

/** The account's language (its mails, and the staff pages when it signs in). */
function LocaleForm({ user }: { user: StaffUserAdmin }) {
  const t = useStaffT();
  const fetcher = useFetcher<UsersResult>({ key: `user-locale-${user.id}` });
  const failure = useResult(fetcher);
  const offered = offeredLocales();
  // One language offered: nothing to choose (the API would refuse any other).
  if (offered.length < 2 && offered.includes(user.locale))
    return <>{t(`staff.users.locale.${user.locale}`)}</>;
  return (
    <fetcher.Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="locale" />
      <input type="hidden" name="id" value={user.id} />
      <select
        name="locale"
        defaultValue={user.locale}
        aria-label={t('staff.users.localeOf', { name: user.name })}
        key={user.locale}
      >
        <LocaleOptions />
      </select>
      <button type="submit" className="button button--secondary button--small">
        {t('staff.users.changeLocale')}
      </button>
      {failure?.fields?.includes('locale') && (
        <p className="field__error" role="alert">
          {t('staff.users.error.locale')}
        </p>
      )}
      <Failure failure={failure} />
    </fetcher.Form>
  );
}

function ToggleForm({ user }: { user: StaffUserAdmin }) {
  const t = useStaffT();
  const fetcher = useFetcher<UsersResult>({ key: `user-toggle-${user.id}` });
  const failure = useResult(fetcher);
  return (
    <fetcher.Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={user.disabled ? 'enable' : 'disable'} />
      <input type="hidden" name="id" value={user.id} />
      <button
        type="submit"
        className={
          user.disabled ? 'button button--secondary button--small' : 'button button--danger button--small'
        }
      >
        {t(user.disabled ? 'staff.users.enable' : 'staff.users.disable', { name: user.name })}
      </button>
      <Failure failure={failure} />
    </fetcher.Form>
  );
}

function PasswordForm({ user, onClose }: { user: StaffUserAdmin; onClose: () => void }) {
  const t = useStaffT();
  const fetcher = useFetcher<UsersResult>({ key: `user-password-${user.id}` });
  const [done, setDone] = useState(false);
  const failure = useResult(fetcher, () => setDone(true));
  const invalid = failure?.fields?.includes('password');
  const passwordRef = useRef<HTMLInputElement>(null);
  // Mounted once per opening of the dialog: start in the field, not on the <dialog> itself.
  useEffect(() => {
    passwordRef.current?.focus();
  }, []);
  if (done) {
    return (
      <div className="stack">
        <p role="status">{t('staff.users.passwordDone', { name: user.name })}</p>
        <p className="actions">
          <button type="button" className="button" onClick={onClose}>
            {t('staff.action.close')}
          </button>
        </p>
      </div>
    );
  }
  return (
    <fetcher.Form method="post" className="stack" noValidate>
      <input type="hidden" name="intent" value="password" />
      <input type="hidden" name="id" value={user.id} />
      <p>{t('staff.users.passwordIntro')}</p>
      <div className={invalid ? 'field field--error' : 'field'}>
        <label htmlFor="reset-password" className="field__label">
          {t('staff.users.newPassword')}
        </label>
        <p id="reset-password-hint" className="field__hint">
          {t('staff.users.passwordRule', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
        </p>
        {invalid && (
          <p id="reset-password-error" className="field__error">
            <span className="visually-hidden">{t('form.errorPrefix')} </span>
            {t('staff.users.error.password', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          </p>
        )}
        <input
          ref={passwordRef}
          id="reset-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'reset-password-hint reset-password-error' : 'reset-password-hint'}
        />
      </div>
      <Failure failure={failure} />
      <p className="actions">
        <button type="submit" className="button" aria-disabled={fetcher.state !== 'idle' || undefined}>
          {fetcher.state !== 'idle' ? t('form.sending') : t('staff.users.setPassword')}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('staff.action.cancel')}
        </button>
      </p>
    </fetcher.Form>
  );
}

const ERROR_KEY = {
  email: 'staff.users.error.email',
  name: 'staff.users.error.name',
  role: 'staff.users.error.role',
  password: 'staff.users.error.password',
  locale: 'staff.users.error.locale',
} as const;

function CreateForm() {
  const t = useStaffT();
  const fetcher = useFetcher<UsersResult>({ key: 'user-create' });
  const formRef = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState<string | null>(null);
  const failure = useResult(fetcher, (result) => {
    formRef.current?.reset();
    setCreated(result.ok ? (result.email ?? '') : null);
  });
  const refused = failure && !failure.fields ? failure : null;
  const invalid = new Set(failure?.fields ?? []);

  useEffect(() => {
    const first = failure?.fields?.[0];
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }, [failure]);

  const field = (name: Field, control: React.ReactNode, hint?: string) => (
    <div className={invalid.has(name) ? 'field field--error' : 'field'}>
      <label htmlFor={`new-${name}`} className="field__label">
        {t(`staff.users.${name}`)}
      </label>
      {hint && (
        <p id={`new-${name}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {invalid.has(name) && (
        <p id={`new-${name}-error`} className="field__error">
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {t(ERROR_KEY[name], { min: PASSWORD_MIN, max: PASSWORD_MAX })}
        </p>
      )}
      {control}
    </div>
  );
  // Password inputs have no role that takes aria-required: they get the native attribute.
  const aria = (name: Field, hint = false) => ({
    id: `new-${name}`,
    name,
    ...(name === 'password' ? { required: true } : { 'aria-required': true as const }),
    'aria-invalid': invalid.has(name) || undefined,
    'aria-describedby':
      [hint ? `new-${name}-hint` : '', invalid.has(name) ? `new-${name}-error` : '']
        .filter(Boolean)
        .join(' ') || undefined,
  });

  return (
    <section className="stack panel" aria-labelledby="create-title">
      <h2 id="create-title">{t('staff.users.create')}</h2>
      <p role="status" className={created ? 'notice' : 'visually-hidden'}>
        {created ? t('staff.users.created', { email: created }) : ''}
      </p>
      <fetcher.Form ref={formRef} method="post" className="form" noValidate onChange={() => setCreated(null)}>
        <input type="hidden" name="intent" value="create" />
        {field('email', <input type="email" autoComplete="off" {...aria('email')} />)}
        {field('name', <input type="text" autoComplete="off" maxLength={120} {...aria('name')} />)}
        {field(
          'role',
          <select defaultValue="agent" {...aria('role')}>
            {STAFF_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`staff.role.${role}`)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'locale',
          // The language of the account's mails (new-request notices, digest).
          <select defaultValue={offeredLocales()[0]} {...aria('locale')}>
            <LocaleOptions />
          </select>,
        )}
        {field(
          'password',
          <input type="password" autoComplete="new-password" {...aria('password', true)} />,
          t('staff.users.passwordRule', { min: PASSWORD_MIN, max: PASSWORD_MAX }),
        )}
        <Failure failure={refused} />
        <p className="actions">
          <button type="submit" className="button" aria-disabled={fetcher.state !== 'idle' || undefined}>
            {fetcher.state !== 'idle' ? t('form.sending') : t('staff.users.createSubmit')}
          </button>
        </p>
      </fetcher.Form>
    </section>
  );
}
