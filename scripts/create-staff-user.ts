// npm run staff:create -- --email E --name N --role admin|agent|auditor [--locale fr|en]
// Creates a staff account (there is no default one). The password comes from STAFF_PASSWORD or, on a
// terminal, a hidden prompt (asked twice). Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR
// (default .data) for the duration, like scripts/migrate.ts; applies pending migrations first.
// Prints the new user's id; never the password.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { defaultLocale } from '@dsr/shared/controller';
import { zodIssuesToFieldErrors } from '@dsr/shared/errors';
import { createStaffUserBodySchema, STAFF_ROLES } from '@dsr/shared/staff';
import { loadConfig } from '../api/src/config.ts';
import { loadController } from '../api/src/controller.ts';
import { AppError } from '../api/src/errors.ts';
import { createStaffUser } from '../api/src/modules/staff-users/create-staff-user.ts';
import { withCliDatabase } from './cli-database.ts';

const USAGE = `usage: npm run staff:create -- --email E --name N --role ${STAFF_ROLES.join('|')} [--locale fr|en]
  password: STAFF_PASSWORD, or a hidden prompt on a terminal`;

class UsageError extends Error {}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.STAFF_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('no password: set STAFF_PASSWORD, or run on a terminal to be prompted');
  }
  const first = await promptHidden('Password (12 to 128 characters): ');
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) throw new UsageError('the two passwords differ');
  return first;
}

/** Reads one line without echoing it (readline writes nothing while `muted`). */
function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const writer = rl as unknown as { _writeToOutput: (chunk: string) => void };
  process.stdout.write(question);
  writer._writeToOutput = () => {};
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function main(): Promise<number> {
  let values: {
    email?: string | undefined;
    name?: string | undefined;
    role?: string | undefined;
    locale?: string | undefined;
  };
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        locale: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const password = await readPassword();
  const parsed = createStaffUserBodySchema.safeParse({ ...values, password });
  if (!parsed.success) {
    const lines = zodIssuesToFieldErrors(parsed.error.issues).map(
      (e) => `  ${e.path === 'password' ? 'password' : `--${e.path}`}: ${e.message}`,
    );
    throw new UsageError(`invalid input:\n${lines.join('\n')}`);
  }

  return withCliDatabase(async (prisma) => {
    try {
      const controller = loadController(loadConfig().controllerConfigPath);
      const user = await createStaffUser(
        {
          prisma,
          now: new Date(),
          actor: { type: 'system' },
          defaultLocale: defaultLocale(controller),
          locales: controller.locales,
        },
        parsed.data,
      );
      process.stdout.write(`created staff user ${user.id} (${user.role})\n`);
      return 0;
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') {
        process.stderr.write('a staff user with this e-mail address already exists; nothing was created\n');
        return 1;
      }
      throw error;
    }
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
