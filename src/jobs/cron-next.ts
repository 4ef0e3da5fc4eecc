import cron from 'node-cron';
import { UserError } from '../errors.ts';
import { addDays, isValidTimeZone, localDateTime, zonedTimeToUtc, type LocalDate } from './timezone.ts';

/** Days looked ahead for a run; enough for "29 February" patterns. */
const HORIZON_DAYS = 366 * 8;

/** Checks a five-field cron expression and a time zone, with messages a server admin can act on. */
export function validateCron(expression: string, timeZone: string): string {
  const expr = expression.trim().replace(/\s+/g, ' ');
  const fields = expr.split(' ').length;
  if (fields !== 5) {
    throw new UserError('schedule.cron-fields', { got: fields });
  }
  const check = cron.validateDetailed(expr);
  if (!check.valid) {
    const problems = check.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new UserError('schedule.cron-invalid', { expr, problems });
  }
  if (!isValidTimeZone(timeZone)) throw new UserError('schedule.timezone', { name: timeZone });
  return expr;
}

/**
 * The next `count` instants strictly after `after` at which a five-field cron expression fires in a
 * time zone. node-cron decides whether a calendar day matches (its own rules for L, W, #); then every
 * hour and minute of the expression on that day becomes an instant the way the daily quote does it
 * (zonedTimeToUtc): a local time the clocks skip runs at the moment they jump, a local time that
 * happens twice runs once, at its first occurrence. Several skipped times collapse into one run.
 */
export function nextCronRuns(expression: string, timeZone: string, after: Date, count: number): Date[] {
  const fields = cron.parse(expression);
  const hours = [...fields.hour].sort((a, b) => a - b);
  const minutes = [...fields.minute].sort((a, b) => a - b);
  // The day test runs in UTC on the bare calendar date: asking it in the schedule's zone would need a
  // local time that exists that day, and the expression's own time may be in a DST gap.
  const dayMatcher = cron.createTask(expression, () => {}, { timezone: 'UTC' });
  try {
    const out: Date[] = [];
    const start = localDateTime(after, timeZone);
    let date: LocalDate = { year: start.year, month: start.month, day: start.day };
    for (let i = 0; i < HORIZON_DAYS && out.length < count; i++, date = addDays(date, 1)) {
      if (!dayMatcher.match(calendarProbe(date, hours[0]!, minutes[0]!))) continue;
      for (const hour of hours) {
        for (const minute of minutes) {
          const at = zonedTimeToUtc({ ...date, hour, minute }, timeZone);
          const last = out[out.length - 1];
          if (at.getTime() > after.getTime() && (!last || at.getTime() > last.getTime()) && out.length < count) out.push(at);
        }
      }
    }
    return out;
  } finally {
    void dayMatcher.destroy();
  }
}

/** The UTC instant whose UTC wall clock reads `date` at hour:minute (years 0–99 kept as such). */
function calendarProbe(date: LocalDate, hour: number, minute: number): Date {
  const probe = new Date(Date.UTC(2000, date.month - 1, date.day, hour, minute));
  probe.setUTCFullYear(date.year, date.month - 1, date.day);
  return probe;
}
