import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { readVerifyToken, scrubTokenFromAddressBar } from '../../../lib/verify-token.ts';

// Reached from the e-mail link `/verify#token=...`. The token is read from the router's location
// (which keeps it for this page's lifetime) and removed from the address bar straight away.
// Placeholder: POST /verifications and the redirect to the status page come later.
export function VerifyPage() {
  const t = useT();
  const location = useLocation();
  const token = readVerifyToken(location.hash, location.search);
  useDocumentTitle(t('verify.title'));

  useEffect(() => {
    scrubTokenFromAddressBar(location.pathname);
  }, [location.pathname]);

  return (
    <div className="stack">
      <h1>{t('verify.title')}</h1>
      {token ? (
        <p role="status">{t('verify.withToken')}</p>
      ) : (
        <>
          <p>{t('verify.noToken')}</p>
          <p>
            <Link to={paths.statusLostLink()}>{t('status.lostLink')}</Link>
          </p>
        </>
      )}
    </div>
  );
}
