// P6: exports that grow linearly in time and not at all in memory. A subject of the built-in customer
// area with 10k rows and one with 100k (orders, consents, comments, preferences), each taken from the
// `fulfil` action to the package `ready` by the real runtime (run job → postgres source → records →
// settle → ZIP into the blob store). Each size runs in its own fresh process, which first does one
// warm-up export of 1k rows, so the two peak RSS figures (process.resourceUsage().maxRSS) compare.
//   npx tsx tests/bench/fulfilment-export.ts [small=10000] [large=100000]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedCustomer, seedRequest, startBenchCluster, startPortal } from './support/portal.ts';
import { report } from './support/report.ts';

interface ChildResult {
  ms: number;
  maxRssMb: number;
  sizeMb: number;
  rows: number;
}

const WARM_UP_ROWS = 1_000;
const HEAP_MB = Number(
  (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      config: { heapMb: number };
    }
  ).config.heapMb,
);

async function child(url: string, warmUp: string, measured: string): Promise<void> {
  const portal = await startPortal(url);
  const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sampler = process.env.BENCH_MEMORY_TRACE
    ? setInterval(() => {
        const m = process.memoryUsage();
        for (const k of Object.keys(peak) as Array<keyof typeof peak>) peak[k] = Math.max(peak[k], m[k]);
      }, 100)
    : undefined;
  try {
    await portal.fulfil(warmUp);
    const ms = await portal.fulfil(measured);
    const pkg = await portal.prisma.package.findFirstOrThrow({
      where: { request: { reference: measured } },
      select: { sizeBytes: true, request: { select: { id: true } } },
    });
    const rows = await portal.prisma.fulfilmentRecord.count({ where: { requestId: pkg.request.id } });
    const result: ChildResult = {
      ms,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      sizeMb: Number(pkg.sizeBytes) / 1024 / 1024,
      rows,
    };
    if (sampler) {
      clearInterval(sampler);
      const mb = Object.entries(peak).map(([k, v]) => `${k} ${(v / 1048576).toFixed(0)} MB`);
      process.stderr.write(`peaks: ${mb.join(', ')}\n`);
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await portal.close();
  }
}

function runChild(url: string, warmUp: string, measured: string): Promise<ChildResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    // The heap ceiling `npm start` gives the server (package.json `config.heapMb`): without one, V8
    // lets garbage reach about four times the live heap before a full collection, so the peak would
    // say when the collector ran rather than what the export holds.
    const heap = `--max-old-space-size=${HEAP_MB}`;
    const proc = spawn(
      process.execPath,
      [heap, '--import', 'tsx', script, '--child', url, warmUp, measured],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`export child exited with ${code}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

async function main(): Promise<void> {
  const sizes = [Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 100_000)] as const;
  const cluster = await startBenchCluster();
  const results: ChildResult[] = [];
  try {
    for (const rows of sizes) {
      const url = await cluster.createDatabase();
      const warmUp = await seedRequest(url, await seedCustomer(url, WARM_UP_ROWS, 'warmup'));
      const measured = await seedRequest(url, await seedCustomer(url, rows, 'subject'));
      const result = await runChild(url, warmUp, measured);
      process.stdout.write(
        `${result.rows} rows: ${(result.ms / 1000).toFixed(2)} s fulfil → ready, ` +
          `peak RSS ${result.maxRssMb.toFixed(0)} MB, ZIP ${result.sizeMb.toFixed(1)} MB\n`,
      );
      results.push(result);
    }
  } finally {
    await cluster.stop();
  }
  const [small, large] = results as [ChildResult, ChildResult];
  const label = (n: number) => `${n / 1000}k`;
  const time = large.ms / small.ms;
  const rss = large.maxRssMb / small.maxRssMb;
  report({
    figure: `P6 time(${label(sizes[1])}) ÷ time(${label(sizes[0])})`,
    value: `${time.toFixed(2)} (${(small.ms / 1000).toFixed(2)} s → ${(large.ms / 1000).toFixed(2)} s)`,
    goal: '≤ 11',
    pass: time <= 11,
  });
  report({
    figure: `P6 peak RSS(${label(sizes[1])}) ÷ peak RSS(${label(sizes[0])})`,
    value: `${rss.toFixed(2)} (${small.maxRssMb.toFixed(0)} MB → ${large.maxRssMb.toFixed(0)} MB)`,
    goal: '≤ 1.2',
    pass: rss <= 1.2,
  });
}

const fail = (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
};
if (process.argv[2] === '--child') {
  const [, , , url = '', warmUp = '', measured = ''] = process.argv;
  child(url, warmUp, measured).then(() => process.exit(0), fail);
} else {
  main().catch(fail);
}
