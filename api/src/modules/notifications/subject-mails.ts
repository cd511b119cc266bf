import type { ControllerConfig } from '@dsr/shared/controller';
import { formatLongDate } from '@dsr/shared/dates';
import type { RequestType } from '@dsr/shared/request-types';
import type { Locale } from '@dsr/shared/text';
import { renderLayout } from '../../mail/layout.ts';
import type { RenderedMail } from '../../mail/mail.types.ts';

// Mails to the data subject, in French and English. Callers pass links built from PUBLIC_URL
// (config.publicUrl), never from the Host header. Dates are shown in the controller's time zone.

type Controller = Pick<ControllerConfig, 'name' | 'contactEmail' | 'postalAddress' | 'timeZone'>;
export interface MailBody {
  title: string;
  paragraphs: string[];
  action?: { label: string; url: string };
}

const TYPE_NAMES: Record<Locale, Record<RequestType, string>> = {
  fr: {
    access: 'droit d’accès',
    rectification: 'droit de rectification',
    erasure: 'droit à l’effacement',
    restriction: 'droit à la limitation du traitement',
    objection: 'droit d’opposition',
    portability: 'droit à la portabilité',
    consent_withdrawal: 'retrait du consentement',
    information: 'demande d’information',
    automated_decision: 'décision individuelle automatisée',
  },
  en: {
    access: 'right of access',
    rectification: 'right to rectification',
    erasure: 'right to erasure',
    restriction: 'right to restriction of processing',
    objection: 'right to object',
    portability: 'right to data portability',
    consent_withdrawal: 'withdrawal of consent',
    information: 'request for information',
    automated_decision: 'automated individual decision-making',
  },
};

export function requestTypeName(type: RequestType, locale: Locale): string {
  return TYPE_NAMES[locale][type];
}

/** A date as a reader in the controller's time zone sees it, e.g. "23 janvier 2027", "1er mars 2027". */
export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  return formatLongDate(date, locale, timeZone);
}

function footer(controller: Controller, locale: Locale): string[] {
  return locale === 'fr'
    ? [
        `${controller.name} — ${controller.postalAddress}`,
        `Contact : ${controller.contactEmail}`,
        'Vous recevez ce message parce qu’une demande relative à vos données personnelles a été déposée avec cette adresse.',
      ]
    : [
        `${controller.name} — ${controller.postalAddress}`,
        `Contact: ${controller.contactEmail}`,
        'You receive this message because a request about your personal data was filed with this address.',
      ];
}

/** A mail to the data subject: the shared layout with the controller's footer. */
export function subjectMail(
  to: string,
  locale: Locale,
  subject: string,
  body: MailBody,
  controller: Controller,
): RenderedMail {
  const rendered = renderLayout({ locale, ...body, footer: footer(controller, locale) });
  return { to, subject, ...rendered };
}

/** One mail's words in one language. */
export interface MailText {
  subject: string;
  title: string;
  paragraphs: string[];
  /** The label of the button to `url`. */
  actionLabel: string;
}

/**
 * A mail to the data subject in the request's locale: `texts` holds the words per language (values
 * they share, such as dates, are already formatted for `input.locale`); the button opens `url`.
 */
export function localizedSubjectMail(
  input: { to: string; locale: Locale; controller: Controller; linkExpiresAt?: Date | undefined },
  url: string,
  texts: Record<Locale, MailText>,
): RenderedMail {
  const { subject, title, actionLabel } = texts[input.locale];
  const paragraphs = input.linkExpiresAt
    ? [...texts[input.locale].paragraphs, mailLinkNote(input.locale, input.linkExpiresAt, input.controller)]
    : texts[input.locale].paragraphs;
  return subjectMail(
    input.to,
    input.locale,
    subject,
    { title, paragraphs, action: { label: actionLabel, url } },
    input.controller,
  );
}

/** Under a mail whose button is its own single-use link (tokens.repository.ts issueMailLinkToken). */
function mailLinkNote(locale: Locale, expiresAt: Date, controller: Controller): string {
  const until = formatDate(expiresAt, locale, controller.timeZone);
  return locale === 'fr'
    ? `Le bouton ouvre votre demande sur n’importe quel appareil. Ce lien vous est personnel\u202f: il fonctionne une fois, jusqu’au ${until}. Ensuite, demandez un nouveau lien sur la page de suivi.`
    : `The button opens your request on any device. The link is yours alone: it works once, until ${until}. After that, ask for a fresh link on the status page.`;
}

export interface VerificationMailInput {
  to: string;
  locale: Locale;
  reference: string;
  type: RequestType;
  /** `${publicUrl}/verify#token=...` (see linkUrl). */
  link: string;
  controller: Controller;
}

export function verificationMail(input: VerificationMailInput): RenderedMail {
  const { locale, reference, controller } = input;
  const typeName = requestTypeName(input.type, locale);
  return localizedSubjectMail(input, input.link, {
    fr: {
      subject: `Confirmez votre demande ${reference}`,
      title: 'Confirmez votre adresse e-mail',
      paragraphs: [
        `Nous avons reçu une demande (${typeName}) adressée à ${controller.name}, référence ${reference}.`,
        'Pour que nous puissions la traiter, confirmez qu’elle vient bien de vous en ouvrant le lien ci-dessous. Il est valable 24 heures et ne fonctionne qu’une fois.',
        'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : elle sera supprimée sans suite.',
      ],
      actionLabel: 'Confirmer ma demande',
    },
    en: {
      subject: `Confirm your request ${reference}`,
      title: 'Confirm your e-mail address',
      paragraphs: [
        `We received a request (${typeName}) addressed to ${controller.name}, reference ${reference}.`,
        'So that we can handle it, confirm that it comes from you by opening the link below. It is valid for 24 hours and works once.',
        'If you did not make this request, ignore this message: it will be deleted without further action.',
      ],
      actionLabel: 'Confirm my request',
    },
  });
}

export interface ReceiptMailInput {
  to: string;
  locale: Locale;
  reference: string;
  type: RequestType;
  dueAt: Date;
  /** The mail's own link (`${publicUrl}/verify#token=…`), or `${publicUrl}/status`. */
  statusUrl: string;
  /** When the mail's own link stops working (said in the mail). */
  linkExpiresAt?: Date | undefined;
  /** Consent withdrawal and objection to direct marketing only: honoured at once on verification. */
  acknowledged: boolean;
  /**
   * A request that completed by itself before its receipt was rendered: what changed, in the
   * subject's words (its outcome). The receipt then says it is done and lists it; no completion
   * mail follows.
   */
  done?: string | undefined;
  controller: Controller;
}

export function receiptMail(input: ReceiptMailInput): RenderedMail {
  const { locale, reference, controller } = input;
  const typeName = requestTypeName(input.type, locale);
  const due = formatDate(input.dueAt, locale, controller.timeZone);
  const done = input.done;
  return localizedSubjectMail(input, input.statusUrl, {
    fr: {
      subject: done ? `Demande ${reference} confirmée et appliquée` : `Demande ${reference} confirmée`,
      title: done ? 'Votre demande est confirmée et appliquée' : 'Votre demande est confirmée',
      paragraphs: [
        `Votre demande (${typeName}) est enregistrée sous la référence ${reference}.`,
        ...(done
          ? [
              'Elle a été mise en œuvre dès votre confirmation : vous n’avez rien d’autre à faire.',
              done,
              'Votre demande est close ; vous pouvez la consulter sur la page de suivi.',
            ]
          : [
              ...(input.acknowledged
                ? [
                    'Elle est prise en compte immédiatement : vous n’avez rien d’autre à faire. Nous vous confirmerons sa mise en œuvre.',
                  ]
                : []),
              `Nous y répondrons au plus tard le ${due}. Ce délai peut être prolongé de deux mois au plus si la demande est complexe ; nous vous en informerions avant cette date, avec les raisons.`,
              'Vous pouvez suivre votre demande sur la page de suivi.',
            ]),
      ],
      actionLabel: done ? 'Voir ma demande' : 'Suivre ma demande',
    },
    en: {
      subject: done ? `Request ${reference} confirmed and applied` : `Request ${reference} confirmed`,
      title: done ? 'Your request is confirmed and applied' : 'Your request is confirmed',
      paragraphs: [
        `Your request (${typeName}) is registered under reference ${reference}.`,
        ...(done
          ? [
              'It was applied as soon as you confirmed it: there is nothing else you need to do.',
              done,
              'Your request is closed; you can see it on the status page.',
            ]
          : [
              ...(input.acknowledged
                ? [
                    'It takes effect at once: there is nothing else you need to do. We will confirm when it is applied.',
                  ]
                : []),
              `We will answer by ${due} at the latest. If the request is complex, this period may be extended by up to two further months; we would tell you before that date, with the reasons.`,
              'You can follow your request on the status page.',
            ]),
      ],
      actionLabel: done ? 'See my request' : 'Follow my request',
    },
  });
}

export interface CancellationMailInput {
  to: string;
  locale: Locale;
  reference: string;
  statusUrl: string;
  linkExpiresAt?: Date | undefined;
  controller: Controller;
}

export function cancellationMail(input: CancellationMailInput): RenderedMail {
  const { reference, controller } = input;
  return localizedSubjectMail(input, input.statusUrl, {
    fr: {
      subject: `Demande ${reference} annulée`,
      title: 'Votre demande est annulée',
      paragraphs: [
        `Comme vous l’avez demandé, votre demande ${reference} est annulée. Nous ne la traiterons pas.`,
        `Si vous n’êtes pas à l’origine de cette annulation, écrivez-nous à ${controller.contactEmail}. Vous pouvez à tout moment déposer une nouvelle demande.`,
      ],
      actionLabel: 'Voir ma demande',
    },
    en: {
      subject: `Request ${reference} cancelled`,
      title: 'Your request is cancelled',
      paragraphs: [
        `As you asked, your request ${reference} is cancelled. We will not process it.`,
        `If you did not cancel it, write to us at ${controller.contactEmail}. You can file a new request at any time.`,
      ],
      actionLabel: 'View my request',
    },
  });
}

export interface AccessLinkMailInput {
  to: string;
  locale: Locale;
  reference: string;
  /** `${publicUrl}/verify#token=...` (see linkUrl). */
  link: string;
  controller: Controller;
}

export function accessLinkMail(input: AccessLinkMailInput): RenderedMail {
  const { reference } = input;
  return localizedSubjectMail(input, input.link, {
    fr: {
      subject: `Votre lien de suivi pour la demande ${reference}`,
      title: 'Votre lien de suivi',
      paragraphs: [
        `Voici un nouveau lien pour consulter votre demande ${reference}. Il est valable 24 heures et ne fonctionne qu’une fois ; les liens envoyés auparavant ne sont plus valables.`,
        'Si vous n’avez pas demandé ce lien, ignorez ce message.',
      ],
      actionLabel: 'Ouvrir ma demande',
    },
    en: {
      subject: `Your status link for request ${reference}`,
      title: 'Your status link',
      paragraphs: [
        `Here is a fresh link to view your request ${reference}. It is valid for 24 hours and works once; links sent before no longer work.`,
        'If you did not ask for this link, ignore this message.',
      ],
      actionLabel: 'Open my request',
    },
  });
}
