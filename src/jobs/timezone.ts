/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl (no date library): local date and
 * time of an instant, and the instant of a local date and time, with DST gaps and overlaps resolved
 * the way a daily schedule wants them.
 */

export interface LocalTime {
  hour: number;
  minute: number;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export type LocalDateTime = LocalDate & LocalTime;

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
  if (timeZone.trim() === '') return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zones offered to people: what the runtime knows, plus UTC (which some runtimes leave out). */
export function knownTimeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** "HH:MM" (24 h; "9:30" is accepted too) or undefined. */
export function parseLocalTime(text: string): LocalTime | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

export function formatLocalTime(t: LocalTime): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/** The wall-clock date and time (to the second) an instant shows in a zone. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The local calendar date of an instant, as YYYY-MM-DD (what the daily_posts table keys on). */
export function localDateString(instant: Date, timeZone: string): string {
  return formatLocalDate(localDateTime(instant, timeZone));
}

export function formatLocalDate(d: LocalDate): string {
  const y = d.year < 0 ? `-${String(-d.year).padStart(4, '0')}` : String(d.year).padStart(4, '0');
  return `${y}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function parseLocalDate(text: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${text}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** The calendar date `days` after `d` (negative: before). */
export function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function wallAsUtcMs(d: LocalDateTime & { second?: number | undefined }): number {
  const ms = Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second ?? 0);
  // Date.UTC maps years 0–99 to 1900–1999.
  if (d.year >= 0 && d.year < 100) return new Date(ms).setUTCFullYear(d.year);
  return ms;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetMs(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallAsUtcMs(localDateTime(new Date(whole), timeZone)) - whole;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The instant a zone's clocks show `local`.
 * - Twice (clocks go back): the first of the two, so a daily post happens once.
 * - Never (clocks go forward over it): the moment the clocks jump, i.e. the first valid local
 *   minute after it (02:30 on New York's spring-forward night gives 03:00 EDT).
 */
export function zonedTimeToUtc(local: LocalDateTime, timeZone: string): Date {
  const wall = wallAsUtcMs({ year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute });
  const offsets = new Set([offsetMs(wall - DAY, timeZone), offsetMs(wall, timeZone), offsetMs(wall + DAY, timeZone)]);
  const matches = [...offsets].map((o) => wall - o).filter((t) => offsetMs(t, timeZone) === wall - t);
  if (matches.length > 0) return new Date(Math.min(...matches));

  // A gap: before it the offset is smaller, after it larger. Find the jump between wall - after and
  // wall - before, to the second (zones change on whole minutes, Intl reports whole seconds).
  const before = offsetMs(wall - DAY, timeZone);
  const after = offsetMs(wall + DAY, timeZone);
  let lo = Math.floor((wall - Math.max(before, after)) / 1000); // seconds, offset still `before`
  let hi = Math.ceil((wall - Math.min(before, after)) / 1000); // seconds, offset already `after`
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(mid * 1000, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi * 1000);
}

/** When the daily time falls on a given local date (see zonedTimeToUtc for gaps and overlaps). */
export function runInstant(date: LocalDate, time: LocalTime, timeZone: string): Date {
  return zonedTimeToUtc({ year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute }, timeZone);
}

/**
 * The next instant, strictly after `after`, at which the zone's clocks reach `time` for the first
 * time on some local date. A date whose run falls at or before `after` is skipped.
 */
export function nextLocalRun(after: Date, time: LocalTime, timeZone: string): { at: Date; localDate: string } {
  const { year, month, day } = localDateTime(after, timeZone);
  let date: LocalDate = { year, month, day };
  for (let i = 0; i < 4; i++) {
    const at = runInstant(date, time, timeZone);
    if (at.getTime() > after.getTime()) return { at, localDate: formatLocalDate(date) };
    date = addDays(date, 1);
  }
  throw new Error(`no run of ${formatLocalTime(time)} in ${timeZone} after ${after.toISOString()}`);
}

const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
];

/**
 * Zones for autocomplete: names starting with what was typed (or whose city does), then names
 * containing it; spaces match underscores ("new york" finds America/New_York).
 */
export function suggestTimeZones(typed: string, limit = 25): string[] {
  const q = typed.trim().toLowerCase().replace(/\s+/g, '_');
  if (!q) return COMMON_ZONES.slice(0, limit);
  const starts: string[] = [];
  const contains: string[] = [];
  for (const zone of knownTimeZones()) {
    const z = zone.toLowerCase();
    if (z.startsWith(q) || z.slice(z.lastIndexOf('/') + 1).startsWith(q)) starts.push(zone);
    else if (z.includes(q)) contains.push(zone);
  }
  return [...starts, ...contains].slice(0, limit);
}
