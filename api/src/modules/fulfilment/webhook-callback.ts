import { createHash } from 'node:crypto';
import type { webhookCallbackBodySchema } from '@dsr/shared/fulfilment';
import type { z } from 'zod';
import type { PrismaClient } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { SourceConfig } from './datamap.schema.ts';
import { SIGNATURE_HEADER, unixSeconds, verifySignature } from './signature.ts';
import { completeSource, failSource, TABLE_NAME } from './source-state.ts';
import { webhookConfigOf } from './webhook-body.ts';

// POST /webhooks/callback/:id: the later answer of a webhook source that said 202. No bearer token:
// the signature (same recipe as our deliveries, over the raw body) is the authentication. Every
// refusal is audited with its code, never with any of the body.

export type CallbackBody = z.infer<typeof webhookCallbackBodySchema>;

export interface CallbackContext {
  prisma: PrismaClient;
  sources: readonly SourceConfig[];
  now: Date;
}

export interface VerifiedCallback {
  row: { id: string; requestId: string; source: string; state: string };
  sha256: string;
  /** The same callback was accepted before: answer again, store nothing. */
  duplicate: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MESSAGE_MAX = 500;

/** Checks who sent the callback and that the source expects one; throws the refusal (audited). */
export async function verifyCallback(
  ctx: CallbackContext,
  id: string,
  raw: Buffer,
  headers: Record<string, string | string[] | undefined>,
): Promise<VerifiedCallback> {
  const row = UUID.test(id)
    ? await ctx.prisma.fulfilmentSource.findUnique({
        where: { id },
        select: { id: true, requestId: true, source: true, state: true, result: true },
      })
    : null;
  const config = row ? webhookConfigOf(ctx.sources, row.source) : undefined;
  if (!row || !config) {
    throw await refuse(ctx, row, 'callback_unknown', 404, 'No webhook delivery has this id.');
  }
  const header = headers[SIGNATURE_HEADER];
  const check = verifySignature(
    config.secret,
    raw,
    Array.isArray(header) ? header[0] : header,
    unixSeconds(ctx.now),
  );
  if (!check.ok) {
    const detail =
      check.code === 'signature_expired'
        ? 'The signature timestamp is too old or in the future.'
        : 'The X-DSR-Signature header is missing or does not match the body.';
    throw await refuse(ctx, row, check.code, 401, detail);
  }
  const sha256 = createHash('sha256').update(raw).digest('hex');
  if (row.state !== 'waiting') {
    const accepted = (row.result as { callbackSha256?: unknown } | null)?.callbackSha256;
    if (accepted === sha256) return { row, sha256, duplicate: true };
    throw await refuse(
      ctx,
      row,
      'callback_not_waiting',
      409,
      'This delivery is no longer waiting for an answer.',
    );
  }
  return { row, sha256, duplicate: false };
}

/** Settles the source from a verified callback (done with its rows, or failed with its message). */
export async function acceptCallback(
  ctx: CallbackContext,
  verified: VerifiedCallback,
  body: CallbackBody,
): Promise<{ status: 'accepted' | 'already_accepted' }> {
  if (verified.duplicate) return { status: 'already_accepted' };
  const bad = Object.keys(body.data ?? {}).find((t) => !TABLE_NAME.test(t));
  if (bad !== undefined) {
    throw new AppError('validation_failed', 400, 'The body has invalid fields.', {
      errors: [{ path: 'data', code: 'invalid_key', message: 'Table names are letters, digits, _ or -' }],
    });
  }
  const { row, sha256 } = verified;
  const settled = await ctx.prisma.$transaction(async (tx) => {
    const ok =
      body.status === 'done'
        ? await completeSource(tx, row, body.data, ctx.now, {
            extra: { delivery: 'accepted', callbackSha256: sha256 },
          })
        : await failSource(
            tx,
            row,
            {
              code: 'source_rejected',
              message: (body.message ?? 'failed (no message)').slice(0, MESSAGE_MAX),
            },
            ctx.now,
            { delivery: 'accepted', callbackSha256: sha256 },
          );
    if (ok) {
      await appendAudit(tx, {
        requestId: row.requestId,
        actor: { type: 'system' },
        type: 'webhook.callback_accepted',
        data: { source: row.source, fulfilmentSourceId: row.id, status: body.status },
      });
    }
    return ok;
  });
  // Settled by someone else between the check and now (a concurrent identical callback).
  if (!settled)
    throw new AppError('callback_not_waiting', 409, 'This delivery is no longer waiting for an answer.');
  return { status: 'accepted' };
}

async function refuse(
  ctx: CallbackContext,
  row: { id: string; requestId: string; source: string } | null,
  code: string,
  status: number,
  detail: string,
): Promise<AppError> {
  await appendAudit(ctx.prisma, {
    requestId: row?.requestId ?? null,
    actor: { type: 'system' },
    type: 'webhook.callback_refused',
    data: { code, ...(row ? { fulfilmentSourceId: row.id, source: row.source } : {}) },
  });
  return new AppError(code, status, detail);
}
