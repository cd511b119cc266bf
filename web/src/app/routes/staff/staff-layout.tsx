import { NavLink, Outlet } from 'react-router';
import { useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';

// Layout of the signed-in staff pages. The session check (GET /staff/me) will be its loader.
export function Component() {
  const t = useT();
  return (
    <div className="stack">
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
          <li>
            <NavLink to={paths.staffUsers()}>{t('staff.users.title')}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
