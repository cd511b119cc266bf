import type { RequestType } from '@dsr/shared/vocabulary';
import type { SourceConfig } from '../datamap.schema.ts';

// One small interface over every kind of source (postgres incl. the built-in customer area, webhook,
// manual). The fulfilment runner drives it per (request, source) and records what each call answers
// on the request (fulfilment_sources.result) and in the audit trail. Part 2 adds erase / rectify /
// applyEffect on the same interface, each answering what it did and what it kept and why.

/** Who the request is about: the verified e-mail plus identifiers staff linked to the request. */
export interface SubjectIdentity {
  email: string;
  identifiers: Array<{ kind: 'email' | 'customer_number' | 'phone' | 'other'; value: string }>;
}

/** The request as a source sees it: ids, type and details only (details may hold personal data). */
export interface SourceRequest {
  id: string;
  reference: string;
  type: RequestType;
  details: Record<string, unknown>;
  locale: 'fr' | 'en';
}

export interface MatchAnswer {
  /**
   * Subject records found (0, 1, several): several are shown to staff, never merged silently.
   * null: the source finds the subject itself when asked (a connected system, a person's task).
   */
  count: number | null;
  /** Per match, a short description for staff (key and the identifier that matched); no other data. */
  matches: Array<{ key: string; matchedOn: string }>;
}

/** Receives rows one by one so a source streams with bounded memory (awaited: backpressure). */
export interface RowSink {
  row(table: string, row: Record<string, unknown>): Promise<void>;
}

export type CollectAnswer =
  /** Every row went to the sink; counts per table. */
  | { state: 'done'; tables: Record<string, { rows: number; category: string }> }
  /** The system answers later (webhook 202): the runner waits for the signed callback. */
  | { state: 'waiting' }
  /** A person has to act (manual source): a task was opened. */
  | { state: 'task'; taskId: string };

/** What an erasure did (or, in a dry run, would do) in one table: counts, and why rows were kept. */
export interface ErasureTableResult {
  table: string;
  category: string;
  /** The map's description of the table, per locale. */
  description: { fr: string; en: string } | null;
  /** The map's rule for the table. */
  erase: 'delete' | 'anonymise' | 'keep';
  /** The subject's rows before the erasure. */
  rows: number;
  erased: number;
  anonymised: number;
  kept: number;
  /** The latest date a kept row is held until (YYYY-MM-DD), when a retention holds rows. */
  keptUntil: string | null;
  /** The legal basis of that retention. */
  basis: string | null;
}

export type EraseAnswer =
  | {
      state: 'done';
      tables: Record<string, { rows: number; category: string }>;
      erasure: ErasureTableResult[];
    }
  | { state: 'waiting' }
  | { state: 'task'; taskId: string };

export interface SourceContext {
  now: Date;
  /** Aborted when the run is stopped (shutdown, timeout). */
  signal: AbortSignal;
}

/** One state change a right makes (data map `effects`); `lift` sets the opposite (restriction lifted). */
export interface EffectRequest {
  kind: 'restriction' | 'objection' | 'consent_withdrawal';
  /** For objection and consent_withdrawal: the purpose (the key under the kind in the map). */
  purpose?: string;
  lift?: boolean;
}

/** One accepted correction: `field` names a column marked `rectify: true` (index: its place in the request). */
export interface CorrectionRequest {
  index: number;
  field: string;
  value: string;
}

/** What an effect or a correction changed in one table: rows updated or inserted (no values). */
export interface ChangeAnswer {
  /** `restriction`, `restriction.lifted`, `objection.<purpose>`, `consent_withdrawal.<purpose>`, `rectify.<index>`. */
  change: string;
  table: string;
  rows: number;
}

export type ActAnswer =
  | { state: 'done'; changes: ChangeAnswer[] }
  | { state: 'waiting' }
  | { state: 'task'; taskId: string };

export interface Source {
  readonly config: SourceConfig;
  /** Whether the source has work for this request type (postgres: every type it can act on). */
  handles(type: RequestType): boolean;
  /** Counts the subject's records; reads nothing else. */
  match(subject: SubjectIdentity, ctx: SourceContext): Promise<MatchAnswer>;
  /** Access and portability: streams every row of the subject (excluded fields never read). */
  collect(
    request: SourceRequest,
    subject: SubjectIdentity,
    sink: RowSink,
    ctx: SourceContext,
  ): Promise<CollectAnswer>;
  /**
   * Erasure (sources that act on rows themselves; webhook and manual sources take the request through
   * `collect`, which delivers or opens a task for any type). One transaction: all or nothing.
   */
  erase?(request: SourceRequest, subject: SubjectIdentity, ctx: SourceContext): Promise<EraseAnswer>;
  /** The dry run of `erase`: what it would erase, anonymise and keep, changing nothing. */
  planErasure?(subject: SubjectIdentity, ctx: SourceContext): Promise<ErasureTableResult[]>;
  /** Releases connections. */
  close(): Promise<void>;
  /**
   * Restriction, objection, consent withdrawal: applies the map's effects to the subject's rows
   * only, idempotently (a second run changes nothing more). Sources without it are run with
   * `collect` (webhook: told by a delivery; manual: a task).
   */
  applyEffects?(
    request: SourceRequest,
    subject: SubjectIdentity,
    effects: readonly EffectRequest[],
    ctx: SourceContext,
  ): Promise<ActAnswer>;
  /** Rectification: writes each accepted correction to its mapped column, for the subject's rows only. */
  rectify?(
    request: SourceRequest,
    subject: SubjectIdentity,
    corrections: readonly CorrectionRequest[],
    ctx: SourceContext,
  ): Promise<ActAnswer>;
  /** The subject's current values of `rectify: true` columns (shown to staff beside each correction). */
  currentValues?(
    subject: SubjectIdentity,
    fields: readonly string[],
    ctx: SourceContext,
  ): Promise<Record<string, string[]>>;
}

/** A source's failure, with a stable code staff see in words (no personal data in the message). */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    readonly code:
      | 'source_unreachable'
      | 'source_schema_mismatch'
      | 'source_rejected'
      | 'source_unavailable'
      | 'source_timeout'
      | 'source_bad_answer',
    message: string,
    /** Worth retrying (network, 5xx, timeout) rather than a configuration problem. */
    readonly retryable = true,
  ) {
    super(message);
  }
}
