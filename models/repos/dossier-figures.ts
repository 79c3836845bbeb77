// How dossiers count in a period: the one statement behind form 06a of the quarterly report
// (reports/figures.ts) and the weekly publication (jobs/publications/prefill.ts), so the two never
// disagree. The rules are docs/domain.md, "How each dossier is counted"; the status groups are
// core/domain.ts.
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import {
  HANDLING_STATUSES, NOT_COUNTED_STATUSES, OPEN_STATUSES, RESOLVED_STATUSES, RESULT_STATUSES, WAITING_STATUSES,
  DOSSIER_STATUS,
} from '../../core/domain';

/** The counts of one (field, source, online level) group. */
export interface DossierGroupCounts {
  field: string | null;
  source: string | null;
  online_level: string | null;
  /** Received in the period, online. */
  rec_online: number;
  /** Received in the period, directly or by post. */
  rec_direct: number;
  /** Received before the period and still counted in it. */
  carried: number;
  /** Resolved in the period before, on, after the due date (withdrawn counts as on time). */
  res_before: number;
  res_on_time: number;
  res_late: number;
  /** In process at the period's end, within or past the due date. */
  proc_within: number;
  proc_overdue: number;
  /** Resolved but without an end date (a warning for the report's checks). */
  no_end: number;
}

const list = (xs: readonly number[]) => sql.raw(xs.join(', '));

/**
 * Counts grouped by (field, source, online level), one scan; from and to inclusive ('YYYY-MM-DD').
 * e = end of processing (end date, else the date the result was returned);
 * due = the appointment date, moved by an apology letter when one set a new date (NĐ 61/2018 Art. 19.9).
 */
export async function dossierPeriodCounts(db: Db, from: string, to: string): Promise<DossierGroupCounts[]> {
  const f = sql`${from}::date`;
  const t = sql`${to}::date`;
  const result = await db.execute(sql`
    with d as (
      select field, source, online_level, channel, status, received_date as r,
             coalesce(end_date, returned_date) as e,
             coalesce(new_due_date, due_date) as due
      from dossiers
      where status not in (${list(NOT_COUNTED_STATUSES)})
        and received_date <= ${t}
        and (received_date >= ${f} or status in (${list(OPEN_STATUSES)}) or coalesce(end_date, returned_date) >= ${f})
    )
    select field, source, online_level,
      (count(*) filter (where r >= ${f} and channel = 'truc_tuyen'))::int as rec_online,
      (count(*) filter (where r >= ${f} and channel is distinct from 'truc_tuyen'))::int as rec_direct,
      (count(*) filter (where r < ${f}))::int as carried,
      (count(*) filter (where status in (${list(RESULT_STATUSES)}) and e between ${f} and ${t} and due is not null and e < due))::int as res_before,
      (count(*) filter (where status in (${list(RESOLVED_STATUSES)}) and e between ${f} and ${t}
                          and (status = ${list([DOSSIER_STATUS.WITHDRAWN])} or due is null or e = due)))::int as res_on_time,
      (count(*) filter (where status in (${list(RESULT_STATUSES)}) and e between ${f} and ${t} and e > due))::int as res_late,
      (count(*) filter (where (status in (${list(OPEN_STATUSES)}) or (status in (${list(RESOLVED_STATUSES)}) and e > ${t}))
                          and (status in (${list(WAITING_STATUSES)}) or due is null or due >= ${t})))::int as proc_within,
      (count(*) filter (where (status in (${list(HANDLING_STATUSES)}) or (status in (${list(RESOLVED_STATUSES)}) and e > ${t})) and due < ${t}))::int as proc_overdue,
      (count(*) filter (where status in (${list(RESOLVED_STATUSES)}) and e is null))::int as no_end
    from d
    group by field, source, online_level
  `);
  return (result as unknown as { rows: DossierGroupCounts[] }).rows.map((r) => ({
    ...r,
    // node-postgres and PGlite both return int4 as numbers; keep it explicit for safety.
    rec_online: Number(r.rec_online),
    rec_direct: Number(r.rec_direct),
    carried: Number(r.carried),
    res_before: Number(r.res_before),
    res_on_time: Number(r.res_on_time),
    res_late: Number(r.res_late),
    proc_within: Number(r.proc_within),
    proc_overdue: Number(r.proc_overdue),
    no_end: Number(r.no_end),
  }));
}

/** The groups added up: the commune's totals for the period. */
export function sumCounts(groups: DossierGroupCounts[]): Omit<DossierGroupCounts, 'field' | 'source' | 'online_level'> {
  const total = { rec_online: 0, rec_direct: 0, carried: 0, res_before: 0, res_on_time: 0, res_late: 0, proc_within: 0, proc_overdue: 0, no_end: 0 };
  for (const g of groups) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += g[k];
  return total;
}
