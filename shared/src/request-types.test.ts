import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ARTICLE_BY_TYPE,
  createRequestSchema,
  DETAILS_SCHEMAS,
  objectionDetailsSchema,
  REQUEST_TYPES,
} from './request-types.ts';

const base = { email: 'Jeanne.Martin@Example.FR', fullName: 'Jeanne Martin' };
const valid = {
  access: {},
  rectification: { corrections: [{ field: 'postal address', correctedValue: '1 rue de la Paix' }] },
  erasure: { reason: 'I closed my account' },
  restriction: { ground: 'accuracy_contested' },
  objection: { purposes: ['direct_marketing'] },
  portability: { format: 'json', transferTo: { name: 'Other Co', email: 'dpo@other.example' } },
  consent_withdrawal: { purposes: ['newsletter', 'analytics_cookies'] },
  information: { question: 'Do you profile me?' },
  automated_decision: { decision: 'Credit refused automatically', humanReviewRequested: true },
} satisfies Record<(typeof REQUEST_TYPES)[number], unknown>;

const issuePaths = (input: unknown) =>
  createRequestSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('createRequestSchema', () => {
  it.each(REQUEST_TYPES)('accepts a valid %s request', (type) => {
    const parsed = createRequestSchema.parse({ type, details: valid[type], ...base });
    expect(parsed.type).toBe(type);
    // No default here: the API files it in the controller's first locale (intake.service.ts).
    expect(parsed.locale).toBeUndefined();
  });

  it('normalises e-mail, trims text and keeps the chosen locale', () => {
    const parsed = createRequestSchema.parse({
      type: 'erasure',
      details: { scope: '  orders  ' },
      email: '  Jeanne.Martin@Example.FR ',
      fullName: ' Jeanne ',
      locale: 'en',
    });
    expect(parsed).toMatchObject({ email: 'jeanne.martin@example.fr', fullName: 'Jeanne', locale: 'en' });
    expect(parsed.details).toEqual({ scope: 'orders' });
  });

  it('lets types without required details omit them', () => {
    for (const type of ['access', 'erasure', 'information'] as const) {
      expect(createRequestSchema.parse({ type, ...base }).details).toEqual({});
    }
    expect(issuePaths({ type: 'rectification', ...base })).toEqual(['details']);
  });

  it('rejects unknown fields at every level', () => {
    expect(issuePaths({ type: 'access', ...base, admin: true })).toEqual(['']);
    expect(issuePaths({ type: 'access', details: { scope: 'x', extra: 1 }, ...base })).toEqual(['details']);
    const corrections = [{ field: 'a', correctedValue: 'b', note: 'c' }];
    expect(issuePaths({ type: 'rectification', details: { corrections }, ...base })).toEqual([
      'details.corrections.0',
    ]);
  });

  it('rejects an unknown type, a bad e-mail, blank names and long messages', () => {
    expect(issuePaths({ type: 'appeal', ...base })).toEqual(['type']);
    expect(issuePaths({ type: 'access', ...base, email: 'not-an-email' })).toEqual(['email']);
    expect(issuePaths({ type: 'access', ...base, email: `${'a'.repeat(250)}@x.fr` })).toEqual(['email']);
    expect(issuePaths({ type: 'access', ...base, fullName: '   ' })).toEqual(['fullName']);
    expect(issuePaths({ type: 'access', ...base, fullName: 'a'.repeat(201) })).toEqual(['fullName']);
    expect(issuePaths({ type: 'access', ...base, message: 'a'.repeat(5001) })).toEqual(['message']);
    expect(issuePaths({ type: 'access', ...base, message: 'a'.repeat(5000) })).toEqual([]);
    expect(issuePaths({ type: 'access', ...base, locale: 'de' })).toEqual(['locale']);
  });
});

describe('details', () => {
  const fails = (type: keyof typeof DETAILS_SCHEMAS, details: unknown) =>
    !DETAILS_SCHEMAS[type].safeParse(details).success;

  it('bounds rectification corrections to 1..50', () => {
    const one = { field: 'name', currentValue: 'Jean', correctedValue: 'Jeanne' };
    expect(fails('rectification', { corrections: [] })).toBe(true);
    expect(fails('rectification', { corrections: Array(50).fill(one) })).toBe(false);
    expect(fails('rectification', { corrections: Array(51).fill(one) })).toBe(true);
    expect(fails('rectification', { corrections: [{ field: 'name', correctedValue: ' ' }] })).toBe(true);
  });

  it('requires a known restriction ground', () => {
    expect(fails('restriction', {})).toBe(true);
    expect(fails('restriction', { ground: 'because' })).toBe(true);
    expect(fails('restriction', { ground: 'legal_claims', scope: 'orders' })).toBe(false);
  });

  it('requires objection grounds unless the objection is to direct marketing only', () => {
    const parse = (d: unknown) =>
      objectionDetailsSchema.safeParse(d).error?.issues.map((i) => i.path.join('.'));
    expect(parse({ purposes: ['direct_marketing'] })).toBeUndefined();
    expect(parse({ purposes: ['direct_marketing', 'customer_analysis'] })).toEqual(['grounds']);
    expect(parse({ purposes: ['customer_analysis'], grounds: 'My situation' })).toBeUndefined();
    expect(parse({ purposes: ['other'], grounds: '  ' })).toEqual(['grounds']);
    expect(parse({ purposes: [] })).toEqual(['purposes']);
    expect(parse({ purposes: ['direct_marketing', 'direct_marketing'] })).toEqual(['purposes']);
  });

  it('checks portability format and transfer recipient', () => {
    expect(fails('portability', { format: 'xml' })).toBe(true);
    expect(fails('portability', { format: 'csv' })).toBe(false);
    expect(fails('portability', { format: 'csv', transferTo: { name: 'X' } })).toBe(true);
    expect(
      DETAILS_SCHEMAS.portability.parse({ format: 'csv', transferTo: { name: 'X', email: 'A@B.FR' } }),
    ).toEqual({ format: 'csv', transferTo: { name: 'X', email: 'a@b.fr' } });
  });

  it('requires consent purposes, unique and known', () => {
    expect(fails('consent_withdrawal', { purposes: [] })).toBe(true);
    expect(fails('consent_withdrawal', { purposes: ['newsletter', 'newsletter'] })).toBe(true);
    expect(fails('consent_withdrawal', { purposes: ['direct_marketing'] })).toBe(true);
  });

  it('requires the automated decision description', () => {
    expect(fails('automated_decision', {})).toBe(true);
    expect(fails('automated_decision', { decision: 'x', humanReviewRequested: 'yes' })).toBe(true);
  });

  it('bounds every string', () => {
    expect(fails('information', { question: 'a'.repeat(2001) })).toBe(true);
    expect(fails('access', { scope: 'a'.repeat(2001) })).toBe(true);
    expect(fails('erasure', { reason: 'a'.repeat(2001) })).toBe(true);
    expect(fails('automated_decision', { decision: 'a'.repeat(2001) })).toBe(true);
  });

  it.each(REQUEST_TYPES)('%s details convert to JSON Schema for GET /config', (type) => {
    const schema = z.toJSONSchema(DETAILS_SCHEMAS[type], { io: 'input' });
    expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
  });
});

it('names an article for every type', () => {
  expect(Object.keys(ARTICLE_BY_TYPE).sort()).toEqual([...REQUEST_TYPES].sort());
  expect(ARTICLE_BY_TYPE.access).toBe('Art. 15');
  expect(ARTICLE_BY_TYPE.automated_decision).toBe('Art. 22');
});
