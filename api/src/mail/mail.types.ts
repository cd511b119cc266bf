/** A mail ready to send, as produced by a template. */
export interface RenderedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Payload of a `mail.send` job. `messageId` (`<uuid@domain>`) is fixed when the mail is queued,
 * so every retry carries the same Message-ID header and a receiver can drop a duplicate.
 * Holds personal data: never log it; log the job id and `messageId` only.
 */
export interface MailJob extends RenderedMail {
  messageId: string;
}

export const MAIL_QUEUE = 'mail.send';
