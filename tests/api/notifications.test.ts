import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import { REQUEST_TYPES } from '@dsr/shared/request-types';
import { describe, expect, it } from 'vitest';
import {
  accessLinkMail,
  cancellationMail,
  receiptMail,
  requestTypeName,
  verificationMail,
} from '../../api/src/modules/notifications/subject-mails.ts';

// Subject mail templates: both locales, text and HTML, controller footer, dates in the
// controller's time zone, values escaped in HTML.

const controller = { ...ISOLECTRA_CONTROLLER, name: 'Acme <SAS>', contactEmail: 'privacy@acme.test' };
const base = { to: 'someone@example.test', reference: 'DSR-2027-000042', controller };
const link = 'https://portal.example.test/verify#token=abc';
const statusUrl = 'https://portal.example.test/status';
// 31 Jan 2027 23:30 UTC is already 1 February in Paris.
const dueAt = new Date('2027-01-31T23:30:00Z');

const all = (locale: 'fr' | 'en') => [
  verificationMail({ ...base, locale, type: 'erasure', link }),
  receiptMail({ ...base, locale, type: 'erasure', dueAt, statusUrl, acknowledged: false }),
  cancellationMail({ ...base, locale, statusUrl }),
  accessLinkMail({ ...base, locale, link }),
];

describe('subject mails', () => {
  it.each(['fr', 'en'] as const)(
    '%s: every mail has text and HTML, the reference, the footer and the lang',
    (locale) => {
      for (const mail of all(locale)) {
        expect(mail.to).toBe(base.to);
        expect(mail.subject).toContain(base.reference);
        expect(mail.text).toContain(base.reference);
        expect(mail.text).toContain('Acme <SAS>');
        expect(mail.text).toContain('privacy@acme.test');
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.html).toContain('Acme &lt;SAS&gt;');
        expect(mail.html).not.toContain('Acme <SAS>');
      }
    },
  );

  it('writes in the locale asked for', () => {
    const [fr] = all('fr');
    const [en] = all('en');
    expect(fr!.subject).toMatch(/^Confirmez votre demande/);
    expect(fr!.text).toContain('droit à l’effacement');
    expect(en!.subject).toMatch(/^Confirm your request/);
    expect(en!.text).toContain('right to erasure');
  });

  it('carries the link given by the caller in text and HTML', () => {
    for (const mail of [all('en')[0]!, all('en')[3]!]) {
      expect(mail.text).toContain(link);
      expect(mail.html).toContain(`href="${link}"`);
    }
    expect(all('fr')[1]!.text).toContain(statusUrl);
  });

  it('shows the due date in the controller time zone', () => {
    expect(all('fr')[1]!.text).toContain('1er février 2027');
    expect(all('en')[1]!.text).toContain('1 February 2027');
    const ny = receiptMail({
      ...base,
      controller: { ...controller, timeZone: 'America/New_York' },
      locale: 'en',
      type: 'access',
      dueAt,
      statusUrl,
      acknowledged: false,
    });
    expect(ny.text).toContain('31 January 2027');
  });

  it('says when the request is honoured at once', () => {
    const ack = (locale: 'fr' | 'en', acknowledged: boolean) =>
      receiptMail({ ...base, locale, type: 'consent_withdrawal', dueAt, statusUrl, acknowledged }).text;
    expect(ack('en', true)).toContain('takes effect at once');
    expect(ack('en', false)).not.toContain('takes effect at once');
    expect(ack('fr', true)).toContain('prise en compte immédiatement');
  });

  it('names every request type in both locales', () => {
    for (const type of REQUEST_TYPES) {
      expect(requestTypeName(type, 'fr')).not.toBe(requestTypeName(type, 'en'));
    }
  });

  it('refuses a non-http link', () => {
    expect(() => accessLinkMail({ ...base, locale: 'en', link: 'javascript:alert(1)' })).toThrow();
  });
});
