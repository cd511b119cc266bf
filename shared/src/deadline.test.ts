import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appealDeadline,
  computeDueAt,
  daysLeft,
  endOfLocalDay,
  extendDueAt,
  isOverdue,
  isValidTimeZone,
} from './deadline.ts';

const H = 3_600_000;
const DAY = 24 * H;

// Independent model of Europe/Paris (EU rule): summer time (+02:00) from 01:00 UTC on the last
// Sunday of March to 01:00 UTC on the last Sunday of October, otherwise +01:00.
const lastSundayUtc1am = (year: number, month: number) => {
  const last = new Date(Date.UTC(year, month, 0));
  return Date.UTC(year, month - 1, last.getUTCDate() - last.getUTCDay(), 1);
};
const parisOffset = (ms: number) => {
  const year = new Date(ms).getUTCFullYear();
  return ms >= lastSundayUtc1am(year, 3) && ms < lastSundayUtc1am(year, 10) ? 2 * H : H;
};
/** UTC instant of a Paris wall time that is neither skipped nor repeated. */
const paris = (y: number, m: number, d: number, hh: number, mm: number, ss = 0, ms = 0) => {
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss, ms);
  const hits = [H, 2 * H].filter((o) => parisOffset(wall - o) === o);
  expect(hits).toHaveLength(1);
  return new Date(wall - hits[0]!);
};
const dim = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

type Case = { y: number; m: number; d: number; hh: number; mm: number };
const cases: Case[] = [];
for (let y = 2026; y <= 2028; y++) {
  for (let m = 1; m <= 12; m++) {
    for (let d = 28; d <= dim(y, m); d++) {
      cases.push({ y, m, d, hh: 23, mm: 30 }, { y, m, d, hh: 0, mm: 10 });
    }
  }
}
// DST-change days (and the eves) that are not month ends.
for (const [y, m, d] of [
  [2026, 3, 29],
  [2026, 10, 24],
  [2026, 10, 25],
  [2026, 9, 25],
  [2026, 2, 27],
  [2028, 3, 26],
  [2028, 2, 26],
  [2028, 9, 29],
] as const) {
  cases.push({ y, m, d, hh: 23, mm: 30 }, { y, m, d, hh: 0, mm: 10 });
}

describe('computeDueAt, Europe/Paris, every month end of 2026–2028', () => {
  it.each(cases)('verified $y-$m-$d $hh:$mm local', ({ y, m, d, hh, mm }) => {
    const verifiedAt = paris(y, m, d, hh, mm);
    const [dy, dm] = m === 12 ? [y + 1, 1] : [y, m + 1];
    const dd = Math.min(d, dim(dy, dm));
    const dueAt = computeDueAt(verifiedAt);

    expect(dueAt.toISOString()).toBe(paris(dy, dm, dd, 23, 59, 59, 999).toISOString());
    // Same claim spelled with the offset: local date, 23:59:59.999, +01:00 in winter, +02:00 in summer.
    const offset = parisOffset(dueAt.getTime()) === 2 * H ? '+02:00' : '+01:00';
    expect(new Date(`${iso(dy, dm, dd)}T23:59:59.999${offset}`).getTime()).toBe(dueAt.getTime());
  });

  it('has the month-end and DST results written out', () => {
    const due = (s: string) => computeDueAt(new Date(s)).toISOString();
    expect(due('2028-01-31T12:00:00+01:00')).toBe('2028-02-29T22:59:59.999Z');
    expect(due('2027-01-31T12:00:00+01:00')).toBe('2027-02-28T22:59:59.999Z');
    expect(due('2027-01-30T12:00:00+01:00')).toBe('2027-02-28T22:59:59.999Z');
    expect(due('2028-01-30T12:00:00+01:00')).toBe('2028-02-29T22:59:59.999Z');
    expect(due('2026-03-31T12:00:00+02:00')).toBe('2026-04-30T21:59:59.999Z');
    // 00:10 on 1 March in Paris is still 28 February in UTC: the local date counts.
    expect(due('2026-03-01T00:10:00+01:00')).toBe('2026-04-01T21:59:59.999Z');
    // 23:30 on 31 March in Paris is 31 March in UTC too, but 21:30 UTC: still 30 April end of day local.
    expect(due('2026-03-31T23:30:00+02:00')).toBe('2026-04-30T21:59:59.999Z');
    // Due on the day clocks go forward (2027-03-28) and back (2026-10-25).
    expect(due('2027-02-28T08:00:00+01:00')).toBe('2027-03-28T21:59:59.999Z');
    expect(due('2026-09-25T08:00:00+02:00')).toBe('2026-10-25T22:59:59.999Z');
    expect(due('2026-03-29T00:10:00+01:00')).toBe('2026-04-29T21:59:59.999Z');
    expect(due('2026-10-25T23:30:00+01:00')).toBe('2026-11-25T22:59:59.999Z');
  });
});

describe('other time zones', () => {
  it('uses the given zone and handles 30-minute offsets', () => {
    const verifiedAt = new Date('2026-01-31T20:00:00Z'); // 1 Feb 01:30 in Kolkata, 31 Jan in New York
    expect(computeDueAt(verifiedAt, 'Asia/Kolkata').toISOString()).toBe('2026-03-01T18:29:59.999Z');
    expect(computeDueAt(verifiedAt, 'America/New_York').toISOString()).toBe('2026-03-01T04:59:59.999Z');
    expect(computeDueAt(verifiedAt, 'UTC').toISOString()).toBe('2026-02-28T23:59:59.999Z');
  });

  it('takes the later end of a day whose last hour repeats (Santiago, clocks back at midnight)', () => {
    expect(endOfLocalDay({ year: 2026, month: 4, day: 4 }, 'America/Santiago').toISOString()).toBe(
      '2026-04-05T03:59:59.999Z',
    );
  });

  it('ends a skipped day where the previous day ends (Apia, 30 Dec 2011)', () => {
    expect(endOfLocalDay({ year: 2011, month: 12, day: 30 }, 'Pacific/Apia').toISOString()).toBe(
      '2011-12-30T09:59:59.999Z',
    );
  });

  it('recognises valid zones', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

// Property runs convert hundreds of instants through Intl: seconds on a loaded machine, not 5.
describe('computeDueAt properties', { timeout: 60_000 }, () => {
  const zones = [
    'Europe/Paris',
    'America/New_York',
    'America/Santiago',
    'America/St_Johns',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'Pacific/Kiritimati',
    'UTC',
  ];
  const wall = (date: Date, timeZone: string) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        fractionalSecondDigits: 3,
      })
        .formatToParts(date)
        .map((x) => [x.type, x.value]),
    );
    return {
      day: Date.UTC(+p.year!, +p.month! - 1, +p.day!) / DAY,
      time: `${p.hour}:${p.minute}:${p.second}.${p.fractionalSecond}`,
    };
  };

  it('is after verification, 28–31 local days later, at 23:59:59.999 local', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...zones),
        (verifiedAt, zone) => {
          const dueAt = computeDueAt(verifiedAt, zone);
          const span = dueAt.getTime() - verifiedAt.getTime();
          expect(span).toBeGreaterThan(27 * DAY);
          expect(span).toBeLessThanOrEqual(32 * DAY + H);
          const [from, to] = [wall(verifiedAt, zone), wall(dueAt, zone)];
          expect(to.time).toBe('23:59:59.999');
          expect(to.day - from.day).toBeGreaterThanOrEqual(28);
          expect(to.day - from.day).toBeLessThanOrEqual(31);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('extendDueAt', () => {
  const verifiedAt = new Date('2026-01-31T10:00:00+01:00');
  const dueAt = computeDueAt(verifiedAt);

  it('counts from the verification day when given, so a clamped deadline is not shortened again', () => {
    expect(dueAt.toISOString()).toBe('2026-02-28T22:59:59.999Z');
    expect(extendDueAt(dueAt, 2, 'Europe/Paris', verifiedAt).toISOString()).toBe('2026-04-30T21:59:59.999Z');
    expect(extendDueAt(dueAt, 1, 'Europe/Paris', verifiedAt).toISOString()).toBe('2026-03-31T21:59:59.999Z');
    expect(extendDueAt(dueAt, 2, 'Europe/Paris', verifiedAt)).toEqual(
      computeDueAt(verifiedAt, 'Europe/Paris', 3),
    );
  });

  it('counts from the due date’s own day otherwise', () => {
    expect(extendDueAt(dueAt, 2).toISOString()).toBe('2026-04-28T21:59:59.999Z');
    expect(extendDueAt(new Date('2026-10-15T21:59:59.999Z'), 1).toISOString()).toBe(
      '2026-11-15T22:59:59.999Z',
    );
    expect(extendDueAt(new Date('2026-11-30T22:59:59.999Z'), 2).toISOString()).toBe(
      '2027-01-30T22:59:59.999Z',
    );
  });
});

describe('daysLeft and isOverdue', () => {
  const dueAt = new Date('2026-04-30T21:59:59.999Z'); // 30 April, end of day in Paris

  it('counts local calendar days', () => {
    expect(daysLeft(dueAt, new Date('2026-04-29T21:59:59.999Z'))).toBe(1);
    expect(daysLeft(dueAt, new Date('2026-04-29T22:00:00.000Z'))).toBe(0); // 30 April 00:00 Paris
    expect(daysLeft(dueAt, dueAt)).toBe(0);
    expect(daysLeft(dueAt, new Date('2026-04-30T22:00:00.000Z'))).toBe(-1);
    expect(daysLeft(dueAt, new Date('2026-03-31T08:00:00.000Z'))).toBe(30);
    expect(daysLeft(dueAt, new Date('2026-03-28T12:00:00.000Z'))).toBe(33); // across the DST change
  });

  it('is overdue only after the last millisecond', () => {
    expect(isOverdue(dueAt, dueAt)).toBe(false);
    expect(isOverdue(dueAt, new Date(dueAt.getTime() + 1))).toBe(true);
  });
});

it('appealDeadline is the end of the local day 60 days after denial', () => {
  expect(appealDeadline(new Date('2026-09-01T10:00:00+02:00')).toISOString()).toBe(
    '2026-10-31T22:59:59.999Z',
  );
  expect(appealDeadline(new Date('2026-12-31T23:30:00+01:00')).toISOString()).toBe(
    '2027-03-01T22:59:59.999Z',
  );
});
