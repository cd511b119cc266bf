import { expect, it } from 'vitest';
import { formatReference, parseReference, referenceSchema } from './reference.ts';

it('formats references with a six-digit minimum sequence', () => {
  expect(formatReference(2026, 123)).toBe('DSR-2026-000123');
  expect(formatReference(2026, 1_234_567)).toBe('DSR-2026-1234567');
  expect(() => formatReference(2026, 0)).toThrow(RangeError);
  expect(() => formatReference(26, 1)).toThrow(RangeError);
  expect(() => formatReference(2026, 1.5)).toThrow(RangeError);
});

it('validates the exact shape', () => {
  for (const ok of ['DSR-2026-000123', 'DSR-2027-1000000'])
    expect(referenceSchema.safeParse(ok).success).toBe(true);
  for (const bad of [
    'dsr-2026-000123',
    'DSR-2026-00123',
    'DSR-26-000123',
    ' DSR-2026-000123',
    'DSR-2026-000123x',
  ]) {
    expect(referenceSchema.safeParse(bad).success).toBe(false);
  }
});

it('parses typed references leniently and round-trips', () => {
  expect(parseReference(' dsr-2026-000123 ')).toEqual({
    reference: 'DSR-2026-000123',
    year: 2026,
    sequence: 123,
  });
  expect(parseReference('DSR-2026-0001234')).toEqual({
    reference: 'DSR-2026-001234',
    year: 2026,
    sequence: 1234,
  });
  expect(parseReference('DSR-2026-000000')).toBeNull();
  expect(parseReference('REQ-2026-000123')).toBeNull();
  expect(parseReference(formatReference(2028, 42))?.sequence).toBe(42);
});
