import { useParams } from 'react-router';
import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';

// Placeholder, filled by the staff work.
export function Component() {
  const t = useT();
  const { reference = '' } = useParams();
  const title = t('staff.request.title', { reference });
  useDocumentTitle(title);
  return (
    <div className="stack">
      <h1>{title}</h1>
      <p>{t('staff.placeholder')}</p>
    </div>
  );
}
