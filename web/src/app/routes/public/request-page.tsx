import { RequestForm } from '../../../features/request-form/request-form.tsx';
import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';

// Lazy route module (router.tsx): the form brings zod and the shared schemas, which only this
// page needs, so they stay out of the initial bundle.
export function Component() {
  const t = useT();
  useDocumentTitle(t('request.title'));
  return <RequestForm />;
}
