import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';

// Placeholder, filled by the staff work.
export function Component() {
  const t = useT();
  useDocumentTitle(t('staff.queue.title'));
  return (
    <div className="stack">
      <h1>{t('staff.queue.title')}</h1>
      <p>{t('staff.placeholder')}</p>
    </div>
  );
}
