import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  isValidTimeZone,
  knownTimeZones,
  localDateString,
  localDateTime,
  nextLocalRun,
  parseLocalTime,
  suggestTimeZones,
  zonedTimeToUtc,
} from '../../src/jobs/timezone.ts';

const iso = (d: Date) => d.toISOString();

describe('zonedTimeToUtc', () => {
  it('maps ordinary wall times in both DST seasons', () => {
    expect(iso(zonedTimeToUtc({ year: 2030, month: 1, day: 15, hour: 9, minute: 0 }, 'Europe/London'))).toBe('2030-01-15T09:00:00.000Z');
    expect(iso(zonedTimeToUtc({ year: 2030, month: 7, day: 15, hour: 9, minute: 0 }, 'Europe/London'))).toBe('2030-07-15T08:00:00.000Z');
    expect(iso(zonedTimeToUtc({ year: 2030, month: 1, day: 15, hour: 9, minute: 0 }, 'America/New_York'))).toBe('2030-01-15T14:00:00.000Z');
    expect(iso(zonedTimeToUtc({ year: 2030, month: 7, day: 15, hour: 9, minute: 0 }, 'America/New_York'))).toBe('2030-07-15T13:00:00.000Z');
    expect(iso(zonedTimeToUtc({ year: 2030, month: 7, day: 15, hour: 9, minute: 30 }, 'Asia/Kolkata'))).toBe('2030-07-15T04:00:00.000Z');
    expect(iso(zonedTimeToUtc({ year: 2030, month: 7, day: 15, hour: 23, minute: 59 }, 'UTC'))).toBe('2030-07-15T23:59:00.000Z');
  });

  it('moves a time the clocks skip to the moment they jump (spring forward)', () => {
    // New York, 2030-03-10: 02:00 EST → 03:00 EDT.
    expect(iso(zonedTimeToUtc({ year: 2030, month: 3, day: 10, hour: 2, minute: 30 }, 'America/New_York'))).toBe(
      '2030-03-10T07:00:00.000Z',
    );
    expect(
      localDateTime(zonedTimeToUtc({ year: 2030, month: 3, day: 10, hour: 2, minute: 0 }, 'America/New_York'), 'America/New_York'),
    ).toMatchObject({ hour: 3, minute: 0 });
    // London, 2030-03-31: 01:00 GMT → 02:00 BST.
    expect(iso(zonedTimeToUtc({ year: 2030, month: 3, day: 31, hour: 1, minute: 30 }, 'Europe/London'))).toBe('2030-03-31T01:00:00.000Z');
    expect(iso(zonedTimeToUtc({ year: 2030, month: 3, day: 31, hour: 2, minute: 30 }, 'Europe/London'))).toBe('2030-03-31T01:30:00.000Z');
  });

  it('picks the first of a time the clocks show twice (fall back)', () => {
    // New York, 2030-11-03: 02:00 EDT → 01:00 EST; 01:30 happens at 05:30Z and 06:30Z.
    expect(iso(zonedTimeToUtc({ year: 2030, month: 11, day: 3, hour: 1, minute: 30 }, 'America/New_York'))).toBe(
      '2030-11-03T05:30:00.000Z',
    );
    // London, 2030-10-27: 02:00 BST → 01:00 GMT; 01:30 happens at 00:30Z and 01:30Z.
    expect(iso(zonedTimeToUtc({ year: 2030, month: 10, day: 27, hour: 1, minute: 30 }, 'Europe/London'))).toBe('2030-10-27T00:30:00.000Z');
  });

  it('handles half-hour DST (Lord Howe) and southern-hemisphere zones', () => {
    // Lord Howe, 2030-10-06: 02:00 → 02:30 (+10:30 → +11).
    expect(iso(zonedTimeToUtc({ year: 2030, month: 10, day: 6, hour: 2, minute: 15 }, 'Australia/Lord_Howe'))).toBe(
      '2030-10-05T15:30:00.000Z',
    );
    expect(
      localDateTime(zonedTimeToUtc({ year: 2030, month: 4, day: 7, hour: 9, minute: 0 }, 'Australia/Sydney'), 'Australia/Sydney'),
    ).toMatchObject({ hour: 9, minute: 0, day: 7 });
  });
});

const zones = [
  'Europe/London',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/Sao_Paulo',
  'Pacific/Chatham',
  'UTC',
  'Africa/Casablanca',
  'America/St_Johns',
];
const localArb = fc.record({
  year: fc.integer({ min: 1990, max: 2060 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
});

describe('zonedTimeToUtc properties', () => {
  it('formats back to the requested wall time whenever that time exists, else lands right after the gap', () => {
    fc.assert(
      fc.property(localArb, fc.constantFrom(...zones), (local, zone) => {
        const at = zonedTimeToUtc(local, zone);
        const back = localDateTime(at, zone);
        const exists =
          back.year === local.year &&
          back.month === local.month &&
          back.day === local.day &&
          back.hour === local.hour &&
          back.minute === local.minute;
        if (exists) {
          expect(back.second).toBe(0);
          // The first occurrence: a minute earlier in UTC it was not yet that wall time... on the same date.
          const hourEarlier = localDateTime(new Date(at.getTime() - 3_600_000), zone);
          expect(hourEarlier.hour === local.hour && hourEarlier.minute === local.minute && hourEarlier.day === local.day).toBe(false);
        } else {
          // Skipped: one second earlier the clocks showed a time before the requested one.
          const justBefore = localDateTime(new Date(at.getTime() - 1000), zone);
          const minutes = (d: { hour: number; minute: number }) => d.hour * 60 + d.minute;
          expect(justBefore.day === local.day ? minutes(justBefore) < minutes(local) : true).toBe(true);
          expect(minutes(back) > minutes(local) || back.day !== local.day).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the exact time for instants that exist (round trip from UTC)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1) / 60_000, max: Date.UTC(2060, 0, 1) / 60_000 }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const instant = new Date(minute * 60_000);
          const local = localDateTime(instant, zone);
          const at = zonedTimeToUtc(local, zone);
          // Equal, or the earlier of two instants showing the same wall time.
          expect(at.getTime() <= instant.getTime()).toBe(true);
          expect(localDateTime(at, zone)).toEqual(local);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('nextLocalRun is strictly later, on the wall time (or just after a gap), within two days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2050, 0, 1) }),
        fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }),
        fc.constantFrom(...zones),
        (ms, time, zone) => {
          const after = new Date(ms);
          const { at, localDate } = nextLocalRun(after, time, zone);
          expect(at.getTime()).toBeGreaterThan(after.getTime());
          expect(at.getTime() - after.getTime()).toBeLessThanOrEqual(2 * 86_400_000);
          expect(at).toEqual(zonedTimeToUtc({ ...parseDate(localDate), ...time }, zone));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

function parseDate(s: string) {
  const [y, m, d] = s.split('-').map(Number);
  return { year: y!, month: m!, day: d! };
}

describe('nextLocalRun', () => {
  it('keeps 09:00 London at 09:00 local across both DST changes', () => {
    let after = new Date('2030-03-29T12:00:00Z');
    const runs: string[] = [];
    for (let i = 0; i < 4; i++) {
      const next = nextLocalRun(after, { hour: 9, minute: 0 }, 'Europe/London');
      runs.push(iso(next.at));
      after = next.at;
    }
    expect(runs).toEqual(['2030-03-30T09:00:00.000Z', '2030-03-31T08:00:00.000Z', '2030-04-01T08:00:00.000Z', '2030-04-02T08:00:00.000Z']);
    expect(iso(nextLocalRun(new Date('2030-10-26T08:00:00Z'), { hour: 9, minute: 0 }, 'Europe/London').at)).toBe(
      '2030-10-27T09:00:00.000Z',
    );
  });

  it('is today when the time has not passed yet, tomorrow when it has', () => {
    expect(nextLocalRun(new Date('2030-01-15T08:59:00Z'), { hour: 9, minute: 0 }, 'UTC').localDate).toBe('2030-01-15');
    expect(nextLocalRun(new Date('2030-01-15T09:00:00Z'), { hour: 9, minute: 0 }, 'UTC').localDate).toBe('2030-01-16');
  });
});

describe('parsing', () => {
  it('accepts HH:MM and H:MM, refuses the rest', () => {
    expect(parseLocalTime('09:30')).toEqual({ hour: 9, minute: 30 });
    expect(parseLocalTime('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseLocalTime('23:59')).toEqual({ hour: 23, minute: 59 });
    for (const bad of ['25:00', '24:00', '12:60', '9', '9am', '09:3', '', '09:30:00', '-1:00']) expect(parseLocalTime(bad)).toBeUndefined();
  });

  it('knows IANA zones and UTC, not made-up ones', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(knownTimeZones()).toContain('UTC');
    expect(knownTimeZones()).toContain('America/New_York');
  });

  it('suggests zones by prefix, city and words', () => {
    expect(suggestTimeZones('')).toContain('UTC');
    expect(suggestTimeZones('new york')).toEqual(['America/New_York']);
    expect(suggestTimeZones('london')[0]).toBe('Europe/London');
    expect(suggestTimeZones('europe/').every((z) => z.startsWith('Europe/'))).toBe(true);
    expect(suggestTimeZones('europe/')).toHaveLength(25);
    expect(suggestTimeZones('mars')).toEqual([]);
  });

  it('gives local dates and day arithmetic', () => {
    expect(localDateString(new Date('2030-01-01T03:00:00Z'), 'America/New_York')).toBe('2029-12-31');
    expect(addDays({ year: 2030, month: 2, day: 28 }, 1)).toEqual({ year: 2030, month: 3, day: 1 });
    expect(addDays({ year: 2032, month: 2, day: 28 }, 1)).toEqual({ year: 2032, month: 2, day: 29 });
  });
});
