// Time as the commune sees it. Every date a person reads, every "today", every period and every
// deadline is a calendar day in Asia/Ho_Chi_Minh (docs/domain.md, "Dates and time"). Vietnam has
// kept UTC+7 with no daylight saving since 1975, so a fixed offset is exact.

/** The commune's time zone (also the default of TZ_DISPLAY). */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where "now" comes from. Code that depends on the time takes a Clock (defaulting to the system's)
 * so tests can fix it instead of sleeping.
 */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD' of an instant in a time zone (en-CA formats as YYYY-MM-DD). */
export function dateIn(timeZone: string, at: Date = new Date()): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(at);
}

/** "Today in Vietnam": 'YYYY-MM-DD' of an instant in Asia/Ho_Chi_Minh. */
export function vnDate(at: Date = new Date()): string {
  return dateIn(VN_TIME_ZONE, at);
}

/** The instant a Vietnamese calendar day ('YYYY-MM-DD') starts. */
export function vnDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);
}

/** Clock time of an instant in a time zone, 'HH:mm'. */
export function clockIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a 'YYYY-MM-DD' date. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** 'YYYY-MM-DD' plus n calendar days (n may be negative). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Calendar days from one 'YYYY-MM-DD' to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** "07:30", "30/11/2026" and the ISO weekday of an instant, in Asia/Ho_Chi_Minh. */
export function vnParts(at: Date): { time: string; date: string; weekday: number } {
  const local = new Date(at.getTime() + VN_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  const w = local.getUTCDay();
  return {
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
    date: `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`,
    weekday: w === 0 ? 7 : w,
  };
}

/** 'YYYY-MM-DD' → 'DD/MM/YYYY' (how dates are written in Vietnam). */
export function displayDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
