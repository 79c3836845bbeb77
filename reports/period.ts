// Report periods under NĐ 09/2019 Art. 12 / TT 01/2020 (docs/domain.md §1.2): data run from the
// cut-off day of the month before the period to the day before the cut-off in its last month
// (quarter Q2 = 15/03 → 14/06). A cut-off day of 1 gives calendar periods, which some districts ask for.
import { dateIn, displayDate, VN_TIME_ZONE } from '../core/clock';

export interface Period {
  /** Inclusive, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  kind: 'month' | 'quarter' | 'half' | 'nine_months' | 'year' | 'range';
  /** The period as written after "Báo cáo …" (vi) — e.g. "quý II năm 2024". */
  label: { vi: string; en: string };
  year: number;
}

// NĐ 09/2019 Art. 12: the data of a period start on the 15th of the previous month.
export const DEFAULT_CUTOFF_DAY = 15;

const ROMAN = ['I', 'II', 'III', 'IV'];

export class PeriodError extends Error {}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The window of months [firstMonth..lastMonth] of year y (firstMonth may be ≤ 0: previous year). */
function window(y: number, firstMonth: number, lastMonth: number, cutoff: number): { from: string; to: string } {
  if (cutoff === 1) {
    const fy = firstMonth < 1 ? y - 1 : y;
    const fm = firstMonth < 1 ? firstMonth + 12 : firstMonth;
    return { from: iso(fy, fm, 1), to: iso(y, lastMonth, daysIn(y, lastMonth)) };
  }
  let pm = firstMonth - 1;
  let py = y;
  if (pm < 1) {
    pm += 12;
    py -= 1;
  }
  return { from: iso(py, pm, cutoff), to: iso(y, lastMonth, cutoff - 1) };
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

/**
 * Parses "2024-Q2", "2024-06", "2024-H1", "2024-H2", "2024-9M", "2024", or a from/to pair.
 * Throws PeriodError with a message saying what is accepted.
 */
export function parsePeriod(spec: string | { from: string; to: string }, cutoffDay = DEFAULT_CUTOFF_DAY): Period {
  if (!Number.isInteger(cutoffDay) || cutoffDay < 1 || cutoffDay > 28) throw new PeriodError('ngày chốt số liệu (REPORT_CUTOFF_DAY) phải từ 1 đến 28');
  if (typeof spec !== 'string') {
    if (!isIsoDate(spec.from) || !isIsoDate(spec.to)) throw new PeriodError('--from và --to phải là ngày có thật, dạng YYYY-MM-DD');
    if (spec.from > spec.to) throw new PeriodError('--from không được sau --to');
    const vi = `từ ngày ${viDate(spec.from)} đến ngày ${viDate(spec.to)}`;
    return { ...spec, kind: 'range', label: { vi, en: `${spec.from} to ${spec.to}` }, year: Number(spec.to.slice(0, 4)) };
  }
  const s = spec.trim().toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(s))) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return {
      ...window(y, 3 * q - 2, 3 * q, cutoffDay),
      kind: 'quarter',
      year: y,
      label: { vi: `quý ${ROMAN[q - 1]} năm ${y}`, en: `Q${q} ${y}` },
    };
  }
  if ((m = /^(\d{4})-H([12])$/.exec(s))) {
    const y = Number(m[1]);
    const h = Number(m[2]);
    return {
      ...window(y, h === 1 ? 1 : 7, h === 1 ? 6 : 12, cutoffDay),
      kind: 'half',
      year: y,
      label: { vi: `6 tháng ${h === 1 ? 'đầu' : 'cuối'} năm ${y}`, en: `H${h} ${y}` },
    };
  }
  // Nine months (NĐ 09/2019 Art. 12: 15/12 of the previous year → 14/9).
  if ((m = /^(\d{4})-9M$/.exec(s))) {
    const y = Number(m[1]);
    return { ...window(y, 1, 9, cutoffDay), kind: 'nine_months', year: y, label: { vi: `9 tháng năm ${y}`, en: `9 months ${y}` } };
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) throw new PeriodError(`không có tháng ${m[2]}`);
    return { ...window(y, mo, mo, cutoffDay), kind: 'month', year: y, label: { vi: `tháng ${mo} năm ${y}`, en: `${y}-${pad(mo)}` } };
  }
  if ((m = /^(\d{4})$/.exec(s))) {
    const y = Number(m[1]);
    return { ...window(y, 1, 12, cutoffDay), kind: 'year', year: y, label: { vi: `năm ${y}`, en: String(y) } };
  }
  throw new PeriodError(`không hiểu kỳ báo cáo "${spec}": dùng 2024-Q2, 2024-06, 2024-H1, 2024-H2, 2024-9M, 2024, hoặc --from/--to YYYY-MM-DD`);
}

/** '2024-06-14' → '14/06/2024' (core/clock.ts). */
export const viDate = displayDate;

/** Today's date in the office's time zone, 'YYYY-MM-DD' (report periods compare dates). */
export function todayIn(timeZone = VN_TIME_ZONE, now = new Date()): string {
  return dateIn(timeZone, now);
}
