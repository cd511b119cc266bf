import { purposeLabel } from '@dsr/shared/effects';
import type { RequestType } from '@dsr/shared/request-types';
import type { Locale } from '@dsr/shared/text';
import { AppError } from '../../errors.ts';
import type {
  ActAnswer,
  CollectAnswer,
  CorrectionRequest,
  EffectRequest,
  RowSink,
  Source,
  SourceContext,
  SourceRequest,
  SubjectIdentity,
} from './sources/source.ts';

// What a run does in a source that can change data itself (postgres: `applyEffects`, `rectify`),
// per type; other sources are run with `collect` (a webhook is told by a delivery, a manual
// source opens a task). The request carries what staff decided (outcomeData) and its status.

/** The types whose `fulfil` changes data through effects or corrections. */
export const EFFECT_TYPES: readonly RequestType[] = [
  'rectification',
  'restriction',
  'objection',
  'consent_withdrawal',
];

export interface ActingRequest extends SourceRequest {
  status: string;
  outcomeData: unknown;
}

/** Purposes without an effect of their own ("other"): staff handle them by hand. */
const UNMAPPED = 'other';

function purposes(details: Record<string, unknown>): string[] {
  const list = details.purposes;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
}

/** The restriction as recorded on its request (outcomeData.restriction). */
export interface RestrictionState {
  liftRequestedAt?: string;
  liftedAt?: string;
}

export function restrictionState(outcomeData: unknown): RestrictionState {
  const value = (outcomeData as { restriction?: unknown } | null)?.restriction;
  return value && typeof value === 'object' ? (value as RestrictionState) : {};
}

/**
 * The effects a run of `request` applies. At verification (status `verified`) an objection applies
 * its direct-marketing purpose only (Art. 21(3)); after staff review (`fulfil`), every purpose.
 */
export function effectRequestsFor(request: ActingRequest): EffectRequest[] {
  switch (request.type) {
    case 'restriction':
      return [{ kind: 'restriction', lift: restrictionState(request.outcomeData).liftedAt !== undefined }];
    case 'objection': {
      const automatic = request.status === 'verified';
      // After staff review: direct marketing, and each other purpose staff accepted (all of them
      // when `fulfil` came without decisions).
      const decided = objectionDecisionsOf(request.outcomeData);
      const accepted = (p: string) =>
        p === DIRECT_MARKETING || decided.length === 0 || decided.some((d) => d.purpose === p && d.accept);
      return purposes(request.details)
        .filter((p) => p !== UNMAPPED && (automatic ? p === DIRECT_MARKETING : accepted(p)))
        .map((purpose) => ({ kind: 'objection', purpose }));
    }
    case 'consent_withdrawal':
      return purposes(request.details)
        .filter((p) => p !== UNMAPPED)
        .map((purpose) => ({ kind: 'consent_withdrawal', purpose }));
    default:
      return [];
  }
}

const DIRECT_MARKETING = 'direct_marketing';

/** A staff decision on one purpose of an objection (fulfil), kept in outcomeData.objection. */
export interface ObjectionPurposeDecision {
  purpose: string;
  accept: boolean;
  /** A refusal: the compelling legitimate grounds, shown to the subject. */
  reason?: string;
}

export function objectionDecisionsOf(outcomeData: unknown): ObjectionPurposeDecision[] {
  const list = (outcomeData as { objection?: { decisions?: unknown } } | null)?.objection?.decisions;
  return Array.isArray(list) ? (list as ObjectionPurposeDecision[]) : [];
}

/** Each decided purpose of an objection, in the subject's words (view, completion mail). */
export function objectionLines(outcomeData: unknown, locale: Locale) {
  return objectionDecisionsOf(outcomeData).map((d) => ({
    purpose: d.purpose,
    label: purposeLabel(d.purpose, locale),
    decision: d.accept ? ('accepted' as const) : ('refused' as const),
    reason: d.reason ?? null,
  }));
}

/** The purposes of an objection staff decide on: all but direct marketing (applied at verification). */
export function purposesToDecide(details: unknown): string[] {
  return purposes(asRecord(details)).filter((p) => p !== DIRECT_MARKETING);
}

/**
 * The `decisions` of an objection's `fulfil`: optional (without them every purpose is accepted);
 * given, exactly one per purpose other than direct marketing, which cannot be refused (Art. 21(3)).
 * Throws 422 `decisions_invalid` naming what is wrong.
 */
export function checkObjectionDecisions(
  request: { details: unknown },
  decisions: ReadonlyArray<ObjectionPurposeDecision>,
  current: Record<string, unknown>,
): ObjectionPurposeDecision[] {
  const expected = purposesToDecide(request.details);
  const invalid = (message: string) =>
    new AppError('decisions_invalid', 422, message, {
      current,
      errors: [{ path: 'decisions', code: 'decisions_invalid', message }],
    });
  if (decisions.some((d) => d.purpose === DIRECT_MARKETING)) {
    throw invalid('Direct marketing is applied at verification and cannot be refused (Art. 21(3)).');
  }
  const given = new Set(decisions.map((d) => d.purpose));
  if (
    given.size !== decisions.length ||
    expected.some((p) => !given.has(p)) ||
    given.size !== expected.length
  ) {
    throw invalid(`Decide each purpose of the objection: ${expected.join(', ')}.`);
  }
  return expected.map((purpose) => {
    const d = decisions.find((x) => x.purpose === purpose)!;
    return { purpose, accept: d.accept, ...(d.reason ? { reason: d.reason } : {}) };
  });
}

/** A staff decision on one correction (fulfil of a rectification), kept on the request. */
export interface CorrectionDecision {
  index: number;
  accept: boolean;
  reason?: string;
  /** The corrected field's label when decided (the subject's view and mail say it in words). */
  label?: { fr: string; en: string };
}

export function decisionsOf(outcomeData: unknown): CorrectionDecision[] {
  const list = (outcomeData as { rectification?: { decisions?: unknown } } | null)?.rectification?.decisions;
  return Array.isArray(list) ? (list as CorrectionDecision[]) : [];
}

export interface Correction {
  field: string;
  currentValue?: string;
  correctedValue: string;
}

export function correctionsOf(details: Record<string, unknown>): Correction[] {
  const list = details.corrections;
  return Array.isArray(list) ? (list as Correction[]) : [];
}

/** The field of the free correction staff apply by hand. */
export const OTHER_FIELD = 'other';

/** The accepted corrections a source writes (the free "other" one is staff's, by hand). */
export function acceptedCorrections(request: ActingRequest): CorrectionRequest[] {
  const corrections = correctionsOf(request.details);
  return decisionsOf(request.outcomeData)
    .filter((d) => d.accept)
    .flatMap((d) => {
      const c = corrections[d.index];
      return c && c.field !== OTHER_FIELD
        ? [{ index: d.index, field: c.field, value: c.correctedValue }]
        : [];
    });
}

/** Runs one source for `request`: its own effects or corrections when it has them, else collect. */
export async function actOrCollect(
  source: Source,
  request: ActingRequest,
  subject: SubjectIdentity,
  sink: RowSink,
  ctx: SourceContext,
): Promise<CollectAnswer | ActAnswer> {
  if (request.type === 'rectification' && source.rectify) {
    return source.rectify(request, subject, acceptedCorrections(request), ctx);
  }
  if (EFFECT_TYPES.includes(request.type) && request.type !== 'rectification' && source.applyEffects) {
    return source.applyEffects(request, subject, effectRequestsFor(request), ctx);
  }
  return source.collect(request, subject, sink, ctx);
}

/**
 * The `decisions` of a `fulfil`: required for a rectification, one per correction (by index),
 * refused for other types. Throws 422 `decisions_invalid` naming what is wrong.
 */
export function checkDecisions(
  request: { type: RequestType; details: unknown },
  decisions: readonly CorrectionDecision[] | undefined,
  current: Record<string, unknown>,
  labels: ReadonlyMap<string, { fr: string; en: string }> = new Map(),
): CorrectionDecision[] | undefined {
  const invalid = (message: string) =>
    new AppError('decisions_invalid', 422, message, {
      current,
      errors: [{ path: 'decisions', code: 'decisions_invalid', message }],
    });
  if (request.type !== 'rectification') {
    if (decisions !== undefined)
      throw invalid('Decisions are for rectification and objection requests only.');
    return undefined;
  }
  if (decisions?.some((d) => typeof (d as { index?: unknown }).index !== 'number')) {
    throw invalid('Decide each correction by its index.');
  }
  const corrections = correctionsOf(asRecord(request.details));
  const count = corrections.length;
  if (!decisions)
    throw invalid(`Decide each of the ${count} correction(s): accept, or refuse with a reason.`);
  const indexes = new Set(decisions.map((d) => d.index));
  if (decisions.some((d) => d.index >= count) || indexes.size !== count) {
    throw invalid(`Give exactly one decision for each correction, indexes 0 to ${count - 1}.`);
  }
  return [...decisions]
    .sort((a, b) => a.index - b.index)
    .map((d) => {
      const label = labels.get(corrections[d.index]?.field ?? '');
      return {
        index: d.index,
        accept: d.accept,
        ...(d.reason ? { reason: d.reason } : {}),
        ...(label ? { label } : {}),
      };
    });
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
