import type { ControllerConfig } from '@dsr/shared/controller';
import type { CreateRequest } from '@dsr/shared/request-types';
import type { PrismaClient } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { AddressLimiter } from './address-limiter.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  hashBody,
  releaseIdempotencyKey,
} from './idempotency.repository.ts';
import { insertRequest } from './intake.repository.ts';

export const IDEMPOTENCY_SCOPE = 'POST /api/v1/requests';

export interface IntakeDeps {
  prisma: PrismaClient;
  controller: ControllerConfig;
  publicUrl: string;
  addressLimiter: AddressLimiter;
}

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
  input: CreateRequest,
  meta: SubmitMeta,
): Promise<{ status: number; body: IntakeAnswer }> {
  if (meta.idempotencyKey === undefined) {
    return { status: 202, body: await fileRequest(deps, input, meta, null) };
  }
  const claim = await claimIdempotencyKey(deps.prisma, {
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
    await releaseIdempotencyKey(deps.prisma, claim.id);
    throw err;
  }
}

async function fileRequest(
  deps: IntakeDeps,
  input: CreateRequest,
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
  const { now } = meta;
  return deps.prisma.$transaction(async (tx) => {
    const request = await insertRequest(tx, input, { gpc: meta.gpc, now });
    await appendAudit(tx, {
      requestId: request.id,
      actor: { type: 'subject' },
      type: 'request.received',
      toStatus: 'pending_verification',
      data: { type: input.type, gpc: meta.gpc },
      // The verification mail (a reaction to this event) counts its link's lifetime from here.
      at: now,
    });
    const answer: IntakeAnswer = { reference: request.reference, status: 'pending_verification' };
    if (idempotencyKeyId)
      await completeIdempotencyKey(tx, idempotencyKeyId, { status: 202, body: { ...answer } }, now);
    return answer;
  });
}
