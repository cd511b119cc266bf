import { describe, expect, it } from 'vitest';
import { controllerConfigSchema, defaultLocale, ISOLECTRA_CONTROLLER } from './controller.ts';

const minimal = {
  name: 'Acme',
  contactEmail: 'Privacy@Acme.example',
  postalAddress: '1 rue de la Paix, 75002 Paris',
  supervisoryAuthority: {
    name: 'Commission nationale de l’informatique et des libertés',
    shortName: 'CNIL',
    website: 'https://www.cnil.fr',
    phone: '01 53 73 22 22',
    address: '3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07',
  },
};

describe('controllerConfigSchema', () => {
  it('fills defaults', () => {
    const config = controllerConfigSchema.parse(minimal);
    expect(config.contactEmail).toBe('privacy@acme.example');
    expect(config.timeZone).toBe('Europe/Paris');
    expect(config.retention).toEqual({
      closedRequestsYears: 5,
      unverifiedDays: 30,
      billingRecordsYears: 10,
      exportDays: 7,
    });
    expect(config.recipients).toEqual([]);
    expect(config.locales).toEqual(['fr', 'en']);
    expect(config.privacyPolicy).toBeUndefined();
  });

  it('takes the locales in order (the first is the default) and a policy per locale or a link', () => {
    const config = controllerConfigSchema.parse({
      ...minimal,
      locales: ['en'],
      privacyPolicy: { markdown: { en: '# Policy' } },
    });
    expect(config.locales).toEqual(['en']);
    expect(defaultLocale(config)).toBe('en');
    expect(
      controllerConfigSchema.parse({ ...minimal, privacyPolicy: { url: 'https://acme.example/privacy' } })
        .privacyPolicy,
    ).toEqual({ url: 'https://acme.example/privacy' });
  });

  it('names the key of a bad locale list or of a policy missing an offered locale', () => {
    const paths = (patch: object) => {
      const result = controllerConfigSchema.safeParse({ ...minimal, ...patch });
      return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ locales: [] })).toEqual(['locales']);
    expect(paths({ locales: ['fr', 'fr'] })).toEqual(['locales']);
    expect(paths({ locales: ['de'] })).toEqual(['locales.0']);
    expect(paths({ privacyPolicy: { markdown: { fr: '# Politique' } } })).toEqual([
      'privacyPolicy.markdown.en',
    ]);
    expect(paths({ privacyPolicy: { url: 'javascript:alert(1)' } })).toEqual(['privacyPolicy.url']);
  });

  it('keeps partial retention overrides and fills the rest', () => {
    const config = controllerConfigSchema.parse({ ...minimal, retention: { closedRequestsYears: 3 } });
    expect(config.retention).toMatchObject({ closedRequestsYears: 3, exportDays: 7 });
  });

  it('rejects unknown keys, bad zones, bad URLs and recipients without categories', () => {
    const fails = (patch: object) => !controllerConfigSchema.safeParse({ ...minimal, ...patch }).success;
    expect(fails({ publicUrl: 'https://x.example' })).toBe(true);
    expect(fails({ timeZone: 'Europe/Atlantis' })).toBe(true);
    expect(
      fails({ supervisoryAuthority: { ...minimal.supervisoryAuthority, website: 'javascript:alert(1)' } }),
    ).toBe(true);
    expect(fails({ recipients: [{ name: 'CRM Co', email: 'dpo@crm.example', categories: [] }] })).toBe(true);
    expect(
      fails({ recipients: [{ name: 'CRM Co', email: 'dpo@crm.example', categories: ['profile'] }] }),
    ).toBe(false);
    expect(fails({ dpo: { email: 'dpo@acme.example' } })).toBe(false);
    expect(fails({ retention: { closedRequestsYears: 0 } })).toBe(true);
  });
});

it('ships the Isolectra profile from its privacy policy', () => {
  expect(ISOLECTRA_CONTROLLER).toMatchObject({
    name: 'Isolectra',
    contactEmail: 'contact@isolectra.fr',
    timeZone: 'Europe/Paris',
    recipients: [],
    retention: { billingRecordsYears: 10, closedRequestsYears: 5, unverifiedDays: 30, exportDays: 7 },
    supervisoryAuthority: {
      shortName: 'CNIL',
      phone: '01 53 73 22 22',
      website: 'https://www.cnil.fr',
      address: '3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07',
    },
  });
  expect(ISOLECTRA_CONTROLLER.locales).toEqual(['fr', 'en']);
  const policy = ISOLECTRA_CONTROLLER.privacyPolicy;
  expect(policy && 'markdown' in policy && policy.markdown.fr).toContain('Les pièces de facturation');
  expect(policy && 'markdown' in policy && policy.markdown.en).toContain('Billing records');
  expect(controllerConfigSchema.parse(ISOLECTRA_CONTROLLER)).toEqual(ISOLECTRA_CONTROLLER);
});
