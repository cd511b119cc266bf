import { z } from 'zod';

// Every free-text field is trimmed first, then bounded: a string of spaces is an empty string.
// Optional text fields reject "" rather than storing it: clients omit a field they leave blank.
export const text = (max = 2000, min = 1) => z.string().trim().min(min).max(max);

// RFC 5321 caps a path at 254 characters. Normalised to lower case so one person is one address.
export const emailSchema = z.string().trim().toLowerCase().max(254).check(z.email());

export const LOCALES = ['fr', 'en'] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;
