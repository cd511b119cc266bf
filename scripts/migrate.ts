// npm run db:migrate                 apply pending migrations (deploy)
// npm run db:migration -- <name>     create prisma/migrations/<UTC timestamp>_<name>/migration.sql
//                                    from schema.prisma (--empty: a blank one for hand-written SQL)
// tsx scripts/migrate.ts resolve <name>   mark a failed migration rolled back (fix it, then deploy)
// tsx scripts/migrate.ts drift       print SQL the migrations lack to match schema.prisma (exit 1 if any)
// Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (default .data) for the duration.
import path from 'node:path';
import { startEmbeddedPostgres } from '../api/src/db/embedded.ts';
import {
  applyMigrations,
  checkDrift,
  createMigration,
  markMigrationRolledBack,
} from '../api/src/db/migrations.ts';

const USAGE = 'usage: tsx scripts/migrate.ts deploy | create <name> [--empty] | resolve <name> | drift';
const COMMANDS = ['deploy', 'create', 'resolve', 'drift'];

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const empty = args.includes('--empty');
  const [command, name] = args.filter((a) => a !== '--empty');
  if (!command || !COMMANDS.includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if ((command === 'create' || command === 'resolve') && !name) {
    process.stderr.write(`a migration name is required\n${USAGE}\n`);
    return 2;
  }

  let databaseUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!databaseUrl) {
    const dataDir = path.join(process.env.DATA_DIR ?? '.data', 'pg');
    const embedded = await startEmbeddedPostgres({ dataDir });
    databaseUrl = embedded.connectionString;
    stop = embedded.stop;
  }
  try {
    const started = Date.now();
    if (command === 'deploy') {
      const { applied } = await applyMigrations(databaseUrl);
      const list = applied.length ? `: ${applied.join(', ')}` : ' (database already up to date)';
      process.stdout.write(`applied ${applied.length} migration(s)${list} in ${Date.now() - started} ms\n`);
    } else if (command === 'create') {
      await createMigration(databaseUrl, name!, { empty });
    } else if (command === 'resolve') {
      await markMigrationRolledBack(databaseUrl, name!);
      process.stdout.write(`marked ${name} as rolled back; fix its SQL, then deploy again\n`);
    } else {
      const sql = await checkDrift(databaseUrl);
      process.stdout.write(sql ? sql : 'no drift: the migrations match schema.prisma\n');
      return sql ? 1 : 0;
    }
    return 0;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
