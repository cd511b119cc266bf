import { useSearchParams } from 'react-router';
import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';
import { isRequestType } from '../../../lib/request-types.ts';

// Placeholder: the intake form (fields per `?type=`) comes with the subject-journey work.
export function RequestPage() {
  const t = useT();
  const [searchParams] = useSearchParams();
  const type = searchParams.get('type');
  useDocumentTitle(t('request.title'));
  return (
    <div className="stack">
      <h1>{t('request.title')}</h1>
      {isRequestType(type) && <p>{t('request.selectedRight', { right: t(`right.${type}.title`) })}</p>}
      <p>{t('request.placeholder')}</p>
    </div>
  );
}
