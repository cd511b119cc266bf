import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from './deadline.ts';
import { emailSchema, LOCALES, type Locale, localeSchema, text } from './text.ts';

const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).max(2000);

export const supervisoryAuthoritySchema = z.strictObject({
  name: text(300),
  shortName: text(50),
  website: httpUrl,
  phone: text(50),
  address: text(500),
});

// Durations used by retention jobs and export links, with the product's defaults.
export const retentionSchema = z.strictObject({
  closedRequestsYears: z.int().min(1).max(50).default(5),
  unverifiedDays: z.int().min(1).max(365).default(30),
  billingRecordsYears: z.int().min(0).max(50).default(10),
  exportDays: z.int().min(1).max(90).default(7),
});

/** Recipients of the data, notified after rectification, erasure or restriction (Art. 19). */
export const recipientSchema = z
  .strictObject({
    name: text(200),
    email: emailSchema,
    categories: z.array(text(200)).min(1).max(50),
    /** Notified by a signed webhook (like the data map's webhook sources) instead of an e-mail. */
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    /** Signs the webhook (X-DSR-Signature); required with `url`. */
    secret: z.string().min(16, 'Use a secret of at least 16 characters').max(500).optional(),
  })
  .refine((r) => !r.url || r.secret, { path: ['secret'], message: 'Required with url' });

/** Text per locale ({fr, en}, at least one), or one text for every locale. */
export const localisedTextSchema = z.union([
  text(2000),
  z
    .strictObject({ fr: text(2000).optional(), en: text(2000).optional() })
    .refine((v) => v.fr !== undefined || v.en !== undefined, 'Give at least one of fr, en'),
]);
export type LocalisedText = z.infer<typeof localisedTextSchema>;

/** Art. 15(1)(a): why the data is processed, each with its legal basis (shown in access reports). */
export const purposeSchema = z.strictObject({
  purpose: localisedTextSchema,
  basis: localisedTextSchema.optional(),
});

/** The locales the portal offers, the first being the default: each at most once. */
export const controllerLocalesSchema = z
  .array(localeSchema)
  .min(1)
  .max(LOCALES.length)
  .refine((list) => new Set(list).size === list.length, 'Each locale at most once')
  .default([...LOCALES]);

/**
 * The privacy policy the home page shows: Markdown per locale (raw HTML is not rendered), or the
 * address of the controller's own policy page.
 */
export const privacyPolicySchema = z.union([
  z.strictObject({ url: httpUrl }),
  z.strictObject({
    markdown: z.strictObject({ fr: text(100_000).optional(), en: text(100_000).optional() }),
  }),
]);
export type PrivacyPolicy = z.infer<typeof privacyPolicySchema>;

// The public URL is not part of it: it comes from PUBLIC_URL, so one file serves every environment.
const controllerObjectSchema = z.strictObject({
  name: text(200),
  legalName: text(300).optional(),
  contactEmail: emailSchema,
  postalAddress: text(500),
  dpo: z.strictObject({ name: text(200).optional(), email: emailSchema.optional() }).optional(),
  supervisoryAuthority: supervisoryAuthoritySchema,
  timeZone: z.string().refine(isValidTimeZone, 'Unknown IANA time zone').default(DEFAULT_TIME_ZONE),
  retention: retentionSchema.prefault({}),
  recipients: z.array(recipientSchema).max(100).default([]),
  purposes: z.array(purposeSchema).max(50).default([]),
  /** Art. 15(1)(g): where the data comes from when not from the subject. */
  dataOrigin: localisedTextSchema.optional(),
  locales: controllerLocalesSchema,
  privacyPolicy: privacyPolicySchema.optional(),
});

export const controllerConfigSchema = controllerObjectSchema.superRefine((config, ctx) => {
  const markdown =
    config.privacyPolicy && 'markdown' in config.privacyPolicy ? config.privacyPolicy.markdown : null;
  if (!markdown) return;
  for (const locale of config.locales) {
    if (markdown[locale] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['privacyPolicy', 'markdown', locale],
        message: `Missing: the portal offers ${locale} (locales)`,
      });
    }
  }
});

/** The locale a request or a staff member without a valid one falls back to: the first offered. */
export function defaultLocale(controller: Pick<ControllerConfig, 'locales'>): Locale {
  return controller.locales[0] ?? 'fr';
}
export type ControllerConfigInput = z.input<typeof controllerConfigSchema>;
export type ControllerConfig = z.output<typeof controllerConfigSchema>;

export const CNIL = {
  name: 'Commission nationale de l’informatique et des libertés',
  shortName: 'CNIL',
  website: 'https://www.cnil.fr',
  phone: '01 53 73 22 22',
  address: '3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07',
} as const satisfies z.input<typeof supervisoryAuthoritySchema>;

// Isolectra's privacy policy (the part before the rights, which the portal lists itself).
const ISOLECTRA_POLICY_FR = `Isolectra respecte votre vie privée. Cette page explique qui traite vos données personnelles, ce qu’il en advient et comment exercer vos droits.

## Responsable du traitement

Isolectra est responsable du traitement de vos données personnelles. Pour toute question, écrivez à [contact@isolectra.fr](mailto:contact@isolectra.fr).

## Destinataires

Isolectra ne transmet vos données à aucun sous-traitant, partenaire commercial ou partenaire tiers. Seules les personnes habilitées d’Isolectra y ont accès.

## Durée de conservation

Vos données sont conservées le temps nécessaire à la finalité pour laquelle elles ont été collectées. Les pièces de facturation sont conservées au maximum 10\u00a0ans.`;

const ISOLECTRA_POLICY_EN = `Isolectra respects your privacy. This page explains who processes your personal data, what happens to it and how to exercise your rights.

## Controller

Isolectra is the controller of your personal data. For any question, write to [contact@isolectra.fr](mailto:contact@isolectra.fr).

## Recipients

Isolectra does not pass your data to any processor, business partner or third-party partner. Only authorised Isolectra staff can access it.

## How long we keep data

Your data is kept only as long as needed for the purpose it was collected for. Billing records are kept for at most 10 years.`;

/** Built-in profile, from Isolectra's privacy policy; CONTROLLER_CONFIG replaces it. */
export const ISOLECTRA_CONTROLLER: ControllerConfig = controllerConfigSchema.parse({
  name: 'Isolectra',
  contactEmail: 'contact@isolectra.fr',
  // Placeholder: the privacy policy gives no street address. Set the real one in CONTROLLER_CONFIG.
  postalAddress: 'Isolectra, France',
  supervisoryAuthority: CNIL,
  timeZone: 'Europe/Paris',
  retention: { closedRequestsYears: 5, unverifiedDays: 30, billingRecordsYears: 10, exportDays: 7 },
  // No processing, business or third-party partners: nobody to notify under Art. 19.
  recipients: [],
  locales: ['fr', 'en'],
  privacyPolicy: { markdown: { fr: ISOLECTRA_POLICY_FR, en: ISOLECTRA_POLICY_EN } },
});
