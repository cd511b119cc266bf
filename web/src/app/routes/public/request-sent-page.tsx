import { computeDueAt, UNVERIFIED_EXPIRY_DAYS, VERIFICATION_LINK_HOURS } from '@dsr/shared/deadline';
import { useMemo } from 'react';
import { Link, useLocation } from 'react-router';
import { controller } from '../../../lib/controller.ts';
import { formatDate, formatDateTime } from '../../../lib/dates.ts';
import { useDocumentTitle, useI18n } from '../../../lib/i18n.tsx';
import { paths } from '../../../lib/paths.ts';
import { readSentRequest, type SentRequest } from '../../../lib/sent-request.ts';

function sentFrom(state: unknown): SentRequest | null {
  const { reference, sentAt } = (state ?? {}) as Partial<Record<keyof SentRequest, unknown>>;
  return typeof reference === 'string' && typeof sentAt === 'string' ? { reference, sentAt } : null;
}

const HOUR_MS = 3_600_000;

// After POST /requests (the GOV.UK confirmation pattern): a panel with the reference, what happens
// next and by when, whom to ask, and print/save. The request waits for the e-mail link (24 h) and
// expires unconfirmed after 7 days. The reference comes in the navigation state, and from
// sessionStorage after a reload (lib/sent-request.ts); never from the URL.
export function Component() {
  const { t, locale } = useI18n();
  const state = useLocation().state;
  const sent = useMemo(() => sentFrom(state) ?? readSentRequest(), [state]);
  const hours = VERIFICATION_LINK_HOURS;
  const days = UNVERIFIED_EXPIRY_DAYS;
  const { timeZone, contactEmail } = controller();
  useDocumentTitle(t('requestSent.title'));
  const sentAt = sent ? new Date(sent.sentAt) : null;
  const confirmBy = sentAt ? new Date(sentAt.getTime() + hours * HOUR_MS).toISOString() : null;
  // One month from confirmation, counted as the API counts it (controller's calendar): "if you
  // confirm today".
  const answerBy = computeDueAt(sentAt ?? new Date(), timeZone).toISOString();
  const [before, after] = t('requestSent.contact.body', { email: '\u0000' }).split('\u0000');
  return (
    <div className="stack">
      <div className="confirmation-panel">
        <h1>{t('requestSent.title')}</h1>
        {sent ? (
          <p>
            {t('requestSent.panel.reference')}
            <strong className="confirmation-panel__reference">{sent.reference}</strong>
          </p>
        ) : (
          <p>{t('requestSent.panel.missing')}</p>
        )}
      </div>
      <p className="lead">{t('requestSent.body', { hours })}</p>
      <section className="stack" aria-labelledby="sent-next-title">
        <h2 id="sent-next-title">{t('requestSent.next.heading')}</h2>
        <ol className="stack">
          <li>
            {confirmBy
              ? t('requestSent.next.confirm', { date: formatDateTime(locale, confirmBy), hours })
              : t('requestSent.next.confirmNoDate', { hours })}
          </li>
          <li>{t('requestSent.next.answer', { date: formatDate(locale, answerBy) })}</li>
          <li>{t('requestSent.next.follow')}</li>
        </ol>
        <p>{t('requestSent.expiry', { days })}</p>
      </section>
      <section className="stack" aria-labelledby="sent-mail-title">
        <h2 id="sent-mail-title">{t('requestSent.noMail.heading')}</h2>
        <p>{t('requestSent.noMail.body')}</p>
        <p>
          <Link to={paths.statusLostLink()}>{t('requestSent.newLink')}</Link>
        </p>
      </section>
      <section className="stack" aria-labelledby="sent-contact-title">
        <h2 id="sent-contact-title">{t('requestSent.contact.heading')}</h2>
        <p>
          {before}
          <a href={`mailto:${contactEmail}`}>{contactEmail}</a>
          {after}
        </p>
      </section>
      <p className="actions no-print">
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          {t('requestSent.print')}
        </button>
      </p>
    </div>
  );
}
