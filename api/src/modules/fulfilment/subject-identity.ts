import { asLocale } from '@dsr/shared/text';
import type { Db } from '../../db/types.ts';
import type { SourceRequest, SubjectIdentity } from './sources/source.ts';

// Who a request is about, as sources see it: the verified e-mail plus identifiers staff linked.

export async function loadSubject(
  db: Db,
  requestId: string,
): Promise<{
  request: SourceRequest & { status: string; outcomeData: unknown };
  subject: SubjectIdentity;
} | null> {
  const row = await db.request.findUnique({
    where: { id: requestId },
    select: {
      id: true,
      reference: true,
      type: true,
      status: true,
      details: true,
      outcomeData: true,
      locale: true,
      email: true,
      identifiers: { orderBy: { createdAt: 'asc' }, select: { kind: true, value: true } },
    },
  });
  if (!row) return null;
  const details =
    row.details && typeof row.details === 'object' && !Array.isArray(row.details)
      ? (row.details as Record<string, unknown>)
      : {};
  return {
    request: {
      id: row.id,
      reference: row.reference,
      type: row.type,
      status: row.status,
      outcomeData: row.outcomeData,
      details,
      locale: asLocale(row.locale),
    },
    subject: { email: row.email, identifiers: row.identifiers },
  };
}
