// Staff accounts and signed-in sessions for API tests (docs/STAFF.md "Tests"):
//   const admin = await loginAs(t, 'admin');
//   await t.app.inject({ method: 'POST', url: '/api/v1/staff/...', headers: admin.headers, payload: {...} });
// `headers` carries the session cookie, X-CSRF-Token, Origin (the test app's PUBLIC_URL) and a JSON
// content type, so it passes every staff check; drop or change one to test a refusal.
import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@dsr/shared/staff';
import type { PrismaClient } from '../../api/src/db/types.ts';
import { hashPassword } from '../../api/src/modules/staff-auth/password.ts';
import type { TestApp } from './app.ts';

export const DEFAULT_STAFF_PASSWORD = 'correct horse battery staple';

export interface TestStaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  /** The plain password, to log in with. */
  password: string;
}

export interface CreateStaffUserOptions {
  role: StaffRole;
  email?: string;
  name?: string;
  password?: string;
  disabled?: boolean;
}

/** Inserts a staff account directly (no audit event); e-mail unique per call unless given. */
export async function createStaffUser(
  prisma: PrismaClient,
  options: CreateStaffUserOptions,
): Promise<TestStaffUser> {
  const suffix = randomBytes(4).toString('hex');
  const email = options.email ?? `${options.role}-${suffix}@staff.test`;
  const name = options.name ?? `Test ${options.role} ${suffix}`;
  const password = options.password ?? DEFAULT_STAFF_PASSWORD;
  const row = await prisma.staffUser.create({
    data: {
      email,
      name,
      role: options.role,
      passwordHash: await hashPassword(password.normalize('NFC')),
      disabledAt: options.disabled ? new Date() : null,
    },
    select: { id: true, email: true, name: true, role: true },
  });
  return { ...row, password };
}

export interface StaffLogin {
  user: TestStaffUser;
  /** `name=value` for a Cookie header. */
  cookie: string;
  csrfToken: string;
  headers: {
    cookie: string;
    'x-csrf-token': string;
    origin: string;
    'content-type': string;
  };
}

/** The Origin a same-site browser sends to the test app (PUBLIC_URL's origin). */
export const originOf = (t: TestApp): string => new URL(t.app.deps.config.publicUrl).origin;

/** A random loopback-free address per login, so helpers never use up the per-IP login limit. */
export const randomIp = (): string => `10.${[...randomBytes(3)].join('.')}`;

/** Logs in over HTTP and returns what later requests need. */
export async function signIn(
  t: TestApp,
  user: { email: string; password: string },
  options: { remoteAddress?: string } = {},
): Promise<{ cookie: string; csrfToken: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/staff/session',
    remoteAddress: options.remoteAddress ?? randomIp(),
    headers: { origin: originOf(t), 'content-type': 'application/json' },
    payload: { email: user.email, password: user.password },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'sid' || c.name === '__Host-sid');
  if (!cookie) throw new Error('login set no session cookie');
  return {
    cookie: `${cookie.name}=${cookie.value}`,
    csrfToken: (res.json() as { csrfToken: string }).csrfToken,
  };
}

/** Creates a user with this role (plus any overrides), logs them in, and returns ready-made headers. */
export async function loginAs(
  t: TestApp,
  role: StaffRole,
  overrides: Omit<CreateStaffUserOptions, 'role' | 'disabled'> = {},
): Promise<StaffLogin> {
  const user = await createStaffUser(t.prisma, { ...overrides, role });
  const { cookie, csrfToken } = await signIn(t, user);
  return {
    user,
    cookie,
    csrfToken,
    headers: { cookie, 'x-csrf-token': csrfToken, origin: originOf(t), 'content-type': 'application/json' },
  };
}
