import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useStaffT } from '../../../features/staff/i18n.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { useDocumentTitle } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';

// Error boundary of the signed-in staff pages, rendered inside the staff layout (navigation and
// session stay). A failing loader's URL is often the cause (an unknown page cursor, a filter the
// API refuses): "try again" would fail the same way, so the way out is the queue without its
// query string.
export function ErrorBoundary() {
  const t = useStaffT();
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const badLink = isApiError(error) && error.status === 400;
  const title = t(notFound ? 'staff.error.notFoundTitle' : 'staff.error.title');
  useDocumentTitle(title);
  return (
    <div className="stack">
      <h1>{title}</h1>
      <p>{t(notFound ? 'staff.error.notFoundBody' : badLink ? 'staff.error.badLink' : 'staff.error.body')}</p>
      <p>
        <Link to={paths.staffQueue()} className="button">
          {t('staff.error.backToQueue')}
        </Link>
      </p>
    </div>
  );
}
