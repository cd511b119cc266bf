import type { ControllerConfig } from '@dsr/shared/controller';
import type { Locale } from '@dsr/shared/text';
import { renderLayout } from '../../mail/layout.ts';
import type { RenderedMail } from '../../mail/mail.types.ts';
import { formatDate } from '../notifications/subject-mails.ts';

// Portability with `transferTo` (Art. 20(2)): the named recipient gets a link to the subject's
// package, in the request's language. The subject's name is not repeated here: the reference says it.

export interface TransferMailInput {
  to: string;
  recipientName: string;
  locale: Locale;
  reference: string;
  /** `${publicUrl}/api/v1/transfers/<token>`. */
  link: string;
  expiresAt: Date;
  controller: Pick<ControllerConfig, 'name' | 'contactEmail' | 'postalAddress' | 'timeZone'>;
}

export function transferMail(input: TransferMailInput): RenderedMail {
  const { controller, reference, locale } = input;
  const until = formatDate(input.expiresAt, locale, controller.timeZone);
  const fr = locale === 'fr';
  const subject = fr
    ? `Données transmises à votre attention (demande ${reference})`
    : `Data transferred to you (request ${reference})`;
  const rendered = renderLayout({
    locale,
    title: fr ? 'Des données vous sont transmises' : 'Data is transferred to you',
    paragraphs: fr
      ? [
          `Bonjour ${input.recipientName},`,
          `À la demande de la personne concernée (demande ${reference}, droit à la portabilité, article 20 du RGPD), ${controller.name} vous transmet ses données personnelles dans un fichier ZIP.`,
          `Le lien est personnel et reste valable jusqu’au ${until}.`,
        ]
      : [
          `Hello ${input.recipientName},`,
          `At the request of the data subject (request ${reference}, right to data portability, Article 20 GDPR), ${controller.name} transfers their personal data to you as a ZIP file.`,
          `The link is personal and works until ${until}.`,
        ],
    action: { label: fr ? 'Télécharger les données' : 'Download the data', url: input.link },
    footer: [
      `${controller.name} — ${controller.postalAddress}`,
      fr ? `Contact : ${controller.contactEmail}` : `Contact: ${controller.contactEmail}`,
    ],
  });
  return { to: input.to, subject, ...rendered };
}
