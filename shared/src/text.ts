import { z } from 'zod';
import { LOCALES } from './vocabulary.ts';

// Every free-text field is trimmed first, then bounded: a string of spaces is an empty string.
// Optional text fields reject "" rather than storing it: clients omit a field they leave blank.
// PostgreSQL cannot store the NUL character in text: refuse it here, as a field error.
export const noNul = (value: string) => !value.includes('\u0000');
export const NUL_MESSAGE = 'Must not contain the NUL character';
export const text = (max = 2000, min = 1) => z.string().trim().min(min).max(max).refine(noNul, NUL_MESSAGE);

// RFC 5321 caps a path at 254 characters. Normalised to lower case so one person is one address.
export const emailSchema = z.string().trim().toLowerCase().max(254).check(z.email());

export { LOCALES } from './vocabulary.ts';

export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;
/** A stored locale column (text) read back: anything but 'en' is French, the portal's first language. */
export const asLocale = (value: string): Locale => (value === 'en' ? 'en' : 'fr');
