import { z } from 'zod';
import { emailSchema, localeSchema, text } from './text.ts';

// Staff accounts: roles, the password rule, and what the API shows of a staff user.
// Used by the API (route schemas, the staff:create CLI) and by the web (login and user admin forms).

export const STAFF_ROLES = ['admin', 'agent', 'auditor'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Length in Unicode code points (what a person counts), not UTF-16 units. */
export const codePointLength = (value: string): number => [...value].length;

/**
 * The password rule (NIST SP 800-63B): 12 to 128 characters after NFC normalisation, no composition
 * rules, never trimmed. The UTF-16 bound only stops huge strings before the code-point count.
 */
export const passwordSchema = z
  .string()
  .max(PASSWORD_MAX * 2)
  .overwrite((value) => value.normalize('NFC'))
  .refine((value) => codePointLength(value) >= PASSWORD_MIN, {
    message: `Use at least ${PASSWORD_MIN} characters`,
    abort: true,
  })
  .refine((value) => codePointLength(value) <= PASSWORD_MAX, {
    message: `Use at most ${PASSWORD_MAX} characters`,
  })
  .describe(`${PASSWORD_MIN} to ${PASSWORD_MAX} characters (Unicode code points, after NFC); no other rule`);

export const staffNameSchema = text(120);

/** Login accepts any non-empty password: the rule applies when one is set, not when one is tried. */
export const staffLoginBodySchema = z.strictObject({
  email: emailSchema,
  password: z
    .string()
    .min(1)
    .max(PASSWORD_MAX * 4)
    .overwrite((value) => value.normalize('NFC')),
});
export type StaffLoginBody = z.infer<typeof staffLoginBodySchema>;

/** The signed-in user, as `request.staff` and the web see them. */
export const staffUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: staffRoleSchema,
  /** The account's language: its mails, and the staff pages right after signing in. */
  locale: localeSchema,
});
export type StaffUser = z.infer<typeof staffUserSchema>;

/** Answer of POST /staff/session and GET /staff/me. */
export const staffSessionSchema = z.object({ user: staffUserSchema, csrfToken: z.string() });
export type StaffSession = z.infer<typeof staffSessionSchema>;

/** A staff user in the admin list. */
export const staffUserAdminSchema = staffUserSchema.extend({
  disabled: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type StaffUserAdmin = z.infer<typeof staffUserAdminSchema>;

export const staffUserListSchema = z.object({ items: z.array(staffUserAdminSchema) });

export const createStaffUserBodySchema = z.strictObject({
  email: emailSchema,
  name: staffNameSchema,
  role: staffRoleSchema,
  password: passwordSchema,
  /** The language of the account's mails; default: the controller's first locale. */
  locale: localeSchema.optional(),
});
export type CreateStaffUserBody = z.infer<typeof createStaffUserBodySchema>;

export const updateStaffUserBodySchema = z
  .strictObject({
    name: staffNameSchema.optional(),
    role: staffRoleSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
    locale: localeSchema.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Change at least one field',
  });
export type UpdateStaffUserBody = z.infer<typeof updateStaffUserBodySchema>;

/** PATCH /staff/me: what every staff member may change on their own account. */
export const updateOwnAccountBodySchema = z.strictObject({ locale: localeSchema });
export type UpdateOwnAccountBody = z.infer<typeof updateOwnAccountBodySchema>;
