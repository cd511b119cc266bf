import { z } from 'zod';

// Public request reference: DSR-<year>-<sequence>, sequence zero-padded to 6 digits and growing
// past 999999 rather than wrapping.
export const REFERENCE_PATTERN = /^DSR-(\d{4})-(\d{6,})$/;
export const referenceSchema = z
  .string()
  .regex(REFERENCE_PATTERN, 'Expected a reference like DSR-2026-000123');

export function formatReference(year: number, n: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Invalid year ${year}`);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Invalid sequence ${n}`);
  return `DSR-${year}-${String(n).padStart(6, '0')}`;
}

/** Parses what a person typed (surrounding spaces and lower case tolerated); null if it is not a reference. */
export function parseReference(input: string): { reference: string; year: number; sequence: number } | null {
  const reference = input.trim().toUpperCase();
  const match = REFERENCE_PATTERN.exec(reference);
  if (!match) return null;
  const sequence = Number(match[2]);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
  return { reference: formatReference(Number(match[1]), sequence), year: Number(match[1]), sequence };
}
