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

export interface SourceContext {
  now: Date;
  /** Aborted when the run is stopped (shutdown, timeout). */
  signal: AbortSignal;
}

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
  /** Releases connections. */
  close(): Promise<void>;
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
