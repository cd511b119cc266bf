import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { verifyLink } from '../../../features/verification/api/verify-link.ts';
import { setAccessToken } from '../../../lib/access-token.ts';
import { isApiError } from '../../../lib/api-client.ts';
import { type MessageKey, useDocumentTitle, useI18n, useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { readVerifyToken, scrubTokenFromAddressBar } from '../../../lib/verify-token.ts';

type Failure = 'token_used' | 'token_expired' | 'token_revoked' | 'token_unknown' | 'rate_limited' | 'failed';
const KNOWN = ['token_used', 'token_expired', 'token_revoked', 'token_unknown', 'rate_limited'];

function failureOf(error: unknown): Failure {
  if (!isApiError(error)) return 'failed';
  if (KNOWN.includes(error.code)) return error.code as Failure;
  return error.status === 429 ? 'rate_limited' : 'failed';
}

// Reached from the e-mail link `/verify#token=...`. The token is read from the router's location
// (which keeps it for this page's lifetime) and removed from the address bar straight away, then
// exchanged for an access token (kept in sessionStorage) and the subject is sent to /status, in
// the language the request was filed in (a choice remembered like the switch's, which can undo it).
export function VerifyPage() {
  const t = useT();
  const location = useLocation();
  const navigate = useNavigate();
  const { setLocale } = useI18n();
  const token = readVerifyToken(location.hash, location.search);
  const [failure, setFailure] = useState<Failure | null>(null);
  useDocumentTitle(failure ? t(`verify.error.${failure}.title`) : t('verify.title'));

  useEffect(() => {
    scrubTokenFromAddressBar(location.pathname);
  }, [location.pathname]);

  useEffect(() => {
    if (!token) return;
    let active = true;
    verifyLink(token).then(
      (verified) => {
        if (!active) return;
        setAccessToken(verified.accessToken);
        if (verified.locale) setLocale(verified.locale);
        navigate(paths.status(), { replace: true });
      },
      (error: unknown) => {
        if (active) setFailure(failureOf(error));
      },
    );
    return () => {
      active = false;
    };
  }, [token, navigate, setLocale]);

  if (!token) return <Problem title="verify.title" body="verify.noToken" />;
  if (failure) {
    return <Problem title={`verify.error.${failure}.title`} body={`verify.error.${failure}.body`} alert />;
  }
  return (
    <div className="stack">
      <h1>{t('verify.title')}</h1>
      <p role="status">{t('verify.withToken')}</p>
    </div>
  );
}

function Problem({ title, body, alert }: { title: MessageKey; body: MessageKey; alert?: boolean }) {
  const t = useT();
  return (
    <div className="stack">
      <h1>{t(title)}</h1>
      <p role={alert ? 'alert' : undefined}>{t(body)}</p>
      <p className="actions">
        <Link to={paths.statusLostLink()} className="button">
          {t('verify.newLink')}
        </Link>
        <Link to={paths.policy()}>{t('notFound.home')}</Link>
      </p>
    </div>
  );
}
