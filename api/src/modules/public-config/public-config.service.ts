import type { ControllerConfig } from '@dsr/shared/controller';
import {
  type PublicProfile,
  publicControllerSchema,
  publicPrivacyPolicySchema,
  publicProfileSchema,
} from '@dsr/shared/public-profile';
import { ARTICLE_BY_TYPE, DETAILS_SCHEMAS, REQUEST_TYPES } from '@dsr/shared/request-types';
import { z } from 'zod';
import { renderPolicy } from './policy-markdown.ts';

// What the public form needs to know, served by GET /config: who the controller is, which rights
// can be exercised with which details (as JSON Schema, from the same zod schemas the API parses
// with), and the form's limits. Built once: none of it changes while the process runs.

export const FORM_LIMITS = {
  emailMaxLength: 254,
  fullNameMaxLength: 200,
  messageMaxLength: 5000,
  textMaxLength: 2000,
  correctionsMax: 50,
} as const;

const jsonSchema = z.record(z.string(), z.unknown());

export const publicConfigSchema = z.object({
  controller: publicControllerSchema,
  privacyPolicy: z.nullable(publicPrivacyPolicySchema),
  requestTypes: z.array(
    z.object({ type: z.enum(REQUEST_TYPES), article: z.string(), detailsSchema: jsonSchema }),
  ),
  locales: publicProfileSchema.shape.locales,
  limits: z.object({
    emailMaxLength: z.int(),
    fullNameMaxLength: z.int(),
    messageMaxLength: z.int(),
    textMaxLength: z.int(),
    correctionsMax: z.int(),
    bodyMaxBytes: z.int(),
  }),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

// `io: 'input'`: the schema of what a client sends (optional fields with defaults stay optional).
const REQUEST_TYPE_ENTRIES = REQUEST_TYPES.map((type) => ({
  type,
  article: ARTICLE_BY_TYPE[type],
  detailsSchema: z.toJSONSchema(DETAILS_SCHEMAS[type], { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >,
}));

/** What every page needs before its first paint: put into the page shell as well (plugins/web-shell.ts). */
export function buildPublicProfile(controller: ControllerConfig): PublicProfile {
  const { name, legalName, contactEmail, postalAddress, dpo, supervisoryAuthority, timeZone, retention } =
    controller;
  return {
    controller: {
      name,
      ...(legalName ? { legalName } : {}),
      contactEmail,
      postalAddress,
      ...(dpo ? { dpo } : {}),
      supervisoryAuthority,
      timeZone,
      retention,
    },
    locales: [...controller.locales],
    privacyPolicy: renderPolicy(controller.privacyPolicy),
  };
}

export function buildPublicConfig(controller: ControllerConfig, bodyMaxBytes: number): PublicConfig {
  const { controller: identity, locales, privacyPolicy } = buildPublicProfile(controller);
  return {
    controller: identity,
    privacyPolicy,
    requestTypes: REQUEST_TYPE_ENTRIES,
    locales,
    limits: { ...FORM_LIMITS, bodyMaxBytes },
  };
}
