// The quarterly report's PAKN figures for a period, as the items stood at the period's end.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db';
import type { FeedbackStatus } from '../../schema/feedback';
import { VN_TIME_ZONE } from '../../../core/clock';
import { PAKN_KINDS, type PaknKind, SUPPORT_KIND } from './states';

export const TIME_ZONE = VN_TIME_ZONE;

export interface FeedbackCounts {
  /** PAKN received in the period (support requests excluded). */
  received: number;
  /** Of those, answered (or answered then closed) by the period end. */
  answered: number;
  /** Of those, still new or being handled at the period end. */
  in_process: number;
  /** Of those, transferred to the competent body (không thuộc thẩm quyền) by the period end. */
  transferred: number;
  /** Of those, answered after the due date, or still open with the due date before the period end. */
  overdue: number;
  by_kind: Record<PaknKind, number>;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Counts for a period [from, to], dates inclusive in Asia/Ho_Chi_Minh. Each PAKN is classified
 * by its status as it stood at the end of `to` (from the audit trail), so a report for a past
 * quarter does not change when items are handled later. received = answered + in_process + transferred.
 */
export async function feedbackCounts(db: Db, period: { from: string; to: string }): Promise<FeedbackCounts> {
  const { from, to } = period;
  if (!DATE_RE.test(from) || !DATE_RE.test(to)) throw new Error(`feedbackCounts: dates must be YYYY-MM-DD (got ${from}, ${to})`);
  // One pass over the audit events of the period's items (a join and a group, not a sub-query per item).
  const result = (await db.execute(sql`
    with items as (
      select f.id, f.kind, f.due_date from feedback f
      where f.kind <> ${SUPPORT_KIND} and f.received_date between ${from}::date and ${to}::date
    ), ev as (
      select e.feedback_id,
        (array_agg(e.to_status order by e.created_at desc, e.id desc))[1] as status,
        min((e.created_at at time zone ${TIME_ZONE})::date) filter (where e.to_status = 'da_tra_loi') as answered_on
      from feedback_events e join items i on i.id = e.feedback_id
      where e.to_status is not null and e.created_at < (${to}::date + 1)::timestamp at time zone ${TIME_ZONE}
      group by e.feedback_id
    ), classified as (
      select i.kind, i.due_date, coalesce(ev.status, 'moi') as status, ev.answered_on
      from items i left join ev on ev.feedback_id = i.id
    )
    select kind, status,
      count(*)::int as n,
      count(*) filter (where
        (status in ('moi', 'dang_xu_ly') and due_date < ${to}::date)
        or (status in ('da_tra_loi', 'da_dong') and answered_on > due_date))::int as late
    from classified group by kind, status
  `)) as unknown as { rows: { kind: string; status: FeedbackStatus; n: number; late: number }[] };
  const out: FeedbackCounts = {
    received: 0, answered: 0, in_process: 0, transferred: 0, overdue: 0,
    by_kind: Object.fromEntries(PAKN_KINDS.map((k) => [k, 0])) as Record<PaknKind, number>,
  };
  for (const r of result.rows) {
    const n = Number(r.n);
    out.received += n;
    out.overdue += Number(r.late);
    if (r.kind in out.by_kind) out.by_kind[r.kind as PaknKind] += n;
    if (r.status === 'da_tra_loi' || r.status === 'da_dong') out.answered += n;
    else if (r.status === 'da_chuyen') out.transferred += n;
    else out.in_process += n;
  }
  return out;
}
