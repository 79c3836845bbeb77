// When an answer is due: working days per kind (FEEDBACK_DUE_DAYS over the defaults) counted on the
// office days, dates in Asia/Ho_Chi_Minh. docs/domain.md §3.1.
import type { FeedbackKind } from '../../schema/feedback';
import { addDays, isoWeekday } from '../../../core/clock';
import { ALL_KINDS } from './states';

/** The date n working days after `from` (working days = office days; public holidays not known). */
export function addWorkingDays(from: string, n: number, officeDays: readonly number[]): string {
  let day = from;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (officeDays.includes(isoWeekday(day))) left--;
  }
  return day;
}

/** "quy_dinh=10,giai_quyet=5" → per-kind working days, unknown kinds ignored, defaults kept. */
export function parseDueDays(spec: string, defaults: Record<FeedbackKind, number>): Record<FeedbackKind, number> {
  const out = { ...defaults };
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k && v && (ALL_KINDS as readonly string[]).includes(k) && /^\d+$/.test(v)) out[k as FeedbackKind] = Number(v);
  }
  return out;
}

// The answer deadline for a commune is not fixed by NĐ 20/2008 (docs/domain.md §3.1: suggested
// default 10 working days, to be confirmed by the district); conduct complaints are transferred
// within 03–05 working days in ministry practice, hence 5; a support request within 1 working day.
export const DEFAULT_DUE_WORKING_DAYS: Record<FeedbackKind, number> = {
  quy_dinh: 10,
  giai_quyet: 5,
  kien_nghi: 10,
  khac: 10,
  ho_tro: 1,
};
