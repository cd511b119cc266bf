import { Link } from 'react-router';
import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';

// Placeholder: timeline, deadline, messages, cancel, download and appeal come later.
export function StatusPage() {
  const t = useT();
  useDocumentTitle(t('status.title'));
  return (
    <div className="stack">
      <h1>{t('status.title')}</h1>
      <p>{t('status.placeholder')}</p>
      <p>
        <Link to={paths.statusLostLink()}>{t('status.lostLink')}</Link>
      </p>
    </div>
  );
}
