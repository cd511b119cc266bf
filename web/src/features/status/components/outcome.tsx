import { controller, displayUrl, telHref } from '../../../lib/controller.ts';
import { formatDate } from '../../../lib/dates.ts';
import { useI18n } from '../../../lib/i18n.tsx';
import type { SubjectOutcome } from '../api/subject-view.ts';

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
  const { shortName: name, phone, website } = controller().supervisoryAuthority;
  return (
    <>
      <p>{t('status.outcome.complain', { authority: name })}</p>
      <ul className="plain-list">
        <li>
          {t('status.outcome.authorityPhone', { authority: name })} <a href={telHref(phone)}>{phone}</a>
        </li>
        <li>
          {t('status.outcome.authorityWebsite', { authority: name })}{' '}
          <a href={website}>{displayUrl(website)}</a>
        </li>
      </ul>
    </>
  );
}
