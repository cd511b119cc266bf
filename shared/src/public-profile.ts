import { z } from 'zod/mini';
import { LOCALES } from './vocabulary.ts';

// The controller as the public sees it: served by GET /config and, so that no page waits for it,
// put by the server into the page shell (index.html) as JSON. The web parses it with this schema
// before its first render, so it is written with zod's tree-shakable `zod/mini` (the same schemas,
// functions instead of methods): the web's initial bundle then carries no full zod.

export const publicControllerSchema = z.object({
  name: z.string(),
  legalName: z.optional(z.string()),
  contactEmail: z.string(),
  postalAddress: z.string(),
  dpo: z.optional(z.object({ name: z.optional(z.string()), email: z.optional(z.string()) })),
  supervisoryAuthority: z.object({
    name: z.string(),
    shortName: z.string(),
    website: z.string(),
    phone: z.string(),
    address: z.string(),
  }),
  timeZone: z.string(),
  retention: z.object({
    closedRequestsYears: z.int(),
    unverifiedDays: z.int(),
    billingRecordsYears: z.int(),
    exportDays: z.int(),
  }),
});
export type PublicController = z.infer<typeof publicControllerSchema>;

/** The privacy policy: HTML rendered from the controller's Markdown (no raw HTML kept), or a link. */
export const publicPrivacyPolicySchema = z.union([
  z.object({ url: z.string() }),
  z.object({ html: z.object({ fr: z.optional(z.string()), en: z.optional(z.string()) }) }),
]);
export type PublicPrivacyPolicy = z.infer<typeof publicPrivacyPolicySchema>;

export const publicProfileSchema = z.object({
  controller: publicControllerSchema,
  /** The first is the default. */
  locales: z.array(z.enum(LOCALES)).check(z.minLength(1)),
  privacyPolicy: z.nullable(publicPrivacyPolicySchema),
});
export type PublicProfile = z.infer<typeof publicProfileSchema>;

/** The id of the `<script type="application/json">` element of the page shell that carries the profile. */
export const PROFILE_ELEMENT_ID = 'dsr-profile';
