import { z } from 'zod';
import { emailSchema, localeSchema, text } from './text.ts';

import { REQUEST_TYPES } from './vocabulary.ts';

export { REQUEST_TYPES };
export const requestTypeSchema = z.enum(REQUEST_TYPES);
export type RequestType = z.infer<typeof requestTypeSchema>;

/** GDPR article each right rests on, for labels and e-mails. */
export const ARTICLE_BY_TYPE = {
  access: 'Art. 15',
  rectification: 'Art. 16',
  erasure: 'Art. 17',
  restriction: 'Art. 18',
  objection: 'Art. 21',
  portability: 'Art. 20',
  consent_withdrawal: 'Art. 7(3)',
  information: 'Art. 13–15',
  automated_decision: 'Art. 22',
} as const satisfies Record<RequestType, string>;

export const RESTRICTION_GROUNDS = [
  'accuracy_contested',
  'unlawful_processing',
  'legal_claims',
  'objection_pending',
] as const;
export const OBJECTION_PURPOSES = [
  'direct_marketing',
  'personalized_offers',
  'customer_analysis',
  'satisfaction_surveys',
  'other',
] as const;
export const CONSENT_PURPOSES = [
  'newsletter',
  'campaign_offers',
  'partner_offers',
  'analytics_cookies',
  'advertising_cookies',
  'other',
] as const;

const uniqueList = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .array(z.enum(values))
    .min(1)
    .max(values.length)
    .refine((list) => new Set(list).size === list.length, { message: 'Each purpose may appear only once' });

const scope = text(2000).optional();
/** The subject's words for an `other` purpose (the form opens a box for it when `other` is ticked). */
const otherPurpose = text(500).optional();

export const accessDetailsSchema = z.strictObject({ scope });
export const rectificationDetailsSchema = z.strictObject({
  corrections: z
    .array(
      z.strictObject({
        field: text(200),
        currentValue: text(2000).optional(),
        correctedValue: text(2000),
      }),
    )
    .min(1)
    .max(50),
});
export const erasureDetailsSchema = z.strictObject({ scope, reason: text(2000).optional() });
export const restrictionDetailsSchema = z.strictObject({ ground: z.enum(RESTRICTION_GROUNDS), scope });
// Objection to direct marketing is absolute (Art. 21(3)); any other purpose needs the subject's grounds (21(1)).
export const objectionDetailsSchema = z
  .strictObject({ purposes: uniqueList(OBJECTION_PURPOSES), otherPurpose, grounds: text(2000).optional() })
  .refine(
    // `every` also passes an empty or duplicated list: those have their own error on `purposes`.
    (d) => d.grounds !== undefined || d.purposes.every((p) => p === 'direct_marketing'),
    { path: ['grounds'], message: 'Grounds are required unless the objection is to direct marketing only' },
  );
export const portabilityDetailsSchema = z.strictObject({
  format: z.enum(['json', 'csv']),
  transferTo: z.strictObject({ name: text(200), email: emailSchema }).optional(),
});
export const consentWithdrawalDetailsSchema = z.strictObject({
  purposes: uniqueList(CONSENT_PURPOSES),
  otherPurpose,
});
export const informationDetailsSchema = z.strictObject({ question: text(2000).optional() });
export const automatedDecisionDetailsSchema = z.strictObject({
  decision: text(2000),
  humanReviewRequested: z.boolean().optional(),
});

/** `details` schema per type: for parsing stored details and for the JSON Schema served by GET /config. */
export const DETAILS_SCHEMAS = {
  access: accessDetailsSchema,
  rectification: rectificationDetailsSchema,
  erasure: erasureDetailsSchema,
  restriction: restrictionDetailsSchema,
  objection: objectionDetailsSchema,
  portability: portabilityDetailsSchema,
  consent_withdrawal: consentWithdrawalDetailsSchema,
  information: informationDetailsSchema,
  automated_decision: automatedDecisionDetailsSchema,
} as const satisfies Record<RequestType, z.ZodType>;

export type DetailsByType = { [T in RequestType]: z.output<(typeof DETAILS_SCHEMAS)[T]> };
export type RequestDetails = DetailsByType[RequestType];

const common = {
  email: emailSchema,
  fullName: text(200),
  /** Omitted: the controller's first locale (the API checks it is one the controller offers). */
  locale: localeSchema.optional(),
  message: text(5000).optional(),
};

const option = <T extends RequestType, S extends z.ZodType>(type: T, details: S) =>
  z.strictObject({ type: z.literal(type), details, ...common });
// Types whose details are all optional may omit `details`; it is then `{}` (valid for those schemas only).
const optionalDetails = <S extends z.ZodType<unknown, object>>(details: S) =>
  details.prefault({} as z.input<S>);

export const createRequestSchema = z.discriminatedUnion('type', [
  option('access', optionalDetails(accessDetailsSchema)),
  option('rectification', rectificationDetailsSchema),
  option('erasure', optionalDetails(erasureDetailsSchema)),
  option('restriction', restrictionDetailsSchema),
  option('objection', objectionDetailsSchema),
  option('portability', portabilityDetailsSchema),
  option('consent_withdrawal', consentWithdrawalDetailsSchema),
  option('information', optionalDetails(informationDetailsSchema)),
  option('automated_decision', automatedDecisionDetailsSchema),
]);
/** What a client sends (locale and some `details` may be omitted). */
export type CreateRequestInput = z.input<typeof createRequestSchema>;
/** What the server gets after parsing: trimmed, e-mail lower-cased, defaults applied. */
export type CreateRequest = z.output<typeof createRequestSchema>;
