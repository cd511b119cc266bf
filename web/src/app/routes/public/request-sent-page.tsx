import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';

export function RequestSentPage() {
  const t = useT();
  useDocumentTitle(t('requestSent.title'));
  return (
    <div className="stack">
      <h1>{t('requestSent.title')}</h1>
      <p>{t('requestSent.body')}</p>
    </div>
  );
}
