// Office hours (OFFICE_HOURS, OFFICE_DAYS) in Asia/Ho_Chi_Minh: is someone there now, and if not,
// when does the office open next. Vietnam has kept UTC+7 without daylight saving since 1975,
// so a fixed offset is exact.
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface OfficeHours {
  /** Minutes after midnight. */
  openMin: number;
  closeMin: number;
  /** ISO weekdays, 1 = Monday. */
  days: number[];
}

export function parseOfficeHours(hours: string, days: string): OfficeHours {
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(hours.trim());
  if (!m) throw new Error(`OFFICE_HOURS must look like 07:30-17:00 (got ${hours})`);
  return {
    openMin: Number(m[1]) * 60 + Number(m[2]),
    closeMin: Number(m[3]) * 60 + Number(m[4]),
    days: days.split(',').map((d) => Number(d.trim())).filter((d) => d >= 1 && d <= 7),
  };
}

export interface OfficeState {
  open: boolean;
  /** When open: now. Otherwise the next opening moment. */
  nextOpen: Date;
}

export function officeState(oh: OfficeHours, now: Date = new Date()): OfficeState {
  const local = now.getTime() + VN_OFFSET_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const minute = Math.floor((local - dayStart) / 60_000);
  const weekday = (d: number) => {
    const w = new Date(d).getUTCDay();
    return w === 0 ? 7 : w;
  };
  if (oh.days.includes(weekday(dayStart)) && minute >= oh.openMin && minute < oh.closeMin) {
    return { open: true, nextOpen: now };
  }
  if (!oh.days.length) return { open: false, nextOpen: now };
  // Today later (before opening time), or one of the next 7 days.
  for (let i = 0; i <= 7; i++) {
    const d = dayStart + i * DAY_MS;
    if (!oh.days.includes(weekday(d))) continue;
    if (i === 0 && minute >= oh.openMin) continue;
    return { open: false, nextOpen: new Date(d + oh.openMin * 60_000 - VN_OFFSET_MS) };
  }
  return { open: false, nextOpen: now };
}

/** "07:30" and "30/11/2026" and the ISO weekday of an instant, in Asia/Ho_Chi_Minh. */
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
