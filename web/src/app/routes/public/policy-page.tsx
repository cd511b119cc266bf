import { Link } from 'react-router';
import { defaultController } from '../../../lib/controller.ts';
import { useDocumentTitle, useT } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { REQUEST_TYPES } from '../../../lib/request-types.ts';

// Home page: the controller's privacy policy, with one "exercise this right" link per right.
export function PolicyPage() {
  const t = useT();
  const { authority, billingRetentionYears } = defaultController;
  useDocumentTitle(t('policy.title'));

  return (
    <article className="stack policy">
      <h1>{t('policy.title')}</h1>
      <p className="lead">{t('policy.intro')}</p>

      <section aria-labelledby="policy-controller" className="stack">
        <h2 id="policy-controller">{t('policy.controller.heading')}</h2>
        <p>{t('policy.controller.body')}</p>
      </section>

      <section aria-labelledby="policy-rights" className="stack">
        <h2 id="policy-rights">{t('policy.rights.heading')}</h2>
        <p>{t('policy.rights.intro')}</p>
        <ul className="rights">
          {REQUEST_TYPES.map((type) => {
            const title = t(`right.${type}.title`);
            return (
              <li key={type} className="right-card">
                <h3>{title}</h3>
                <p>{t(`right.${type}.body`)}</p>
                <Link to={paths.request(type)} className="button button--secondary">
                  {t('policy.rights.exercise')}
                  <span className="visually-hidden"> — {title}</span>
                </Link>
              </li>
            );
          })}
        </ul>
        <p>
          {t('policy.followUp')} <Link to={paths.statusLostLink()}>{t('policy.followUpLink')}</Link>
        </p>
      </section>

      <section aria-labelledby="policy-answer" className="stack">
        <h2 id="policy-answer">{t('policy.answer.heading')}</h2>
        <p>{t('policy.answer.body')}</p>
        <p>{t('policy.refusal.body')}</p>
      </section>

      <section aria-labelledby="policy-recipients" className="stack">
        <h2 id="policy-recipients">{t('policy.recipients.heading')}</h2>
        <p>{t('policy.recipients.body')}</p>
      </section>

      <section aria-labelledby="policy-retention" className="stack">
        <h2 id="policy-retention">{t('policy.retention.heading')}</h2>
        <p>{t('policy.retention.body', { years: billingRetentionYears })}</p>
      </section>

      <section aria-labelledby="policy-authority" className="stack">
        <h2 id="policy-authority">{t('policy.authority.heading')}</h2>
        <p>{t('policy.authority.body', { authority: authority.name })}</p>
        <ul>
          <li>
            <a href={`tel:${authority.phoneE164}`}>
              {t('policy.authority.phone', { phone: authority.phone })}
            </a>
          </li>
          <li>
            <a href={authority.url} rel="noopener noreferrer">
              {t('policy.authority.web', { url: authority.displayUrl })}
            </a>
          </li>
        </ul>
      </section>
    </article>
  );
}
