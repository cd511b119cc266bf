import { Link } from 'react-router';
import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';

export function NotFoundPage() {
  const t = useT();
  useDocumentTitle(t('notFound.title'));
  return (
    <div className="stack">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to={paths.policy()}>{t('notFound.home')}</Link>
      </p>
    </div>
  );
}
