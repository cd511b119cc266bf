// CPU time spent by processes, read from /proc (Linux): a benchmarked server process and the
// PostgreSQL server with all its backends. Used to say where an answer's time goes (app or
// database) next to the throughput figures. Elsewhere than Linux every reading is null and the
// bench says "not measured".
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * utime + stime of one process in ms (`ms`), the same of its children that exited and were reaped
 * (`reapedMs`: cutime + cstime), and its parent; null when it cannot be read.
 */
function processCpuMs(pid: number): { ms: number; reapedMs: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const toMs = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
    return {
      ms: toMs(Number(fields[11]) + Number(fields[12])),
      reapedMs: toMs(Number(fields[13]) + Number(fields[14])),
      ppid: Number(fields[1]),
    };
  } catch {
    return null;
  }
}

/** CPU ms of one process so far. */
export function cpuOf(pid: number | undefined): number | null {
  return pid === undefined ? null : (processCpuMs(pid)?.ms ?? null);
}

/**
 * CPU ms of the PostgreSQL server of `dataDir` so far: the postmaster, every live child (backends,
 * WAL writer, checkpointer) and the children that exited (a pool closing an idle connection ends
 * its backend: the postmaster's cutime/cstime keep that backend's time).
 */
export function cpuOfPostgres(dataDir: string): number | null {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  const own = processCpuMs(postmaster);
  if (!own) return null;
  let total = own.ms + own.reapedMs;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = processCpuMs(Number(entry));
    if (child && child.ppid === postmaster) total += child.ms;
  }
  return total;
}
