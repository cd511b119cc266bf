import { Link } from 'react-router';
import { controller, displayUrl, profile, telHref } from '../../../lib/controller.ts';
import { useDocumentTitle, useI18n } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { REQUEST_TYPES } from '../../../lib/request-types.ts';

// Home page: the controller's privacy policy (its own text from the controller file, or a link
// to it), who the controller is, one "exercise this right" link per right, and the supervisory
// authority. The policy's HTML was rendered by the server from Markdown with raw HTML off.
export function PolicyPage() {
  const { t, locale } = useI18n();
  const { name, legalName, contactEmail, postalAddress, dpo, supervisoryAuthority: authority } = controller();
  const policy = profile().privacyPolicy;
  const policyHtml =
    policy && 'html' in policy ? (policy.html[locale] ?? policy.html.fr ?? policy.html.en) : null;
  useDocumentTitle(t('policy.title'));

  return (
    <article className="stack policy">
      <h1>{t('policy.title')}</h1>
      {policyHtml !== null && policyHtml !== undefined && (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered by the server from Markdown with raw HTML disabled (policy-markdown.ts).
        <div className="stack policy__text" dangerouslySetInnerHTML={{ __html: policyHtml }} />
      )}
      {policy && 'url' in policy && (
        <p className="lead">
          <a href={policy.url} rel="noopener noreferrer">
            {t('policy.external')}
          </a>
        </p>
      )}

      <section aria-labelledby="policy-controller" className="stack">
        <h2 id="policy-controller">{t('policy.controller.heading')}</h2>
        <dl className="summary">
          <div>
            <dt>{t('policy.controller.name')}</dt>
            <dd>{name}</dd>
          </div>
          {legalName && (
            <div>
              <dt>{t('policy.controller.legalName')}</dt>
              <dd>{legalName}</dd>
            </div>
          )}
          <div>
            <dt>{t('policy.controller.contact')}</dt>
            <dd>
              <a href={`mailto:${contactEmail}`}>{contactEmail}</a>
            </dd>
          </div>
          <div>
            <dt>{t('policy.controller.address')}</dt>
            <dd>{postalAddress}</dd>
          </div>
          {dpo && (dpo.name || dpo.email) && (
            <div>
              <dt>{t('policy.controller.dpo')}</dt>
              <dd>
                {dpo.name}
                {dpo.name && dpo.email && ' — '}
                {dpo.email && <a href={`mailto:${dpo.email}`}>{dpo.email}</a>}
              </dd>
            </div>
          )}
        </dl>
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

      <section aria-labelledby="policy-authority" className="stack">
        <h2 id="policy-authority">{t('policy.authority.heading')}</h2>
        <p>{t('policy.authority.body', { authority: `${authority.name} (${authority.shortName})` })}</p>
        <ul>
          <li>
            <a href={telHref(authority.phone)}>{t('policy.authority.phone', { phone: authority.phone })}</a>
          </li>
          <li>
            <a href={authority.website} rel="noopener noreferrer">
              {t('policy.authority.web', { url: displayUrl(authority.website) })}
            </a>
          </li>
          <li>{t('policy.authority.address', { address: authority.address })}</li>
        </ul>
      </section>
    </article>
  );
}
