import { LostLinkForm } from '../../../features/lost-link/lost-link-form.tsx';
import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';

// Lazy route module (router.tsx): the form validates with the shared schemas (zod).
export function Component() {
  const t = useT();
  useDocumentTitle(t('lostLink.title'));
  return (
    <div className="stack">
      <h1>{t('lostLink.title')}</h1>
      <p>{t('lostLink.intro')}</p>
      <LostLinkForm />
    </div>
  );
}
