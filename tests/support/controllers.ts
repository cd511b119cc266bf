import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ControllerConfigInput } from '@dsr/shared/controller';

// Another controller than the built-in Isolectra one, in another time zone and with English
// first: journeys run under it must show nothing of Isolectra (its name, the CNIL, Paris time).

export const IRISH_CONTROLLER = {
  name: 'Liffey Outdoor Supplies',
  legalName: 'Liffey Outdoor Supplies Limited',
  contactEmail: 'privacy@liffey-outdoor.ie',
  postalAddress: '12 Quay Street, Dublin 8, D08 X2Y3, Ireland',
  dpo: { name: 'Aoife Byrne', email: 'dpo@liffey-outdoor.ie' },
  supervisoryAuthority: {
    name: 'Data Protection Commission',
    shortName: 'DPC',
    website: 'https://www.dataprotection.ie',
    phone: '+353 1 765 0100',
    address: '21 Fitzwilliam Square South, Dublin 2, D02 RD28, Ireland',
  },
  timeZone: 'Europe/Dublin',
  locales: ['en', 'fr'],
  privacyPolicy: {
    markdown: {
      en: '# How Liffey Outdoor Supplies uses your data\n\nWe sell outdoor gear in Dublin. Write to [our privacy team](mailto:privacy@liffey-outdoor.ie).\n\n<script>alert(1)</script> <b>not bold</b>',
      fr: '# Comment Liffey Outdoor Supplies utilise vos données\n\nNous vendons du matériel de plein air à Dublin.',
    },
  },
} satisfies ControllerConfigInput;

/** Writes a controller file (JSON) to a fresh temporary folder and returns its path. */
export function writeControllerFile(config: unknown, name = 'controller.json'): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dsr-controller-')), name);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

/** The same controller offering English only: French must be refused wherever a locale is chosen. */
export const ENGLISH_ONLY_CONTROLLER = {
  ...IRISH_CONTROLLER,
  locales: ['en'],
  privacyPolicy: { markdown: { en: IRISH_CONTROLLER.privacyPolicy.markdown.en } },
} satisfies ControllerConfigInput;
