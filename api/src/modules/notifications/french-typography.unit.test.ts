import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import { DENIAL_REASON_CODES } from '@dsr/shared/statuses';
import { frenchTypographyFaults } from '@dsr/shared/typography';
import { describe, expect, it } from 'vitest';
import type { RenderedMail } from '../../mail/mail.types.ts';
import { transferMail } from '../fulfilment/transfer-mail.ts';
import {
  appealReceiptMail,
  completionMail,
  denialMail,
  dueDigestMail,
  extensionMail,
  newRequestNoticeMail,
  requestInfoMail,
  staffMessageMail,
} from './staff-mails.ts';
import { accessLinkMail, cancellationMail, receiptMail, verificationMail } from './subject-mails.ts';

// Every French mail, in every variant, follows French typography: a narrow no-break space before
// ? ! ; : and inside « ». The staff-written texts (body, outcome) are left out: they are the staff's.

const controller = ISOLECTRA_CONTROLLER;
const dueAt = new Date('2027-03-01T10:00:00Z');
const base = {
  to: 'a@example.test',
  locale: 'fr' as const,
  reference: 'DSR-2027-000042',
  controller,
  statusUrl: 'https://portal.example/verify#token=x',
  linkExpiresAt: dueAt,
};
const line = { reference: 'DSR-2027-000001', type: 'access' as const, dueAt, daysLeft: 2 };

const mails: Array<[string, RenderedMail]> = [
  ['verification', verificationMail({ ...base, type: 'erasure', link: base.statusUrl })],
  ['receipt', receiptMail({ ...base, type: 'erasure', dueAt, acknowledged: false })],
  ['receipt (acknowledged)', receiptMail({ ...base, type: 'consent_withdrawal', dueAt, acknowledged: true })],
  ['cancellation', cancellationMail(base)],
  ['access link', accessLinkMail({ ...base, link: base.statusUrl })],
  ['request for information', requestInfoMail({ ...base, body: 'Texte' })],
  ['staff message', staffMessageMail({ ...base, body: 'Texte' })],
  ['extension', extensionMail({ ...base, months: 2, reason: 'Texte', dueAt })],
  ...(['ready', 'transferred', null] as const).map((download): [string, RenderedMail] => [
    `completion (${download})`,
    completionMail({ ...base, outcome: 'Texte', download }),
  ]),
  ...DENIAL_REASON_CODES.flatMap(
    (reasonCode): Array<[string, RenderedMail]> => [
      [`denial ${reasonCode}`, denialMail({ ...base, reasonCode, explanation: 'Texte', appealUntil: dueAt })],
      [
        `denial of an appeal ${reasonCode}`,
        denialMail({ ...base, reasonCode, explanation: 'Texte', appealUntil: null }),
      ],
    ],
  ),
  ['appeal receipt', appealReceiptMail({ ...base, appealedReference: 'DSR-2027-000041', dueAt })],
  ...[true, false].map((isAppeal): [string, RenderedMail] => [
    `new request notice (appeal: ${isAppeal})`,
    newRequestNoticeMail({ ...base, type: 'access', dueAt, isAppeal, url: 'https://portal.example/staff' }),
  ]),
  [
    'due digest',
    dueDigestMail({ ...base, overdue: [line], dueSoon: [line], url: 'https://portal.example/staff' }),
  ],
  ['transfer', transferMail({ ...base, recipientName: 'Banque', link: base.statusUrl, expiresAt: dueAt })],
];

describe('French mails', () => {
  it.each(mails)('%s: subject and text follow French typography', (_name, mail) => {
    expect(frenchTypographyFaults(mail.subject)).toEqual([]);
    expect(frenchTypographyFaults(mail.text)).toEqual([]);
  });

  it('write the first of a month "1er" and an appeal "recours"', () => {
    const receipt = receiptMail({ ...base, type: 'erasure', dueAt, acknowledged: false });
    expect(receipt.text).toContain('le 1er mars 2027');
    const denial = denialMail({ ...base, reasonCode: 'other', explanation: 'Texte', appealUntil: dueAt });
    const appeal = appealReceiptMail({ ...base, appealedReference: 'DSR-2027-000041', dueAt });
    for (const mail of [denial, appeal]) {
      expect(`${mail.subject}\n${mail.text}`).toMatch(/recours/i);
      expect(`${mail.subject}\n${mail.text}`).not.toMatch(/\bappel\b|faire appel/i);
    }
  });
});
