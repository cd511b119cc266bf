// P11: `fulfil` of a typical subject to its package `ready`. About 1,000 rows of the built-in customer
// area (profile, preferences, orders, consents, comments) plus one webhook source, a node:http server
// on 127.0.0.1 that answers at once; the portal runs as `npm start` runs it (default job polling).
// One warm-up, then the median of 5. Second half: a consent withdrawal's verification to the
// withdrawal in the built-in area's consent history (the run at verification), same portal, median
// of as many.
//   npx tsx tests/bench/fulfilment-latency.ts [runs=5]
import { randomBytes } from 'node:crypto';
import { loadController } from '../../api/src/controller.ts';
import { dataMapSchema } from '../../api/src/modules/fulfilment/datamap.schema.ts';
import { defaultDataMap } from '../../api/src/modules/fulfilment/datamap.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';
import { seedCustomer, seedRequest, startBenchCluster, startPortal } from './support/portal.ts';
import { report } from './support/report.ts';

const RUNS = Number(process.argv[2] ?? 5);
const ROWS = 1_000;

async function main(): Promise<void> {
  const receiver = await startWebhookReceiver();
  receiver.answer = () => ({
    status: 200,
    body: {
      data: {
        tickets: [
          { id: 'T-1', subject: 'Late parcel', openedAt: '2026-01-04T10:00:00Z' },
          { id: 'T-2', subject: 'Refund', openedAt: '2026-02-11T15:30:00Z' },
        ],
      },
    },
  });
  const builtin = defaultDataMap(loadController(undefined));
  const dataMap = dataMapSchema.parse({
    sources: [
      ...builtin.sources,
      {
        name: 'helpdesk',
        kind: 'webhook',
        url: receiver.url,
        secret: `whsec_${randomBytes(16).toString('hex')}`,
        types: ['access', 'portability'],
        timeoutSeconds: 5,
      },
    ],
  });
  const cluster = await startBenchCluster();
  const samples: number[] = [];
  const withdrawals: number[] = [];
  try {
    const url = await cluster.createDatabase();
    const references: string[] = [];
    for (let i = 0; i <= RUNS; i++)
      references.push(await seedRequest(url, await seedCustomer(url, ROWS, 'p11')));
    const portal = await startPortal(url, dataMap);
    try {
      const [warmUp, ...measured] = references;
      await portal.fulfil(warmUp!);
      for (const reference of measured) samples.push(await portal.fulfil(reference));
      const emails = (
        await portal.prisma.request.findMany({
          where: { reference: { in: references } },
          select: { email: true },
        })
      ).map((r) => r.email);
      const [firstEmail, ...others] = emails;
      await portal.withdrawConsent(firstEmail!);
      for (const email of others) withdrawals.push(await portal.withdrawConsent(email));
    } finally {
      await portal.close();
    }
  } finally {
    await cluster.stop();
    await receiver.stop();
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  process.stdout.write(`runs (s): ${samples.map((ms) => (ms / 1000).toFixed(2)).join(', ')}\n`);
  process.stdout.write(`withdrawals (s): ${withdrawals.map((ms) => (ms / 1000).toFixed(2)).join(', ')}\n`);
  report({
    figure: `P11 fulfil → package ready (${ROWS} rows + webhook), median of ${RUNS}`,
    value: `${(median(samples) / 1000).toFixed(2)} s`,
    goal: '≤ 2 s',
    pass: median(samples) <= 2000,
    note: 'absolute, on a shared 2-core machine',
  });
  report({
    figure: `P11 consent withdrawal → applied in the source after verification, median of ${withdrawals.length}`,
    value: `${(median(withdrawals) / 1000).toFixed(2)} s`,
    goal: '≤ 2 s',
    pass: median(withdrawals) <= 2000,
    note: 'absolute, on a shared 2-core machine (default job polling)',
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
