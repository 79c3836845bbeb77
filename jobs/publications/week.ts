// ISO weeks (Monday–Sunday) as the commune sees them: dates in Asia/Ho_Chi_Minh.
import { dateIn, VN_TIME_ZONE } from '../../core/clock';
export const PUBLICATION_TZ = VN_TIME_ZONE;

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

export interface IsoWeek {
  week: string;
  /** Monday, YYYY-MM-DD */
  start: string;
  /** Sunday, YYYY-MM-DD */
  end: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** A week that is not one: not written like 2024-W24 (`form`), or past the year's last week (`range`).
 * Typed so that a tool says it to staff in their language (cli:publications.draft.bad_week_*). */
export class IsoWeekError extends Error {
  constructor(
    readonly reason: 'form' | 'range',
    readonly text: string,
    /** With `range`: the year and how many ISO weeks it has. */
    readonly year?: number,
    readonly weeks?: number,
  ) {
    super(reason === 'form' ? `"${text}" is not an ISO week; write it like 2024-W24.` : `${year} has no week ${text.slice(6)} (it has ${weeks} ISO weeks).`);
    this.name = 'IsoWeekError';
  }
}

/** Parses "2024-W24"; throws IsoWeekError saying the expected form. */
export function parseIsoWeek(text: string): IsoWeek {
  const m = WEEK_RE.exec(text.trim());
  if (!m) throw new IsoWeekError('form', text);
  const year = Number(m[1]);
  const w = Number(m[2]);
  if (w < 1 || w > weeksInYear(year)) throw new IsoWeekError('range', text.trim(), year, weeksInYear(year));
  // Week 1 is the week with 4 January in it.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = addDays(jan4, -((jan4.getUTCDay() + 6) % 7));
  const start = addDays(monday1, (w - 1) * 7);
  return { week: `${year}-W${String(w).padStart(2, '0')}`, start: day(start), end: day(addDays(start, 6)) };
}

function weeksInYear(year: number): number {
  // A year has 53 ISO weeks when 28 December falls in week 53.
  return isoWeekOfDate(new Date(Date.UTC(year, 11, 28))).w;
}

function isoWeekOfDate(d: Date): { year: number; w: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = (t.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = addDays(t, 3 - dow);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  return { year, w: 1 + Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000)) };
}

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Ho_Chi_Minh. */
export function localDate(at: Date, tz = PUBLICATION_TZ): string {
  return dateIn(tz, at);
}

/** The ISO week that contains the instant, in the commune's time zone. */
export function isoWeekAt(at: Date, tz = PUBLICATION_TZ): IsoWeek {
  const d = new Date(`${localDate(at, tz)}T00:00:00Z`);
  const { year, w } = isoWeekOfDate(d);
  return parseIsoWeek(`${year}-W${String(w).padStart(2, '0')}`);
}

/** The last complete week before the instant (what a Monday-morning run publishes). */
export function previousIsoWeek(at: Date, tz = PUBLICATION_TZ): IsoWeek {
  const monday = Date.parse(`${isoWeekAt(at, tz).start}T12:00:00+07:00`);
  return isoWeekAt(new Date(monday - 7 * 86_400_000), tz);
}

/** Hour of day (0–23) in the commune's time zone. */
export function localHour(at: Date, tz = PUBLICATION_TZ): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' }).format(at));
}
