import { type ControllerConfig, defaultLocale } from '@dsr/shared/controller';
import type { CreateRequest } from '@dsr/shared/request-types';
import type { Locale } from '@dsr/shared/text';
import type pg from 'pg';
import { assertOfferedLocale } from '../../controller.ts';
import { Statement } from '../../db/statement.ts';
import { AppError } from '../../errors.ts';
import { appendAuditInStatement } from '../audit/audit.repository.ts';
import type { AddressLimiter } from './address-limiter.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKeyInStatement,
  hashBody,
  releaseIdempotencyKey,
} from './idempotency.repository.ts';
import { insertRequestInStatement } from './intake.repository.ts';

export const IDEMPOTENCY_SCOPE = 'POST /api/v1/requests';

export interface IntakeDeps {
  /** The pool under the Prisma client (db/client.ts sqlPool): intake is written in plain SQL. */
  pool: Pick<pg.Pool, 'query'>;
  controller: ControllerConfig;
  publicUrl: string;
  addressLimiter: AddressLimiter;
}

/** A request as it is stored: its language resolved. */
export type FiledRequest = CreateRequest & { locale: Locale };

export interface SubmitMeta {
  gpc: boolean;
  /** The client's address: the per-address limit counts per (address, client), see fileRequest. */
  ip: string;
  idempotencyKey?: string | undefined;
  now: Date;
}

export interface IntakeAnswer {
  reference: string;
  status: 'pending_verification';
}

/**
 * Files a request: always 202 with the reference, whether or not the address filed before (no
 * lookup by address is made at all). With an Idempotency-Key the first answer is replayed.
 */
export async function submitRequest(
  deps: IntakeDeps,
  body: CreateRequest,
  meta: SubmitMeta,
): Promise<{ status: number; body: IntakeAnswer }> {
  // The request's language: one the controller offers (400 locale_not_offered otherwise), by
  // default its first. Checked before the Idempotency-Key is claimed: a refused body claims nothing.
  if (body.locale !== undefined) assertOfferedLocale(deps.controller, body.locale);
  const input: FiledRequest = { ...body, locale: body.locale ?? defaultLocale(deps.controller) };
  if (meta.idempotencyKey === undefined) {
    return { status: 202, body: await fileRequest(deps, input, meta, null) };
  }
  const claim = await claimIdempotencyKey(deps.pool, {
    scope: IDEMPOTENCY_SCOPE,
    key: meta.idempotencyKey,
    requestHash: hashBody(input),
    now: meta.now,
  });
  switch (claim.kind) {
    case 'replay':
      return { status: claim.status, body: claim.body as IntakeAnswer };
    case 'in_flight':
      throw new AppError(
        'idempotency_in_flight',
        409,
        'A request with this Idempotency-Key is still being processed; retry shortly.',
        { headers: { 'retry-after': '1' } },
      );
    case 'mismatch':
      throw new AppError('idempotency_mismatch', 422, 'This Idempotency-Key was used with a different body.');
  }
  try {
    return { status: 202, body: await fileRequest(deps, input, meta, claim.id) };
  } catch (err) {
    await releaseIdempotencyKey(deps.pool, claim.id);
    throw err;
  }
}

async function fileRequest(
  deps: IntakeDeps,
  input: FiledRequest,
  meta: SubmitMeta,
  idempotencyKeyId: string | null,
): Promise<IntakeAnswer> {
  // Counted per (e-mail address, client IP): one client cannot flood an address, and an attacker who
  // knows someone's address cannot use up that person's own budget (R5: no victim lockout).
  const limit = await deps.addressLimiter.hit(input.email, meta.ip, meta.now);
  if (!limit.allowed) {
    throw new AppError('rate_limited', 429, 'Too many requests; try again later.', {
      headers: { 'retry-after': String(limit.retryAfterSeconds) },
    });
  }
  // Request, audit event, its `request.event` job (the verification mail is a reaction to it), the
  // wake-up NOTIFY and the Idempotency-Key's answer: one statement, so one round trip that commits
  // all of them or none (see db/statement.ts). Profiled under load, the same writes as a Prisma
  // interactive transaction cost six round trips and most of the request's CPU time.
  const { now } = meta;
  const statement = new Statement();
  insertRequestInStatement(statement, input, { gpc: meta.gpc, now });
  await appendAuditInStatement(statement, {
    requestIdSql: 'SELECT id FROM request',
    actor: { type: 'subject' },
    type: 'request.received',
    toStatus: 'pending_verification',
    data: { type: input.type, gpc: meta.gpc },
    // The verification mail (a reaction to this event) counts its link's lifetime from here.
    at: now,
  });
  if (idempotencyKeyId) {
    const bodySql = `jsonb_build_object('reference', (SELECT reference FROM request), 'status', 'pending_verification')`;
    completeIdempotencyKeyInStatement(statement, idempotencyKeyId, { status: 202, bodySql }, now);
  }
  const row = await statement.run<{ reference: string }>(deps.pool, 'reference', 'request');
  if (!row) throw new Error('intake: the request was not inserted');
  return { reference: row.reference, status: 'pending_verification' };
}
