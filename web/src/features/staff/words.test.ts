import { FULFILMENT_STATES, IDENTIFIER_KINDS, SOURCE_ERROR_CODES } from '@dsr/shared/fulfilment';
import { REQUEST_AUDIT_TYPES } from '@dsr/shared/vocabulary';
import { describe, expect, it } from 'vitest';
import { format } from '../../lib/i18n.tsx';
import { staffEn } from '../../lib/messages/staff.en.ts';
import { staffFr } from '../../lib/messages/staff.fr.ts';
import { identifierKindLabel, matchWords, sourceErrorLabel, sourceStateLabel } from './fulfilment-words.ts';
import type { StaffTranslate } from './i18n.ts';
import { eventLabel } from './words.ts';

// The staff trail and the fulfilment panel say every event, state and failure in words, in both
// languages: never the raw code a newer vocabulary would otherwise show.
const translators: Record<'fr' | 'en', StaffTranslate> = {
  fr: (key, vars) => format((staffFr as Record<string, string>)[key] ?? key, vars),
  en: (key, vars) => format((staffEn as Record<string, string>)[key] ?? key, vars),
};
const entry = (type: string) => ({
  id: '1',
  at: '2026-01-01T00:00:00.000Z',
  type,
  actor: { type: 'system' as const, id: null, name: null },
  fromStatus: null,
  toStatus: null,
  data: {},
});

describe.each(['fr', 'en'] as const)('staff wording (%s)', (locale) => {
  const t = translators[locale];

  it('has a distinct wording for every audit event type', () => {
    const labels = REQUEST_AUDIT_TYPES.map((type) => eventLabel(t, entry(type)));
    for (const [index, label] of labels.entries()) {
      expect(label, REQUEST_AUDIT_TYPES[index]).not.toMatch(/^staff\.|^[a-z_]+\.[a-z_]+$/);
    }
    // Two events with the same words would read as one in the trail (status changes aside).
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('says fulfilment states, identifier kinds and source failures in words', () => {
    for (const state of FULFILMENT_STATES) expect(sourceStateLabel(t, state)).not.toContain('staff.');
    for (const kind of IDENTIFIER_KINDS) expect(identifierKindLabel(t, kind)).not.toContain('staff.');
    for (const code of SOURCE_ERROR_CODES) {
      const words = sourceErrorLabel(t, code);
      expect(words).not.toContain('staff.');
      expect(words).not.toContain(code);
    }
    expect(sourceErrorLabel(t, 'something_new')).toContain('something_new');
  });
});

describe('matchWords', () => {
  it('warns only when several records match, and never says none found for a webhook or a task', () => {
    expect(matchWords('postgres', null)).toEqual({ key: 'staff.fulfilment.match.unknown', warning: false });
    expect(matchWords('postgres', 0)).toEqual({ key: 'staff.fulfilment.match.none', warning: false });
    expect(matchWords('postgres', 1)).toEqual({ key: 'staff.fulfilment.match.one', warning: false });
    expect(matchWords('postgres', 2)).toEqual({ key: 'staff.fulfilment.match.many', warning: true });
    // A connected system or a task finds the person when asked: never "no record found".
    expect(matchWords('webhook', null).key).toBe('staff.fulfilment.match.webhook');
    expect(matchWords('manual', null).key).toBe('staff.fulfilment.match.manual');
    expect(translators.en(matchWords('postgres', 3).key, { count: 3 })).toBe(
      'Several records match (3): check before running. They are never merged.',
    );
  });
});
