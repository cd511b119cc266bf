import { useEffect, useRef } from 'react';
import { Link, Outlet, ScrollRestoration, useLocation, useNavigation } from 'react-router';
import { controller } from '../../lib/controller.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { paths } from '../../lib/paths.ts';
import { LanguageSwitch } from './language-switch.tsx';

// Shell of every page: skip link, header, one <main>, footer. After a client-side navigation
// focus moves to <main> so screen-reader and keyboard users start at the new content.
export function RootLayout() {
  const { t } = useI18n();
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const previousPathname = useRef(pathname);
  // A lazy page or a loader is being fetched: a thin bar and "Loading…" at the top, main is busy.
  const pending = useNavigation().state !== 'idle';

  useEffect(() => {
    if (previousPathname.current === pathname) return; // first render: leave focus to the browser
    previousPathname.current = pathname;
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a real link (works without JS); the handler only avoids adding #main to the URL, which would be a router navigation. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // Plain fragment navigation would add #main to the URL (and a router navigation).
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t('app.skipLink')}
      </a>
      <div className={pending ? 'route-progress route-progress--on' : 'route-progress'} role="status">
        {pending && <span className="route-progress__label">{t('app.loading')}</span>}
      </div>
      <header className="site-header">
        <div className="container site-header__inner">
          <Link to={paths.policy()} className="brand">
            <span className="brand__name">{controller().name}</span>
            <span className="brand__tagline">{t('app.portalName')}</span>
          </Link>
          <LanguageSwitch />
        </div>
      </header>
      <main
        id="main"
        ref={mainRef}
        tabIndex={-1}
        className="container site-main"
        aria-busy={pending || undefined}
      >
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          <nav aria-label={t('app.footer.label')}>
            <ul className="footer-links">
              <li>
                <Link to={paths.policy()}>{t('app.footer.policy')}</Link>
              </li>
              <li>
                <Link to={paths.statusLostLink()}>{t('app.footer.status')}</Link>
              </li>
              <li>
                <a href={`mailto:${controller().contactEmail}`}>
                  {t('app.footer.contact', { email: controller().contactEmail })}
                </a>
              </li>
              <li>
                <Link to={paths.staffLogin()}>{t('app.footer.staff')}</Link>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
      <ScrollRestoration />
    </>
  );
}
