// One line per benchmark figure. Alone, a script prints its figures; under `npm run bench`
// (tests/bench/all.ts) they are also appended, as JSON lines, to the file BENCH_RESULTS names, and
// the runner prints them all in one table at the end.
import { appendFileSync } from 'node:fs';

export interface Figure {
  /** e.g. "P6 time(100k) ÷ time(10k)". */
  figure: string;
  /** The measured value as printed, or null: not measured. */
  value: string | null;
  /** e.g. "≤ 11"; "—" for a figure given for information. */
  goal: string;
  /** null: no goal, or not measured. */
  pass: boolean | null;
  /** Why a figure is missing, or what to read it with. */
  note?: string;
}

export function report(figure: Figure): void {
  const verdict = figure.pass === null ? '' : figure.pass ? ' PASS' : ' FAIL';
  process.stdout.write(
    `${figure.figure}: ${figure.value ?? 'not measured'} (goal ${figure.goal})${verdict}${figure.note ? ` — ${figure.note}` : ''}\n`,
  );
  const file = process.env.BENCH_RESULTS;
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}
