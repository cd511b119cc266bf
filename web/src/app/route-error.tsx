import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useDocumentTitle, useT } from '../lib/i18n.tsx';
import { paths } from '../lib/paths.ts';
import { NotFoundPage } from './routes/public/not-found-page.tsx';

// errorElement of the page routes: rendered inside the layout, so header and footer stay usable.
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return <ErrorMessage />;
}

function ErrorMessage() {
  const t = useT();
  useDocumentTitle(t('error.title'));
  return (
    <div className="stack">
      <h1>{t('error.title')}</h1>
      <p>{t('error.body')}</p>
      <p className="actions">
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('error.retry')}
        </button>
        <Link to={paths.policy()}>{t('notFound.home')}</Link>
      </p>
    </div>
  );
}

// errorElement of the root route: the layout itself failed, so render a bare page with a landmark.
export function RootError() {
  return (
    <main id="main" className="container site-main">
      <RouteError />
    </main>
  );
}
