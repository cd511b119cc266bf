import type { Db } from '../../db/types.ts';

export function findLinkTarget(db: Db, reference: string) {
  return db.request.findUnique({
    where: { reference },
    select: {
      id: true,
      reference: true,
      email: true,
      locale: true,
      status: true,
      personalDataPurgedAt: true,
    },
  });
}
