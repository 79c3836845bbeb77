// Office hours (OFFICE_HOURS, OFFICE_DAYS) in Asia/Ho_Chi_Minh: is someone there now, and if not,
// when does the office open next. The fixed UTC+7 offset is exact (core/clock.ts).
import { DAY_MS, VN_OFFSET_MS } from '../../core/clock';

export { displayDate, vnParts } from '../../core/clock';

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
