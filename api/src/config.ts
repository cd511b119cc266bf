import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

// The only module that reads the environment: everything else receives an AppConfig.

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  CONTROLLER_CONFIG: z.string().min(1).optional(),
  DATA_MAP: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  TRUST_PROXY: z.stringbool().default(false),
});

export type Env = Record<string, string | undefined>;

export interface AppConfig {
  port: number;
  host: string;
  /** Base of every link in e-mails; never derived from the Host header. No trailing slash. */
  publicUrl: string;
  /** Unset: an embedded PostgreSQL is started under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  outboxDir: string;
  exportsDir: string;
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  controllerConfigPath: string | undefined;
  /** DATA_MAP file; undefined means the built-in customer area. */
  dataMapPath: string | undefined;
  /**
   * The environment as read at start (empty values dropped): the source of `${VAR}` in the data map,
   * so that no other module reads process.env.
   */
  environment: Readonly<Record<string, string>>;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  production: boolean;
  trustProxy: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Env = process.env): AppConfig {
  const blankless = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  const parsed = envSchema.safeParse(blankless);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir,
    outboxDir: resolve(dataDir, 'outbox'),
    exportsDir: resolve(dataDir, 'exports'),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    controllerConfigPath: e.CONTROLLER_CONFIG ? resolve(e.CONTROLLER_CONFIG) : undefined,
    dataMapPath: e.DATA_MAP ? resolve(e.DATA_MAP) : undefined,
    environment: Object.freeze(blankless),
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    trustProxy: e.TRUST_PROXY,
  };
}

/** Reads the controller file (JSON or YAML) named by CONTROLLER_CONFIG; undefined means the built-in profile. */
export function readControllerFile(path: string | undefined): unknown {
  return readConfigFile('CONTROLLER_CONFIG', path);
}

/** Reads a JSON or YAML file named by the variable `name` (YAML by its extension); undefined if unset. */
export function readConfigFile(name: string, path: string | undefined): unknown {
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${name}: cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      `${name}: ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message}`,
    );
  }
}
