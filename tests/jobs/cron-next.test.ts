import { describe, expect, it } from 'vitest';
import { nextCronRuns } from '../../src/jobs/cron-next.ts';
import { addDays, formatLocalDate, localDateString, parseLocalDate } from '../../src/jobs/timezone.ts';

const iso = (runs: Date[]): string[] => runs.map((d) => d.toISOString());
const runs = (cron: string, zone: string, after: string, count: number): string[] => iso(nextCronRuns(cron, zone, new Date(after), count));

describe('nextCronRuns on the days clocks spring forward', () => {
  // A local time the clocks skip runs at the moment they jump, like the daily quote.
  it.each([
    // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT at 07:00Z.
    [
      '30 2 * * *',
      'America/New_York',
      '2026-03-07T00:00:00Z',
      ['2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z'],
    ],
    ['0 2 * * 0', 'America/New_York', '2026-03-02T00:00:00Z', ['2026-03-08T07:00:00.000Z', '2026-03-15T06:00:00.000Z']],
    // London, 29 March 2026: 01:00 GMT becomes 02:00 BST at 01:00Z; 02:30 exists that day.
    ['30 1 * * *', 'Europe/London', '2026-03-28T12:00:00Z', ['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']],
    ['30 2 * * *', 'Europe/London', '2026-03-28T12:00:00Z', ['2026-03-29T01:30:00.000Z', '2026-03-30T01:30:00.000Z']],
    // Sydney, 4 October 2026: 02:00 AEST becomes 03:00 AEDT at 16:00Z the day before.
    [
      '30 2 * * *',
      'Australia/Sydney',
      '2026-10-02T00:00:00Z',
      ['2026-10-02T16:30:00.000Z', '2026-10-03T16:00:00.000Z', '2026-10-04T15:30:00.000Z'],
    ],
    ['0 2 * * 0', 'Australia/Sydney', '2026-09-28T00:00:00Z', ['2026-10-03T16:00:00.000Z', '2026-10-10T15:00:00.000Z']],
    // Tehran (DST until 2022), 22 March 2021: midnight IRST becomes 01:00 IRDT at 20:30Z the day before.
    ['30 0 * * *', 'Asia/Tehran', '2021-03-21T00:00:00Z', ['2021-03-21T20:30:00.000Z', '2021-03-22T20:00:00.000Z']],
    // Lord Howe moves by half an hour: 02:00 (+10:30) becomes 02:30 (+11) on 4 October 2026, 15:30Z the day before.
    [
      '0 2 * * *',
      'Australia/Lord_Howe',
      '2026-10-02T12:00:00Z',
      ['2026-10-02T15:30:00.000Z', '2026-10-03T15:30:00.000Z', '2026-10-04T15:00:00.000Z'],
    ],
  ])('%s in %s', (cron, zone, after, expected) => {
    expect(runs(cron, zone, after, expected.length)).toEqual(expected);
  });

  it('runs every skipped quarter hour once, at the jump', () => {
    expect(runs('*/15 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', 3)).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:00:00.000Z',
      '2026-03-09T06:15:00.000Z',
    ]);
    // On Lord Howe 02:00 and 02:15 are skipped, 02:30 and 02:45 exist: the skipped two join 02:30.
    expect(runs('*/15 2 * * *', 'Australia/Lord_Howe', '2026-10-03T12:00:00Z', 3)).toEqual([
      '2026-10-03T15:30:00.000Z',
      '2026-10-03T15:45:00.000Z',
      '2026-10-04T15:00:00.000Z',
    ]);
  });

  it('keeps the order when a skipped time and the jump time are both in the expression', () => {
    expect(runs('30 2,3 * * *', 'America/New_York', '2026-03-08T00:00:00Z', 2)).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T07:30:00.000Z',
    ]);
  });
});

describe('nextCronRuns on the days clocks fall back', () => {
  // A local time that happens twice runs once, at its first occurrence.
  it.each([
    // New York, 1 November 2026: 02:00 EDT becomes 01:00 EST at 06:00Z.
    ['30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']],
    // London, 25 October 2026: 02:00 BST becomes 01:00 GMT at 01:00Z.
    ['30 1 * * *', 'Europe/London', '2026-10-24T12:00:00Z', ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']],
    // Sydney, 5 April 2026: 03:00 AEDT becomes 02:00 AEST at 16:00Z the day before.
    ['30 2 * * *', 'Australia/Sydney', '2026-04-04T00:00:00Z', ['2026-04-04T15:30:00.000Z', '2026-04-05T16:30:00.000Z']],
    ['0 2 * * 0', 'Australia/Sydney', '2026-03-30T00:00:00Z', ['2026-04-04T15:00:00.000Z', '2026-04-11T16:00:00.000Z']],
    // Tehran, 21 September 2021: midnight IRDT becomes 23:00 IRST, so 23:30 happens twice.
    ['30 23 * * *', 'Asia/Tehran', '2021-09-21T00:00:00Z', ['2021-09-21T19:00:00.000Z', '2021-09-22T20:00:00.000Z']],
  ])('%s in %s', (cron, zone, after, expected) => {
    expect(runs(cron, zone, after, expected.length)).toEqual(expected);
  });

  it('does not run the second occurrence when asked from between the two', () => {
    // 05:45Z is 01:45 EDT, after the first 01:30 and before the second (06:30Z).
    expect(runs('30 1 * * *', 'America/New_York', '2026-11-01T05:45:00Z', 1)).toEqual(['2026-11-02T06:30:00.000Z']);
  });

  it('runs the quarter hours of the hour after the change once each', () => {
    // 02:00–02:59 happens once (EST): clocks went from 01:59 EDT back to 01:00.
    expect(runs('*/15 2 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 5)).toEqual([
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T07:15:00.000Z',
      '2026-11-01T07:30:00.000Z',
      '2026-11-01T07:45:00.000Z',
      '2026-11-02T07:00:00.000Z',
    ]);
    expect(runs('*/15 1 * * *', 'America/New_York', '2026-11-01T04:00:00Z', 5)).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T05:15:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T05:45:00.000Z',
      '2026-11-02T06:00:00.000Z',
    ]);
  });
});

describe('a daily cron runs on every local day of a year', () => {
  const cases: [string, string, string][] = [
    ['30 2 * * *', 'America/New_York', '2026-01-01'],
    ['30 1 * * *', 'America/New_York', '2026-01-01'],
    ['30 1 * * *', 'Europe/London', '2026-01-01'],
    ['30 2 * * *', 'Australia/Sydney', '2026-01-01'],
    ['30 0 * * *', 'Asia/Tehran', '2021-01-01'],
    ['30 23 * * *', 'Asia/Tehran', '2021-01-01'],
    ['15 2 * * *', 'Australia/Lord_Howe', '2026-01-01'],
    ['30 0 * * *', 'America/Santiago', '2026-01-01'],
  ];
  it.each(cases)('%s in %s', (cron, zone, firstDay) => {
    const start = parseLocalDate(firstDay);
    const all = nextCronRuns(cron, zone, new Date(`${firstDay}T00:00:00Z`), 400);
    const days = all.map((d) => localDateString(d, zone));
    // Starting at 00:00Z can land after the first local run, so take the year from the first day seen.
    const from = days.indexOf(formatLocalDate(addDays(start, 1)));
    expect(from).toBeGreaterThanOrEqual(0);
    const year = days.slice(from, from + 365);
    expect(year).toEqual(Array.from({ length: 365 }, (_, i) => formatLocalDate(addDays(start, i + 1))));
  });
});
