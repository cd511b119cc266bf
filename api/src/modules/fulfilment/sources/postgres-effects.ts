import type { EffectConfig, PostgresSourceConfig } from '../datamap.schema.ts';
import type { EffectRequest } from './source.ts';

// Which of a postgres source's mapped effects a request asks for, and the values they write
// (`${purpose}`, `${reference}`, `${now}` filled in; a lift sets the opposite).

export interface Change {
  /** `restriction`, `restriction.lifted`, `objection.<purpose>`, `consent_withdrawal.<purpose>`. */
  name: string;
  effect: EffectConfig;
  purpose: string | undefined;
  lift: boolean;
}

/** The map's effect for each request, in order; a purpose the source does not map is skipped. */
export function effectsFor(config: PostgresSourceConfig, requests: readonly EffectRequest[]): Change[] {
  const out: Change[] = [];
  for (const r of requests) {
    const effect =
      r.kind === 'restriction'
        ? config.effects.restriction
        : r.purpose === undefined
          ? undefined
          : (config.effects[r.kind] as Partial<Record<string, EffectConfig>> | undefined)?.[r.purpose];
    if (!effect) continue;
    const lift = r.kind === 'restriction' && r.lift === true;
    const name =
      r.kind === 'restriction' ? (lift ? 'restriction.lifted' : 'restriction') : `${r.kind}.${r.purpose}`;
    out.push({ name, effect, purpose: r.purpose, lift });
  }
  return out;
}

/** The opposite of `set`: booleans negated, every other value NULL. */
export function lifted(set: EffectConfig['set']): EffectConfig['set'] {
  return Object.fromEntries(Object.entries(set).map(([c, v]) => [c, typeof v === 'boolean' ? !v : null]));
}

const NOW = '$' + '{now}';
const REFERENCE = '$' + '{reference}';
const PURPOSE = '$' + '{purpose}';

/** Whether a mapped value is the instant the effect is applied (set once, NULL when lifted). */
export const isNow = (value: unknown): boolean => value === NOW;

/** Fills the effect placeholders of a value (strings only; other values as they are). */
export function placeholders(reference: string, now: Date) {
  return (value: unknown, purpose: string | undefined): unknown => {
    if (typeof value !== 'string') return value;
    if (value === NOW) return now.toISOString();
    return value
      .replaceAll(REFERENCE, reference)
      .replaceAll(PURPOSE, purpose ?? '')
      .replaceAll(NOW, now.toISOString());
  };
}
