import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The quick benchmark (`npm run bench -- --quick`) as a smoke test: it runs to the end and prints,
// and writes as JSON, a row for every figure P1 to P11. No figure is checked against its goal here:
// timing goals live in the bench, never in tests (a shared machine makes them noise). It starts an
// embedded PostgreSQL per script and builds the web app: several minutes, more on a loaded machine.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'dsr-bench-smoke-'));
const FIGURES = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11'];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench -- --quick', () => {
  it('runs every benchmark and reports every figure P1–P11 in the table and the JSON', async () => {
    const json = path.join(dir, 'results.json');
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/all.ts', '--quick'], {
        cwd: root,
        env: { ...process.env, BENCH_JSON: json, BENCH_WEB_DIST: path.join(dir, 'web-dist') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.stderr.resume();
      child.once('exit', (exit) => resolve({ code: exit, stdout: out }));
    });
    expect(code, stdout.slice(-3000)).toBe(0);
    const table = stdout.slice(stdout.lastIndexOf('Benchmarks --quick'));
    const results = JSON.parse(readFileSync(json, 'utf8')) as {
      quick: boolean;
      figures: { figure: string }[];
    };
    expect(results.quick).toBe(true);
    expect(table, 'a benchmark script crashed').not.toMatch(/\.ts failed/);
    for (const p of FIGURES) {
      expect(table, `row ${p} in the table`).toMatch(new RegExp(`^${p} `, 'm'));
      expect(
        results.figures.map((f) => f.figure.split(' ')[0]),
        `${p} in the JSON`,
      ).toContain(p);
    }
  }, 1_800_000);
});
