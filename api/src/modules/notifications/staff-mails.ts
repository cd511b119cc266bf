import type { ControllerConfig } from '@dsr/shared/controller';
import type { RequestType } from '@dsr/shared/request-types';
import type { DenialReasonCode } from '@dsr/shared/statuses';
import type { Locale } from '@dsr/shared/text';
import { renderLayout } from '../../mail/layout.ts';
import type { RenderedMail } from '../../mail/mail.types.ts';
import { formatDate, localizedSubjectMail, requestTypeName } from './subject-mails.ts';

// Mails caused by staff work: to the subject (request for information, extension, completion,
// denial, message, appeal receipt) in the request's locale, and to staff (new request, daily
// digest). Links come from PUBLIC_URL only. Staff mails carry references, types and dates, never a
// subject's name or address: they sit in mailboxes the retention jobs cannot reach.

type Controller = Pick<
  ControllerConfig,
  'name' | 'contactEmail' | 'postalAddress' | 'timeZone' | 'supervisoryAuthority'
>;

interface SubjectMailBase {
  to: string;
  locale: Locale;
  reference: string;
  /** The mail's own link (`${publicUrl}/verify#token=…`), or `${publicUrl}/status`. */
  statusUrl: string;
  /** When the mail's own link stops working (said in the mail). */
  linkExpiresAt?: Date | undefined;
  controller: Controller;
}

export function requestInfoMail(input: SubjectMailBase & { body: string }): RenderedMail {
  const { reference } = input;
  return localizedSubjectMail(input, input.statusUrl, {
    fr: {
      subject: `Demande ${reference} : nous avons besoin d’informations`,
      title: 'Nous avons besoin d’informations',
      paragraphs: [
        `Pour traiter votre demande ${reference}, nous avons besoin de précisions :`,
        input.body,
        'Répondez depuis la page de suivi de votre demande. Le traitement reprendra dès votre réponse.',
      ],
      actionLabel: 'Répondre',
    },
    en: {
      subject: `Request ${reference}: we need information`,
      title: 'We need more information',
      paragraphs: [
        `To handle your request ${reference}, we need some details:`,
        input.body,
        'Reply from the status page of your request. We will resume as soon as you answer.',
      ],
      actionLabel: 'Reply',
    },
  });
}

export function staffMessageMail(input: SubjectMailBase & { body: string }): RenderedMail {
  const { reference, controller } = input;
  return localizedSubjectMail(input, input.statusUrl, {
    fr: {
      subject: `Demande ${reference} : nouveau message`,
      title: 'Un message sur votre demande',
      paragraphs: [`Message de ${controller.name} au sujet de votre demande ${reference} :`, input.body],
      actionLabel: 'Voir ma demande',
    },
    en: {
      subject: `Request ${reference}: new message`,
      title: 'A message about your request',
      paragraphs: [`Message from ${controller.name} about your request ${reference}:`, input.body],
      actionLabel: 'View my request',
    },
  });
}

export function extensionMail(
  input: SubjectMailBase & { months: number; reason: string; dueAt: Date },
): RenderedMail {
  const { locale, reference, controller } = input;
  const due = formatDate(input.dueAt, locale, controller.timeZone);
  return localizedSubjectMail(input, input.statusUrl, {
    fr: {
      subject: `Demande ${reference} : délai prolongé`,
      title: 'Le délai de réponse est prolongé',
      paragraphs: [
        `Nous prolongeons de ${input.months} mois le délai de réponse à votre demande ${reference}, comme l’article 12(3) du RGPD le permet pour les demandes complexes ou nombreuses.`,
        `Raison : ${input.reason}`,
        `Nous vous répondrons au plus tard le ${due}.`,
      ],
      actionLabel: 'Suivre ma demande',
    },
    en: {
      subject: `Request ${reference}: deadline extended`,
      title: 'The response period is extended',
      paragraphs: [
        `We are extending the period to answer your request ${reference} by ${input.months} month${input.months > 1 ? 's' : ''}, as Article 12(3) GDPR allows for complex or numerous requests.`,
        `Reason: ${input.reason}`,
        `We will answer by ${due} at the latest.`,
      ],
      actionLabel: 'Follow my request',
    },
  });
}

export function completionMail(
  input: SubjectMailBase & {
    outcome: string;
    /** A package was released: as a download for the subject, or transferred to their recipient. */
    download?: 'ready' | 'transferred' | null;
    /** Rectification: staff's decision on each correction (a refusal with its reason). */
    corrections?: ReadonlyArray<{ label: string; value: string; accepted: boolean; reason: string | null }>;
    /** Erasure: lines saying what was erased and each item retained with its reason (request's language). */
    erasure?: string[];
    /** Objection: staff's decision on each purpose (a refusal with the compelling legitimate grounds). */
    objections?: ReadonlyArray<{ label: string; decision: 'accepted' | 'refused'; reason: string | null }>;
  },
): RenderedMail {
  const erasure = input.erasure ?? [];
  const { reference } = input;
  const decided = (locale: Locale) =>
    (input.corrections ?? []).map((c) =>
      locale === 'fr'
        ? c.accepted
          ? `${c.label} («\u202F${c.value}\u202F»)\u202F: correction appliquée.`
          : `${c.label} («\u202F${c.value}\u202F»)\u202F: correction refusée. Motif\u202F: ${c.reason ?? ''}`
        : c.accepted
          ? `${c.label} ("${c.value}"): corrected.`
          : `${c.label} ("${c.value}"): correction refused. Reason: ${c.reason ?? ''}`,
    );
  const objected = (locale: Locale) =>
    (input.objections ?? []).map((o) =>
      locale === 'fr'
        ? o.decision === 'accepted'
          ? `Opposition pour ${o.label}\u202F: acceptée, nous avons cessé ce traitement.`
          : `Opposition pour ${o.label}\u202F: refusée. Motifs légitimes et impérieux\u202F: ${o.reason ?? ''}`
        : o.decision === 'accepted'
          ? `Objection to ${o.label}: accepted, we have stopped this processing.`
          : `Objection to ${o.label}: refused. Compelling legitimate grounds: ${o.reason ?? ''}`,
    );
  return localizedSubjectMail(input, input.statusUrl, {
    fr: {
      subject: `Demande ${reference} traitée`,
      title: 'Votre demande est traitée',
      paragraphs: [
        `Nous avons traité votre demande ${reference}.`,
        input.outcome,
        ...decided('fr'),
        ...objected('fr'),
        ...erasure,
        ...(erasure.length > 0
          ? []
          : input.download === 'ready'
            ? [
                'Vos données sont prêtes : téléchargez le fichier depuis la page de suivi de votre demande. Il y reste disponible pendant une durée limitée.',
              ]
            : input.download === 'transferred'
              ? [
                  'Comme vous l’avez demandé, un lien vers vos données a été envoyé au destinataire que vous avez désigné.',
                ]
              : [
                  'Si des fichiers sont à votre disposition, téléchargez-les depuis la page de suivi : ils y restent disponibles pendant une durée limitée.',
                ]),
      ],
      actionLabel: 'Voir ma demande',
    },
    en: {
      subject: `Request ${reference} completed`,
      title: 'Your request is completed',
      paragraphs: [
        `We have completed your request ${reference}.`,
        input.outcome,
        ...decided('en'),
        ...objected('en'),
        ...erasure,
        ...(erasure.length > 0
          ? []
          : input.download === 'ready'
            ? [
                'Your data is ready: download the file from the status page of your request. It stays there for a limited time.',
              ]
            : input.download === 'transferred'
              ? ['As you asked, a link to your data was sent to the recipient you named.']
              : [
                  'If files are available to you, download them from the status page: they stay there for a limited time.',
                ]),
      ],
      actionLabel: 'View my request',
    },
  });
}

const REASONS: Record<Locale, Record<DenialReasonCode, string>> = {
  fr: {
    identity_not_verified: 'nous n’avons pas pu vérifier votre identité',
    manifestly_unfounded: 'la demande est manifestement infondée (article 12(5) du RGPD)',
    excessive: 'la demande est excessive, notamment par son caractère répétitif (article 12(5) du RGPD)',
    legal_obligation: 'une obligation légale nous impose de conserver ou de traiter ces données',
    rights_of_others: 'y faire droit porterait atteinte aux droits et libertés d’autrui',
    other: 'autre motif (voir l’explication)',
  },
  en: {
    identity_not_verified: 'we could not verify your identity',
    manifestly_unfounded: 'the request is manifestly unfounded (Article 12(5) GDPR)',
    excessive:
      'the request is excessive, in particular because of its repetitive character (Article 12(5) GDPR)',
    legal_obligation: 'a legal obligation requires us to keep or process this data',
    rights_of_others: 'granting it would adversely affect the rights and freedoms of others',
    other: 'other reason (see the explanation)',
  },
};

export function denialReasonLabel(code: DenialReasonCode, locale: Locale): string {
  return REASONS[locale][code];
}

export interface DenialMailInput extends SubjectMailBase {
  reasonCode: DenialReasonCode;
  explanation: string;
  /** Last instant an appeal is accepted; null when the denied request is itself an appeal. */
  appealUntil: Date | null;
}

export function denialMail(input: DenialMailInput): RenderedMail {
  const { locale, reference, controller } = input;
  const sa = controller.supervisoryAuthority;
  const reason = denialReasonLabel(input.reasonCode, locale);
  const appealUntil = input.appealUntil && formatDate(input.appealUntil, locale, controller.timeZone);
  return localizedSubjectMail(input, input.statusUrl, {
    fr: {
      subject: `Demande ${reference} : décision de refus`,
      title: 'Nous ne pouvons pas donner suite à votre demande',
      paragraphs: [
        `Nous refusons votre demande ${reference}. Motif : ${reason}.`,
        input.explanation,
        appealUntil
          ? `Vous pouvez contester cette décision jusqu’au ${appealUntil} depuis la page de suivi de votre demande (rubrique « Contester cette décision ») : un autre responsable réexaminera votre demande.`
          : 'Cette décision fait suite à votre recours : elle clôt l’examen de votre demande par nos services.',
        `Vous pouvez introduire une réclamation auprès de l’autorité de contrôle : ${sa.name} (${sa.shortName}), ${sa.address}, téléphone ${sa.phone}, ${sa.website}.`,
        'Vous pouvez également former un recours juridictionnel devant le tribunal compétent (articles 78 et 79 du RGPD).',
      ],
      actionLabel: 'Voir ma demande',
    },
    en: {
      subject: `Request ${reference}: refusal`,
      title: 'We cannot grant your request',
      paragraphs: [
        `We refuse your request ${reference}. Reason: ${reason}.`,
        input.explanation,
        appealUntil
          ? `You may appeal against this decision until ${appealUntil} from the status page of your request ("Appeal this decision"): another manager will review your request.`
          : 'This decision follows your appeal: it ends the review of your request by our services.',
        `You may lodge a complaint with the supervisory authority: ${sa.name} (${sa.shortName}), ${sa.address}, telephone ${sa.phone}, ${sa.website}.`,
        'You may also seek a judicial remedy before the competent court (Articles 78 and 79 GDPR).',
      ],
      actionLabel: 'View my request',
    },
  });
}

export function appealReceiptMail(
  input: SubjectMailBase & { appealedReference: string; dueAt: Date },
): RenderedMail {
  const { locale, reference, controller } = input;
  const due = formatDate(input.dueAt, locale, controller.timeZone);
  return localizedSubjectMail(input, input.statusUrl, {
    fr: {
      subject: `Recours enregistré : demande ${reference}`,
      title: 'Votre recours est enregistré',
      paragraphs: [
        `Votre recours contre le refus de la demande ${input.appealedReference} est enregistré sous la référence ${reference}.`,
        `Un responsable qui n’a pas pris la première décision le réexaminera. Nous vous répondrons au plus tard le ${due}.`,
      ],
      actionLabel: 'Suivre mon recours',
    },
    en: {
      subject: `Appeal registered: request ${reference}`,
      title: 'Your appeal is registered',
      paragraphs: [
        `Your appeal against the refusal of request ${input.appealedReference} is registered under reference ${reference}.`,
        `A manager who did not take the first decision will review it. We will answer by ${due} at the latest.`,
      ],
      actionLabel: 'Follow my appeal',
    },
  });
}

// ---------- to staff ----------

function staffFooter(controller: Controller, locale: Locale): string[] {
  return locale === 'fr'
    ? [`${controller.name} — portail des droits des personnes`, 'Message automatique envoyé à l’équipe.']
    : [`${controller.name} — data-subject-rights portal`, 'Automatic message sent to the team.'];
}

export interface NewRequestNoticeInput {
  to: string;
  locale: Locale;
  reference: string;
  type: RequestType;
  dueAt: Date;
  isAppeal: boolean;
  /** `${publicUrl}/staff/requests/<reference>`. */
  url: string;
  controller: Controller;
}

export function newRequestNoticeMail(input: NewRequestNoticeInput): RenderedMail {
  const { locale, reference, controller } = input;
  const fr = locale === 'fr';
  const typeName = requestTypeName(input.type, locale);
  const due = formatDate(input.dueAt, locale, controller.timeZone);
  const what = input.isAppeal
    ? fr
      ? 'Nouveau recours'
      : 'New appeal'
    : fr
      ? 'Nouvelle demande'
      : 'New request';
  const rendered = renderLayout({
    locale,
    title: `${what} ${reference}`,
    paragraphs: fr
      ? [
          `${what} ${input.isAppeal ? 'vérifié' : 'vérifiée'} : ${reference} (${typeName}).`,
          `Échéance : ${due}.`,
          ...(input.isAppeal ? ['Seul un administrateur autre que l’auteur du refus peut le trancher.'] : []),
        ]
      : [
          `${what} verified: ${reference} (${typeName}).`,
          `Due: ${due}.`,
          ...(input.isAppeal ? ['Only an admin other than the one who denied it may decide it.'] : []),
        ],
    action: { label: fr ? 'Ouvrir la demande' : 'Open the request', url: input.url },
    footer: staffFooter(controller, locale),
  });
  return { to: input.to, subject: `${what} ${reference} (${typeName})`, ...rendered };
}

export interface DigestLine {
  reference: string;
  type: RequestType;
  dueAt: Date;
  daysLeft: number;
}

export interface DigestMailInput {
  to: string;
  locale: Locale;
  overdue: DigestLine[];
  dueSoon: DigestLine[];
  /** `${publicUrl}/staff/requests`. */
  url: string;
  controller: Controller;
}

export function dueDigestMail(input: DigestMailInput): RenderedMail {
  const { locale, controller } = input;
  const fr = locale === 'fr';
  const line = (l: DigestLine) =>
    `• ${l.reference} — ${requestTypeName(l.type, locale)} — ${formatDate(l.dueAt, locale, controller.timeZone)} (${
      l.daysLeft < 0
        ? fr
          ? `${-l.daysLeft} j de retard`
          : `${-l.daysLeft} d late`
        : fr
          ? `J-${l.daysLeft}`
          : `${l.daysLeft} d left`
    })`;
  const section = (heading: string, lines: DigestLine[]) =>
    lines.length > 0 ? [`${heading} (${lines.length})\n${lines.map(line).join('\n')}`] : [];
  const rendered = renderLayout({
    locale,
    title: fr ? 'Échéances des demandes' : 'Request deadlines',
    paragraphs: [
      ...section(fr ? 'En retard' : 'Overdue', input.overdue),
      ...section(fr ? 'Échéance dans les 5 jours' : 'Due within 5 days', input.dueSoon),
    ],
    action: { label: fr ? 'Ouvrir la file' : 'Open the queue', url: input.url },
    footer: staffFooter(controller, locale),
  });
  const subject = fr
    ? `Échéances : ${input.overdue.length} en retard, ${input.dueSoon.length} sous 5 jours`
    : `Deadlines: ${input.overdue.length} overdue, ${input.dueSoon.length} due within 5 days`;
  return { to: input.to, subject, ...rendered };
}

/** Art. 18(3): the subject is told before a restriction is lifted. */
export function restrictionLiftMail(input: SubjectMailBase & { reason: string }): RenderedMail {
  const { reference } = input;
  return localizedSubjectMail(input, input.statusUrl, {
    fr: {
      subject: `Demande ${reference}\u202F: levée de la limitation`,
      title: 'La limitation de vos données va être levée',
      paragraphs: [
        `La limitation du traitement de vos données, mise en place à la suite de votre demande ${reference}, va être levée.`,
        `Motif\u202F: ${input.reason}`,
        'Vos données pourront de nouveau être traitées normalement. Vous pouvez nous écrire depuis la page de suivi de votre demande.',
      ],
      actionLabel: 'Voir ma demande',
    },
    en: {
      subject: `Request ${reference}: restriction to be lifted`,
      title: 'The restriction on your data is being lifted',
      paragraphs: [
        `The restriction of processing of your data, put in place after your request ${reference}, is being lifted.`,
        `Reason: ${input.reason}`,
        'Your data may be processed normally again. You can write to us from the status page of your request.',
      ],
      actionLabel: 'View my request',
    },
  });
}
