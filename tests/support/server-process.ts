// The real process, as `npm start` runs it: `node --import tsx api/src/server.ts` with the given
// environment, listening on 127.0.0.1. Its output is collected for error messages.
//   const server = await startServerProcess({ env: { DATABASE_URL, SMTP_URL, DATA_DIR } });
//   await fetch(`${server.base}/api/v1/health`);
//   expect(await server.stop()).toBe(0);   // SIGTERM, SIGKILL if it is still running after 15 s
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from './smtp.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 15 s); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface ServerProcessOptions {
  /** Added to the test process's environment (PORT and HOST are set here). */
  env?: Record<string, string>;
  /** Default: a free port. */
  port?: number;
  /** How long to wait for /api/v1/health to answer 200. Default 60 s. */
  healthyWithinMs?: number;
}

/** Starts the server and waits until /api/v1/health answers 200; throws with the output otherwise. */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
  const base = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    port,
    base,
    output: () => output,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };

  const within = options.healthyWithinMs ?? 60_000;
  const deadline = Date.now() + within;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited during start (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    const healthy = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return server;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not healthy within ${within} ms on ${base}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
