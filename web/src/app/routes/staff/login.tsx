import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';

// Placeholder: the e-mail + password form (POST /staff/session) comes with the staff work.
export function Component() {
  const t = useT();
  useDocumentTitle(t('staff.login.title'));
  return (
    <div className="stack">
      <h1>{t('staff.login.title')}</h1>
      <p>{t('staff.login.placeholder')}</p>
    </div>
  );
}
