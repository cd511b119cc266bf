import { UNVERIFIED_EXPIRY_DAYS, VERIFICATION_LINK_HOURS } from '@dsr/shared/deadline';
import { Link, useLocation } from 'react-router';
import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';

function referenceFrom(state: unknown): string | null {
  const reference = (state as { reference?: unknown } | null)?.reference;
  return typeof reference === 'string' ? reference : null;
}

// After POST /requests: the request exists but waits for the e-mail link (24 h), and expires
// unconfirmed after 7 days. The reference comes in the navigation state (absent on a reload).
export function RequestSentPage() {
  const t = useT();
  const reference = referenceFrom(useLocation().state);
  const hours = VERIFICATION_LINK_HOURS;
  const days = UNVERIFIED_EXPIRY_DAYS;
  useDocumentTitle(t('requestSent.title'));
  return (
    <div className="stack">
      <h1>{t('requestSent.title')}</h1>
      <p className="lead">{t('requestSent.body', { hours })}</p>
      {reference && <p>{t('requestSent.reference', { reference })}</p>}
      <p>{t('requestSent.expiry', { days })}</p>
      <h2>{t('requestSent.noMail.heading')}</h2>
      <p>{t('requestSent.noMail.body')}</p>
      <p>
        <Link to={paths.statusLostLink()}>{t('requestSent.newLink')}</Link>
      </p>
    </div>
  );
}
