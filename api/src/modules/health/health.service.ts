import type { PrismaClient } from '../../db/types.ts';

const TIMEOUT_MS = 2_000;

/** True when the database answers a trivial query within the timeout. */
export async function checkDatabase(db: Pick<PrismaClient, '$queryRawUnsafe'>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), TIMEOUT_MS);
  });
  try {
    const ping = db.$queryRawUnsafe('SELECT 1').then(
      () => true,
      () => false,
    );
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
