import { createBrowserRouter, type RouteObject } from 'react-router';
import { useT } from '../lib/i18n.tsx';
import { routes } from '../lib/paths.ts';
import { RootLayout } from './layout/root-layout.tsx';
import { RootError, RouteError } from './route-error.tsx';
import { NotFoundPage } from './routes/public/not-found-page.tsx';
import { PolicyPage } from './routes/public/policy-page.tsx';
import { VerifyPage } from './routes/public/verify-page.tsx';

// The public pages a visitor lands on (the policy page, a mail's verification link, the 404) are
// imported eagerly: they are the first paint for data subjects. The form and status pages go
// through `lazy`: they bring zod and the shared schemas, which would otherwise weigh on every page
// (P8, README); so does the confirmation after the form (reached only from the form, which is lazy). Every staff page is lazy too, so staff code is
// split into chunks the public never downloads.

function Loading() {
  const t = useT();
  return (
    <p className="container site-main" role="status">
      {t('app.loading')}
    </p>
  );
}

const staffRoutes: RouteObject[] = [
  { path: routes.staffLogin, lazy: () => import('./routes/staff/login.tsx') },
  {
    path: routes.staffQueue,
    lazy: () => import('./routes/staff/staff-layout.tsx'),
    children: [
      {
        // Pathless: a staff page's error renders inside the staff layout (its ErrorBoundary).
        lazy: () => import('./routes/staff/staff-error.tsx'),
        children: [
          { index: true, lazy: () => import('./routes/staff/queue.tsx') },
          { path: routes.staffRequest, lazy: () => import('./routes/staff/request-detail.tsx') },
          { path: routes.staffDashboard, lazy: () => import('./routes/staff/dashboard.tsx') },
          { path: routes.staffUsers, lazy: () => import('./routes/staff/users.tsx') },
          { path: routes.staffAccount, lazy: () => import('./routes/staff/account.tsx') },
        ],
      },
    ],
  },
];

export const routeTree: RouteObject[] = [
  {
    id: 'root',
    path: '/',
    Component: RootLayout,
    errorElement: <RootError />,
    HydrateFallback: Loading,
    children: [
      {
        // Pathless: page errors render inside the layout.
        errorElement: <RouteError />,
        children: [
          { index: true, Component: PolicyPage },
          { path: routes.request, lazy: () => import('./routes/public/request-page.tsx') },
          { path: routes.requestSent, lazy: () => import('./routes/public/request-sent-page.tsx') },
          { path: routes.verify, Component: VerifyPage },
          { path: routes.status, lazy: () => import('./routes/public/status-page.tsx') },
          { path: routes.statusLostLink, lazy: () => import('./routes/public/lost-link-page.tsx') },
          ...staffRoutes,
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routeTree);
}
