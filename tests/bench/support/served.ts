// What a benchmarked server process (intake-app.ts, bare-app.ts) answers on its IPC channel, so the
// driver reads memory and event-loop delay from inside the process it loads.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export type ServedCommand = {
  id: number;
  cmd: 'stats' | 'gc' | 'reset-delay' | 'profile-start' | 'profile-stop' | 'stop';
  /** profile-stop: the .cpuprofile file to write. */
  file?: string;
};

export interface ServedStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** p99 event-loop delay since the last reset, in ms. */
  delayP99Ms: number;
}

/** Answers the driver's commands; `stop` runs `close` then exits. Reports `{ ready: port }` first. */
export function serveCommands(port: number, close: () => Promise<void>): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gc = (globalThis as { gc?: () => void }).gc;
  let session: Session | undefined;
  process.on('message', (message: ServedCommand) => {
    const answer = (value: unknown) => process.send?.({ id: message.id, value });
    switch (message.cmd) {
      case 'gc':
        gc?.();
        gc?.();
        answer(null);
        return;
      case 'reset-delay':
        delay.reset();
        answer(null);
        return;
      case 'stats': {
        const memory = process.memoryUsage();
        answer({
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          delayP99Ms: delay.percentile(99) / 1e6,
        } satisfies ServedStats);
        return;
      }
      case 'profile-start':
        session = new Session();
        session.connect();
        session
          .post('Profiler.enable')
          .then(() => session?.post('Profiler.start'))
          .then(() => answer(null));
        return;
      case 'profile-stop':
        if (!session || !message.file) return answer(null);
        session.post('Profiler.stop').then(({ profile }) => {
          writeFileSync(path.resolve(message.file!), JSON.stringify(profile));
          session?.disconnect();
          session = undefined;
          answer(null);
        });
        return;
      case 'stop':
        close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
    }
  });
  process.send?.({ ready: port });
}
