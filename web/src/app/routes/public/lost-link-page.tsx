import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';

// Placeholder: the `POST /access-links` form comes later.
export function LostLinkPage() {
  const t = useT();
  useDocumentTitle(t('lostLink.title'));
  return (
    <div className="stack">
      <h1>{t('lostLink.title')}</h1>
      <p>{t('lostLink.placeholder')}</p>
    </div>
  );
}
