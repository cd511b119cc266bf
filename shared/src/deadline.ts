// Deadlines are counted in the controller's calendar (Art. 12(3): "within one month"), so all
// arithmetic is on local calendar dates; only the final instant is converted to UTC.

export const DEFAULT_TIME_ZONE = 'Europe/Paris';
/** A verification link is valid this long; a request left unverified expires after the days. */
export const VERIFICATION_LINK_HOURS = 24;
export const UNVERIFIED_EXPIRY_DAYS = 7;
const DAY_MS = 86_400_000;

export interface LocalDate {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock reading of `ms` in `timeZone`, expressed as if it were UTC (milliseconds kept). */
function wallClock(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(ms)) p[type] = Number(value);
  const seconds = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return seconds + (((ms % 1000) + 1000) % 1000);
}

const offsetAt = (ms: number, timeZone: string) => wallClock(ms, timeZone) - ms;

/** The local calendar date of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone = DEFAULT_TIME_ZONE): LocalDate {
  const d = new Date(wallClock(instant.getTime(), timeZone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `months` calendar months after `date`, on `day` (default: the same day), clamped to the month's last day. */
export function addMonths(date: LocalDate, months: number, day = date.day): LocalDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(day, daysInMonth(year, month)) };
}

/**
 * The last instant of local `date` (23:59:59.999 on the wall clock). Where that wall time occurs
 * twice (a clock set back across midnight) the later one is taken; where it does not exist (a
 * skipped day) the last instant still read as that date or earlier.
 */
export function endOfLocalDay(date: LocalDate, timeZone = DEFAULT_TIME_ZONE): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 23, 59, 59, 999);
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((shift) => offsetAt(wall + shift, timeZone)));
  const candidates = [...offsets].map((offset) => wall - offset);
  const exact = candidates.filter((ms) => wallClock(ms, timeZone) === wall);
  if (exact.length > 0) return new Date(Math.max(...exact));
  // Wall time falls in a gap: binary-search the last instant whose wall clock is not past it.
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClock(mid, timeZone) <= wall) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}

/**
 * Art. 12(3) deadline: `months` calendar months after the verification date as seen in `timeZone`
 * (same day-of-month, or that month's last day), at the end of that local day.
 */
export function computeDueAt(verifiedAt: Date, timeZone = DEFAULT_TIME_ZONE, months = 1): Date {
  return endOfLocalDay(addMonths(localDate(verifiedAt, timeZone), months), timeZone);
}

/**
 * Extension by `months` further months, counted from the due date's local day. Pass `verifiedAt`
 * whenever it is known: the day-of-month is then the verification day, so a deadline clamped to a
 * short month's end is not shortened again (verified 31 Jan: due 28 Feb, +2 months → 30 Apr, not 28 Apr).
 * With `verifiedAt` this equals computeDueAt(verifiedAt, timeZone, 1 + months).
 */
export function extendDueAt(
  dueAt: Date,
  months: number,
  timeZone = DEFAULT_TIME_ZONE,
  verifiedAt?: Date,
): Date {
  const due = localDate(dueAt, timeZone);
  const day = verifiedAt ? localDate(verifiedAt, timeZone).day : due.day;
  return endOfLocalDay(addMonths(due, months, day), timeZone);
}

const dayNumber = (instant: Date, timeZone: string) => {
  const { year, month, day } = localDate(instant, timeZone);
  return Date.UTC(year, month - 1, day) / DAY_MS;
};

/** Calendar days from today to the due day, both local: 0 on the due day, negative once overdue. */
export function daysLeft(dueAt: Date, now: Date, timeZone = DEFAULT_TIME_ZONE): number {
  return dayNumber(dueAt, timeZone) - dayNumber(now, timeZone);
}

export const isOverdue = (dueAt: Date, now: Date): boolean => now.getTime() > dueAt.getTime();

/** Appeals are accepted until the end of the local day `days` calendar days after the denial. */
export function appealDeadline(deniedAt: Date, timeZone = DEFAULT_TIME_ZONE, days = 60): Date {
  const { year, month, day } = localDate(deniedAt, timeZone);
  const target = new Date(Date.UTC(year, month - 1, day + days));
  return endOfLocalDay(
    { year: target.getUTCFullYear(), month: target.getUTCMonth() + 1, day: target.getUTCDate() },
    timeZone,
  );
}
