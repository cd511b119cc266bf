// A repository script as an operator runs it: `tsx <script> [args]` from the repository root, stdin
// an empty pipe (no TTY, as in CI), output collected.
//   const res = await runScript('scripts/datamap-check.ts', [], { DATABASE_URL: db.url });
//   expect(res.code).toBe(0);
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` (a path from the repository root) with the test process's environment minus the
 * variables named in `unset`, plus `env` (an `undefined` value leaves a variable out).
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  unset: string[] = [],
): Promise<ScriptResult> {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const name of unset) delete base[name];
  const merged = Object.fromEntries(
    Object.entries({ ...base, ...env }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: merged,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}
