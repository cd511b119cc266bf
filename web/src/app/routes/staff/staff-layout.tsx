import type { StaffSession } from '@dsr/shared/staff';
import { useEffect, useState } from 'react';
import { type LoaderFunctionArgs, NavLink, Outlet, useLoaderData, useNavigate } from 'react-router';
import { signOut } from '../../../features/staff/api/session.ts';
import { useStaffT } from '../../../features/staff/i18n.ts';
import { forgetSession, takeAccountLocale, withSession } from '../../../features/staff/session.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';

// Layout of the signed-in staff pages. Its loader is the session check: GET /staff/me on every
// navigation, so a session that timed out on the server sends the user back to the login page.
export async function loader({ request }: LoaderFunctionArgs): Promise<StaffSession> {
  return withSession(request, async (session) => session, { refresh: true });
}

export function Component() {
  const t = useStaffT();
  const session = useLoaderData() as StaffSession;
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  const { user } = session;
  const { setLocale } = useI18n();
  // Just signed in: the workspace opens in the account's language (then the switch is the user's).
  useEffect(() => {
    const locale = takeAccountLocale();
    if (locale) setLocale(locale);
  }, [setLocale]);

  async function logout() {
    setLeaving(true);
    try {
      await signOut(session.csrfToken);
    } catch {
      // Already gone on the server (timeout): signing out locally is all that is left.
    }
    forgetSession();
    navigate(paths.staffLogin(), { replace: true });
  }

  return (
    <div className="stack staff">
      <div className="staff-bar">
        <nav aria-label={t('staff.nav.label')}>
          <ul className="staff-nav">
            <li>
              <NavLink to={paths.staffQueue()} end>
                {t('staff.queue.title')}
              </NavLink>
            </li>
            <li>
              <NavLink to={paths.staffDashboard()}>{t('staff.dashboard.title')}</NavLink>
            </li>
            {user.role === 'admin' && (
              <li>
                <NavLink to={paths.staffUsers()}>{t('staff.users.title')}</NavLink>
              </li>
            )}
            <li>
              <NavLink to={paths.staffAccount()}>{t('staff.account.title')}</NavLink>
            </li>
          </ul>
        </nav>
        <div className="staff-user">
          <p>
            {t('staff.user.signedInAs', { name: user.name })}{' '}
            <span className="badge badge--open">{t(`staff.role.${user.role}`)}</span>
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-disabled={leaving || undefined}
            onClick={() => !leaving && void logout()}
          >
            {t('staff.user.logout')}
          </button>
        </div>
      </div>
      <Outlet />
    </div>
  );
}
