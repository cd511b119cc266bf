import { useState } from 'react';
import { getAccessToken } from '../../../lib/access-token.ts';
import { defaultController } from '../../../lib/controller.ts';
import { formatDate } from '../../../lib/dates.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import { downloadFile } from '../api/download-file.ts';
import type { Download, SubjectOutcome } from '../api/subject-view.ts';

const DENIAL_CODES = [
  'identity_not_verified',
  'manifestly_unfounded',
  'excessive',
  'legal_obligation',
  'rights_of_others',
  'other',
] as const;

/** Staff's answer: a completion summary, or a refusal with its reason, how to appeal and complain. */
export function Outcome({ outcome }: { outcome: SubjectOutcome | null }) {
  const { t, locale } = useI18n();
  if (!outcome) return null;
  return (
    <section className="stack" aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t('status.outcome.heading')}</h2>
      {outcome.type === 'completed' ? (
        <p className="message__body">{outcome.summary ?? t('status.outcome.completed')}</p>
      ) : (
        <>
          <p>
            {t('status.outcome.deniedReason', {
              reason: DENIAL_CODES.includes(outcome.reasonCode)
                ? t(`status.denial.${outcome.reasonCode}`)
                : outcome.reasonCode,
            })}
          </p>
          <p className="message__body">{outcome.explanation}</p>
          {outcome.appealUntil && (
            <p>{t('status.outcome.appealUntil', { date: formatDate(locale, outcome.appealUntil) })}</p>
          )}
          <AuthorityContact />
        </>
      )}
    </section>
  );
}

/** After a denial: how to complain to the supervisory authority, with its phone and website. */
function AuthorityContact() {
  const t = useI18n().t;
  const { name, phone, phoneE164, url, displayUrl } = defaultController.authority;
  return (
    <>
      <p>{t('status.outcome.complain', { authority: name })}</p>
      <ul className="plain-list">
        <li>
          {t('status.outcome.authorityPhone', { authority: name })} <a href={`tel:${phoneE164}`}>{phone}</a>
        </li>
        <li>
          {t('status.outcome.authorityWebsite', { authority: name })} <a href={url}>{displayUrl}</a>
        </li>
      </ul>
    </>
  );
}

export function Downloads({ downloads }: { downloads: Download[] }) {
  const { t, locale } = useI18n();
  const [failed, setFailed] = useState<string | null>(null);
  if (downloads.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t('status.downloads.heading')}</h2>
      <ul className="downloads">
        {downloads.map((download) => {
          const name = download.fileName;
          return (
            <li key={download.id}>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  const token = getAccessToken();
                  setFailed(null);
                  if (!token) return setFailed(download.id);
                  downloadFile(token, download.id, name).catch(() => setFailed(download.id));
                }}
              >
                {t('status.downloads.get', { name })}
              </button>
              {download.expiresAt && (
                <span className="field__hint">
                  {' '}
                  {t('status.downloads.until', { date: formatDate(locale, download.expiresAt) })}
                </span>
              )}
              {failed === download.id && (
                <p className="field__error" role="alert">
                  {t('status.downloads.failed')}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
