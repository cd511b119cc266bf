import type { PrismaClient } from '../../db/types.ts';
import type { SourceConfig, WebhookSourceConfig } from './datamap.schema.ts';
import { restrictionState } from './effects.ts';

// What a webhook receives (docs/WEBHOOKS.md): built when the delivery runs, from the database, so
// the job itself carries ids only. `id` is the fulfilment source row: the same for every retry.

export interface DeliveryBody {
  id: string;
  event: string;
  reference: string;
  type: string;
  subject: { email: string; identifiers: Array<{ kind: string; value: string }> };
  details: unknown;
  callbackUrl: string;
}

export function webhookConfigOf(
  sources: readonly SourceConfig[],
  name: string,
): WebhookSourceConfig | undefined {
  const found = sources.find((s) => s.name === name);
  return found?.kind === 'webhook' ? found : undefined;
}

export async function buildDeliveryBody(
  prisma: PrismaClient,
  row: { id: string; requestId: string },
  callbackUrl: string,
): Promise<DeliveryBody> {
  const request = await prisma.request.findUniqueOrThrow({
    where: { id: row.requestId },
    select: {
      reference: true,
      type: true,
      details: true,
      outcomeData: true,
      email: true,
      identifiers: { select: { kind: true, value: true }, orderBy: { createdAt: 'asc' } },
    },
  });
  return {
    id: row.id,
    // A restriction's lifting is told on the same row, once the subject was mailed.
    event:
      request.type === 'restriction' && restrictionState(request.outcomeData).liftedAt !== undefined
        ? 'dsr.restriction_lifted'
        : `dsr.${request.type}`,
    reference: request.reference,
    type: request.type,
    subject: { email: request.email, identifiers: request.identifiers },
    details: request.details,
    callbackUrl,
  };
}
