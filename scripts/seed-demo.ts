// npm run seed:demo
// Fills the built-in customer area with sample customers (look-alikes included) so fulfilment can be
// tried at once, and prints the addresses to try. Re-runnable: demo customers are reset to the same
// data; other customers are not touched. Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR
// (default .data) for the duration; applies pending migrations first.
import { withCliDatabase } from './cli-database.ts';
import { DEMO_CUSTOMERS, seedDemoCustomers } from './demo-customers.ts';

async function main(): Promise<void> {
  await withCliDatabase(async (prisma) => {
    const summary = await seedDemoCustomers(prisma);
    const width = Math.max(...DEMO_CUSTOMERS.map((c) => c.email.length));
    const lines = DEMO_CUSTOMERS.map((c) => `  ${c.email.padEnd(width)}  ${c.fullName}: ${c.note}`);
    process.stdout.write(
      `demo customer area ready: ${summary.customers} customers, ${summary.orders} orders\n` +
        `file a request (access, erasure...) with one of these addresses:\n${lines.join('\n')}\n`,
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
