import type { CreateRequest } from '@dsr/shared/request-types';
import type { Prisma, Tx } from '../../db/types.ts';

export async function insertRequest(
  tx: Tx,
  input: CreateRequest,
  meta: { gpc: boolean; now: Date },
): Promise<{ id: string; reference: string }> {
  return tx.request.create({
    data: {
      type: input.type,
      details: input.details as Prisma.InputJsonObject,
      email: input.email,
      fullName: input.fullName,
      locale: input.locale,
      message: input.message ?? null,
      gpc: meta.gpc,
      receivedAt: meta.now,
      updatedAt: meta.now,
    },
    select: { id: true, reference: true },
  });
}
