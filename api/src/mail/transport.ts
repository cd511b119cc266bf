import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailJob } from './mail.types.ts';

export interface MailTransport {
  readonly mode: 'smtp' | 'outbox';
  /** Resolves once the message is accepted (SMTP 250) or written; rejects otherwise. */
  send(mail: MailJob, signal?: AbortSignal): Promise<void>;
  close(): void;
}

export interface MailTransportOptions {
  smtpUrl?: string | undefined;
  outboxDir: string;
  from: string;
  logger?: { info(obj: object, msg?: string): void };
  /** Pool size and timeouts; defaults keep a send well under the mail job's expiry. */
  smtp?: { maxConnections?: number; connectionTimeoutMs?: number; socketTimeoutMs?: number };
}

export function createTransport(options: MailTransportOptions): MailTransport {
  return options.smtpUrl ? smtpTransport(options, options.smtpUrl) : outboxTransport(options);
}

function smtpTransport(options: MailTransportOptions, smtpUrl: string): MailTransport {
  const connectionTimeout = options.smtp?.connectionTimeoutMs ?? 10_000;
  const transporter = nodemailer.createTransport(
    {
      url: smtpUrl,
      pool: true,
      maxConnections: options.smtp?.maxConnections ?? 5,
      connectionTimeout,
      greetingTimeout: connectionTimeout,
      socketTimeout: options.smtp?.socketTimeoutMs ?? 20_000,
    },
    { from: options.from },
  );
  // Host and port only: the URL may carry credentials.
  const { hostname, port } = new URL(smtpUrl);
  options.logger?.info({ host: hostname, port: port || undefined }, 'mail: sending through SMTP');
  return {
    mode: 'smtp',
    async send(mail, signal) {
      await transporter.sendMail({ ...message(mail), signal });
    },
    close: () => transporter.close(),
  };
}

function outboxTransport(options: MailTransportOptions): MailTransport {
  const dir = options.outboxDir;
  const composer = nodemailer.createTransport(
    { streamTransport: true, buffer: true, newline: 'windows' },
    { from: options.from },
  );
  options.logger?.info({ dir }, `mail: no SMTP_URL, writing .eml files to ${dir}`);
  let dirReady: Promise<unknown> | undefined;
  return {
    mode: 'outbox',
    async send(mail) {
      const info = await composer.sendMail(message(mail));
      dirReady ??= mkdir(dir, { recursive: true });
      await dirReady;
      const name = `${timestamp()}-${fileSafe(mail.messageId)}.eml`;
      // Write then rename, so a reader of the folder never sees a half-written message.
      const tmp = join(dir, `.${name}.${randomUUID()}.tmp`);
      try {
        await writeFile(tmp, info.message as Buffer);
        await rename(tmp, join(dir, name));
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    close: () => composer.close(),
  };
}

function message(mail: MailJob) {
  return { to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId };
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
}

function fileSafe(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
}
