import {
  FULFILMENT_STATES,
  type FulfilmentSourceView,
  type FulfilmentView,
  IDENTIFIER_KINDS,
  PACKAGE_STATES,
  SOURCE_ERROR_CODES,
  SOURCE_KINDS,
} from '@dsr/shared/fulfilment';
import type { StaffKey, StaffTranslate } from './i18n.ts';

// Fulfilment in the staff's words: source kinds and states, match counts, failures (from their
// stable code, never the source's own message), row counts. Unknown values show as they are.

const includes = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

export function kindLabel(t: StaffTranslate, kind: string): string {
  return includes(SOURCE_KINDS, kind) ? t(`staff.fulfilment.kind.${kind}`) : kind;
}

export function sourceStateLabel(t: StaffTranslate, state: string): string {
  return includes(FULFILMENT_STATES, state) ? t(`staff.fulfilment.state.${state}`) : state;
}

/** Badge colour of a source or package state (the badge classes of styles.css). */
export function stateTone(state: string): 'open' | 'done' | 'closed' | 'waiting' | 'failed' {
  if (state === 'done' || state === 'ready' || state === 'released') return 'done';
  if (state === 'failed') return 'failed';
  if (state === 'waiting') return 'waiting';
  return 'open';
}

export function packageStateLabel(t: StaffTranslate, state: string): string {
  return includes(PACKAGE_STATES, state) ? t(`staff.package.state.${state}`) : state;
}

export function identifierKindLabel(t: StaffTranslate, kind: string): string {
  return includes(IDENTIFIER_KINDS, kind) ? t(`staff.identifiers.kind.${kind}`) : kind;
}

export function sourceErrorLabel(t: StaffTranslate, code: string): string {
  return includes(SOURCE_ERROR_CODES, code)
    ? t(`staff.fulfilment.error.${code}`)
    : t('staff.fulfilment.error.other', { code });
}

/** Several matches are a warning: look-alikes are never merged, staff check before running. */
export function matchWords(
  kind: FulfilmentSourceView['kind'],
  count: number | null,
): { key: StaffKey; warning: boolean } {
  // A connected system or a person finds the subject when asked: there is nothing to count before.
  if (kind === 'webhook') return { key: 'staff.fulfilment.match.webhook', warning: false };
  if (kind === 'manual') return { key: 'staff.fulfilment.match.manual', warning: false };
  if (count === null) return { key: 'staff.fulfilment.match.unknown', warning: false };
  if (count === 0) return { key: 'staff.fulfilment.match.none', warning: false };
  if (count === 1) return { key: 'staff.fulfilment.match.one', warning: false };
  return { key: 'staff.fulfilment.match.many', warning: true };
}

export function rowsLabel(t: StaffTranslate, count: number): string {
  if (count === 0) return t('staff.fulfilment.rows.none');
  return count === 1 ? t('staff.fulfilment.rows.one') : t('staff.fulfilment.rows.many', { count });
}

/** The panel's one-line status, read out politely while the run progresses. */
export function progressKey(fulfilment: FulfilmentView): { key: StaffKey; failed: number } {
  const failed = fulfilment.sources.filter((s) => s.state === 'failed').length;
  if (fulfilment.running) return { key: 'staff.fulfilment.running', failed };
  if (failed > 0) return { key: 'staff.fulfilment.stopped', failed };
  const started = fulfilment.sources.some((s) => s.state !== 'pending') || fulfilment.package !== null;
  return { key: started ? 'staff.fulfilment.finished' : 'staff.fulfilment.notRun', failed };
}
