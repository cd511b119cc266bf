import { ISOLECTRA_CONTROLLER } from '@dsr/shared/controller';
import { publicProfileSchema } from '@dsr/shared/public-profile';
import { beforeAll, describe, expect, it } from 'vitest';
import { setProfile } from '../../lib/controller.ts';
import { type Locale, translate } from '../../lib/i18n.tsx';
import { transferLine } from './status-words.ts';

// Portability with `transferTo`: the status page says where the data went instead of offering a file.
const line = (locale: Locale, recipient: string) =>
  transferLine((key, vars) => translate(locale, key, vars), locale, {
    recipient,
    at: '2026-03-04T10:00:00.000Z',
  });

describe('transfer line on the status page', () => {
  beforeAll(() => {
    // Dates are in the controller's time zone: the built-in profile's, as the server would serve it.
    const { locales } = ISOLECTRA_CONTROLLER;
    setProfile(publicProfileSchema.parse({ controller: ISOLECTRA_CONTROLLER, locales, privacyPolicy: null }));
  });

  it('names the recipient the subject typed, with the date, in French and English', () => {
    expect(line('fr', 'Nouvelle Banque')).toContain('transmises à Nouvelle Banque le 4 mars 2026');
    expect(line('en', 'New Bank')).toMatch(/sent to New Bank on .*2026/);
    expect(line('en', 'New Bank')).toContain('download link');
  });

  it('still says the data was sent when the name is gone (purged)', () => {
    expect(line('fr', ' ')).toContain('au destinataire que vous avez désigné');
    expect(line('en', '')).toContain('to the recipient you named');
  });
});
