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
  BLOB_STORE: z.enum(['postgres', 's3']).default('postgres'),
  S3_URL: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_TOKEN: z.string().min(16).optional(),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
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
  /** Where packages and task attachments keep their bytes (BLOB_STORE); the index stays in PostgreSQL. */
  blobStore: BlobStoreConfig;
  /** The Prometheus endpoint's own listener (METRICS_PORT; none when unset), never the public port. */
  metrics: { port: number; host: string; token: string | undefined } | undefined;
  /**
   * REQUEST_TIMEOUT_SECONDS: a request's headers and body must arrive within it (slow clients are cut
   * off with a 408); a connection idle for twice as long is closed.
   */
  requestTimeoutMs: number;
}

export type BlobStoreConfig = { kind: 'postgres' } | ({ kind: 's3' } & S3Config);

export interface S3Config {
  bucket: string;
  /** Key prefix inside the bucket ('' or ending in '/'). */
  prefix: string;
  /** An S3-compatible server (MinIO, Ceph, Garage…); unset: AWS S3 itself. */
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's default chain (instance role, AWS_* variables). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
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
  const blobStore = blobStoreConfig(e);
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
    blobStore,
    metrics: e.METRICS_PORT
      ? { port: e.METRICS_PORT, host: e.METRICS_HOST, token: e.METRICS_TOKEN }
      : undefined,
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
  };
}

const S3_PARAMS = ['endpoint', 'region', 'forcePathStyle'];
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** BLOB_STORE=s3 needs S3_URL = s3://<bucket>[/<prefix>]?endpoint=…&region=…&forcePathStyle=…; keys apart. */
function blobStoreConfig(e: z.infer<typeof envSchema>): BlobStoreConfig {
  const fail = (message: string): never => {
    throw new ConfigError(`Invalid configuration:\n  ${message}`);
  };
  if (e.BLOB_STORE === 'postgres') {
    for (const name of ['S3_URL', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)
      if (e[name]) fail(`${name}: set, but BLOB_STORE is not s3 (set BLOB_STORE=s3 to store files in S3)`);
    return { kind: 'postgres' };
  }
  if (!e.S3_URL) return fail('S3_URL: required when BLOB_STORE=s3 (s3://<bucket>?endpoint=…&region=…)');
  let url: URL;
  try {
    url = new URL(e.S3_URL);
  } catch {
    return fail('S3_URL: not a URL; expected s3://<bucket>[/<prefix>]?endpoint=…&region=…');
  }
  if (url.protocol !== 's3:') fail('S3_URL: must start with s3://');
  if (url.username || url.password)
    fail('S3_URL: holds credentials; put them in S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  if (!BUCKET.test(url.hostname)) fail('S3_URL: the bucket name (after s3://) is not a valid bucket name');
  const params = url.searchParams;
  const unknown = [...params.keys()].filter((k) => !S3_PARAMS.includes(k));
  if (unknown.length > 0)
    fail(`S3_URL: unknown parameter ${unknown.join(', ')} (known: ${S3_PARAMS.join(', ')})`);
  const endpoint = params.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !z.url({ protocol: /^https?$/ }).safeParse(endpoint).success)
    fail('S3_URL: endpoint must be an http(s) URL, e.g. endpoint=http://127.0.0.1:9000');
  const pathStyle = params.get('forcePathStyle');
  if (pathStyle !== null && pathStyle !== 'true' && pathStyle !== 'false')
    fail('S3_URL: forcePathStyle must be true or false');
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY))
    fail(`${e.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'}: set both keys, or neither`);
  const prefix = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  return {
    kind: 's3',
    bucket: url.hostname,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    endpoint,
    region: params.get('region') || 'us-east-1',
    // S3-compatible servers are mostly reached by path (http://host/bucket/key), AWS by host name.
    forcePathStyle: pathStyle === null ? endpoint !== undefined : pathStyle === 'true',
    credentials:
      e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : undefined,
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
