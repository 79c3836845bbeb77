// The figures of the quarterly report, computed with SQL aggregates (one scan of the dossiers
// in the window, one of the ratings) so that a quarter of 100 000 dossiers stays fast.
// Counting rules: docs/domain.md §1.4 (form 06a), §2.1 (the 18-point satisfaction score).
import { sql } from 'drizzle-orm';
import type { Db } from '../models/db';
import { dossierPeriodCounts, type DossierGroupCounts } from '../models/repos/dossier-figures';
import { translator } from '../core/i18n';
import type { Period } from './period';
import { loadFeedbackCounts, type FeedbackFigures } from './feedback';
import { checkConsistency, type Warning } from './checks';
import { sampleCatalogRows } from '../knowledge/catalog';

export type Source = 'mot_cua' | 'lien_thong' | 'chung_thuc_dien_tu';
export const SOURCES: readonly Source[] = ['mot_cua', 'lien_thong', 'chung_thuc_dien_tu'];

/** One row of form 06a (columns 3–13). */
export interface Row06a {
  received: { total: number; online: number; direct_postal: number; carried_over: number };
  resolved: { total: number; before_due: number; on_time: number; late: number };
  in_process: { total: number; within_due: number; overdue: number };
}

export interface FieldRow extends Row06a {
  /** Lĩnh vực as recorded on the dossiers ('' when missing). */
  field: string;
}

export type SatisfactionLevel = 'rat_hai_long' | 'hai_long' | 'binh_thuong' | 'khong_hai_long';
export const LEVELS: readonly SatisfactionLevel[] = ['rat_hai_long', 'hai_long', 'binh_thuong', 'khong_hai_long'];

export type Rating = 'xuat_sac' | 'tot' | 'kha' | 'trung_binh' | 'yeu';

export interface SatisfactionFigures {
  forms: number;
  /** Sum of the index scores (max 18); null when no form has any index. */
  score: number | null;
  rating: Rating | null;
  /** The rating as the report prints it ("Xuất sắc"). */
  rating_label: string | null;
  /** Score of index 1…9 (average rounded to one decimal), null = no data. */
  indices: (number | null)[];
  /** Share of each level among the forms that state one, percent with one decimal. */
  levels: Record<SatisfactionLevel, number>;
  level_counts: Record<SatisfactionLevel, number>;
}

export interface ReportFigures {
  period: { from: string; to: string; label: string };
  procedures_total: number;
  dossiers: Row06a & {
    by_field: FieldRow[];
    by_source: Record<Source, Row06a>;
    /** Divides the received total (col 3) by the procedure's online level (docs/domain.md §1.5). */
    by_online_level: { full_online: number; partial_online: number; other: number; unknown: number };
    /**
     * Dossiers received in the period (cols 4 + 5) per online level of their procedure, and how many
     * of them came online: the online-service rate of section I.8 (received online / received).
     */
    online_uptake: { full_online: { received: number; online: number }; partial_online: { received: number; online: number } };
    /** Finished or withdrawn dossiers with no end date: counted neither as resolved nor in process. */
    missing_end_date: number;
    /** Dossiers (statuses other than 1, 3) without a receipt date: no period can count them. */
    missing_received_date: number;
  };
  feedback: FeedbackFigures;
  satisfaction: SatisfactionFigures;
  /** Apology letters (Phiếu xin lỗi và hẹn lại ngày trả kết quả) dated in the period. */
  apologies: number;
  /** Of those, dossiers that ended after their original due date (on time only by the new date). */
  apologies_late_by_original_due: number;
  apologies_without_new_due: number;
  /** Apology letters per field, and what became of their dossiers (the 5.6 explanation). */
  apologies_detail: {
    by_field: { field: string; count: number }[];
    /** Ended after the original date but by the new one: on time in 06a. */
    ended_by_new_due: number;
    /** Ended after the new date too: late in 06a. */
    ended_after_new_due: number;
    /** Not ended by the period end. */
    open: number;
  };
  /** Where procedures_total comes from: the shipped sample catalog, an empty table, or the commune's own. */
  procedures_source: 'catalog' | 'sample' | 'empty';
  warnings: Warning[];
}

export function emptyRow(): Row06a {
  return {
    received: { total: 0, online: 0, direct_postal: 0, carried_over: 0 },
    resolved: { total: 0, before_due: 0, on_time: 0, late: 0 },
    in_process: { total: 0, within_due: 0, overdue: 0 },
  };
}

function addInto(target: Row06a, src: Row06a): void {
  for (const group of ['received', 'resolved', 'in_process'] as const) {
    const t = target[group] as unknown as Record<string, number>;
    const s = src[group] as unknown as Record<string, number>;
    for (const k of Object.keys(s)) t[k] = (t[k] ?? 0) + s[k]!;
  }
}

type Rows<T> = { rows: T[] };
const rowsOf = <T>(r: unknown): T[] => (r as Rows<T>).rows;


function toRow(g: DossierGroupCounts): Row06a {
  const received = { online: g.rec_online, direct_postal: g.rec_direct, carried_over: g.carried };
  const resolved = { before_due: g.res_before, on_time: g.res_on_time, late: g.res_late };
  const inProcess = { within_due: g.proc_within, overdue: g.proc_overdue };
  return {
    received: { total: received.online + received.direct_postal + received.carried_over, ...received },
    resolved: { total: resolved.before_due + resolved.on_time + resolved.late, ...resolved },
    in_process: { total: inProcess.within_due + inProcess.overdue, ...inProcess },
  };
}

async function apologyFigures(db: Db, from: string, to: string) {
  const result = await db.execute(sql`
    select coalesce(field, '') as field, count(*)::int as total,
      (count(*) filter (where coalesce(end_date, returned_date) > due_date))::int as late_by_original,
      (count(*) filter (where new_due_date is null))::int as without_new_due,
      (count(*) filter (where coalesce(end_date, returned_date) <= ${to}::date and coalesce(end_date, returned_date) > due_date
                          and coalesce(end_date, returned_date) <= new_due_date))::int as by_new_due,
      (count(*) filter (where coalesce(end_date, returned_date) <= ${to}::date and coalesce(end_date, returned_date) > new_due_date))::int as after_new_due,
      (count(*) filter (where coalesce(end_date, returned_date) is null or coalesce(end_date, returned_date) > ${to}::date))::int as open
    from dossiers
    where status not in (1, 3) and apology_date between ${from}::date and ${to}::date
    group by coalesce(field, '')
  `);
  const rows = rowsOf<Record<string, string | number>>(result);
  const sum = (k: string) => rows.reduce((n, r) => n + Number(r[k]), 0);
  return {
    total: sum('total'),
    lateByOriginal: sum('late_by_original'),
    withoutNewDue: sum('without_new_due'),
    detail: {
      by_field: rows
        .map((r) => ({ field: String(r.field).trim(), count: Number(r.total) }))
        .sort((a, b) => b.count - a.count || a.field.localeCompare(b.field, 'vi')),
      ended_by_new_due: sum('by_new_due'),
      ended_after_new_due: sum('after_new_due'),
      open: sum('open'),
    },
  };
}

async function missingReceivedDate(db: Db): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from dossiers where received_date is null and status not in (1, 3)`);
  return Number(rowsOf<{ n: number }>(result)[0]!.n);
}

/** TT 01/2018 Art. 15.3.b: ≥15 Xuất sắc; 12–<15 Tốt; 9–<12 Khá; 6–<9 Trung bình; <6 Yếu. */
export function ratingOf(score: number): Rating {
  if (score >= 15) return 'xuat_sac';
  if (score >= 12) return 'tot';
  if (score >= 9) return 'kha';
  if (score >= 6) return 'trung_binh';
  return 'yeu';
}

/** count/total as a percentage rounded half-up to one decimal (0,88 → 0,9). */
export function share(count: number, total: number): number {
  if (!total) return 0;
  return Math.round((count * 1000) / total) / 10;
}

export async function satisfactionFigures(db: Db, from: string, to: string): Promise<SatisfactionFigures> {
  // Art. 15.2: each index = average over the forms that have it, rounded to one decimal (numeric
  // rounding in SQL, so 1.85 → 1.9 exactly); an index with no data is left out (Art. 15.4.b).
  const result = await db.execute(sql`
    select count(*)::int as forms,
      round(avg(idx1)::numeric, 1)::text as i1, round(avg(idx2)::numeric, 1)::text as i2,
      round(avg(idx3)::numeric, 1)::text as i3, round(avg(idx4)::numeric, 1)::text as i4,
      round(avg(idx5)::numeric, 1)::text as i5, round(avg(idx6)::numeric, 1)::text as i6,
      round(avg(idx7)::numeric, 1)::text as i7, round(avg(idx8)::numeric, 1)::text as i8,
      round(avg(idx9)::numeric, 1)::text as i9,
      (count(*) filter (where level = 'rat_hai_long'))::int as rat_hai_long,
      (count(*) filter (where level = 'hai_long'))::int as hai_long,
      (count(*) filter (where level = 'binh_thuong'))::int as binh_thuong,
      (count(*) filter (where level = 'khong_hai_long'))::int as khong_hai_long,
      count(level)::int as with_level
    from ratings
    where rated_on between ${from}::date and ${to}::date
  `);
  const r = rowsOf<Record<string, string | number | null>>(result)[0]!;
  const indices = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => (r[`i${i}`] == null ? null : Number(r[`i${i}`])));
  const present = indices.filter((v): v is number => v !== null);
  // Sum in tenths so 17.1 stays 17.1 (no binary float drift).
  const score = present.length ? present.reduce((s, v) => s + Math.round(v * 10), 0) / 10 : null;
  const withLevel = Number(r.with_level);
  const level_counts = Object.fromEntries(LEVELS.map((l) => [l, Number(r[l])])) as Record<SatisfactionLevel, number>;
  const levels = Object.fromEntries(LEVELS.map((l) => [l, share(level_counts[l], withLevel)])) as Record<SatisfactionLevel, number>;
  return { forms: Number(r.forms), score, rating: score === null ? null : ratingOf(score), rating_label: null, indices, levels, level_counts };
}

/** Active procedures, and whether the catalog is still the shipped sample (its codes, all of them). */
async function proceduresTotal(db: Db): Promise<{ total: number; source: 'catalog' | 'sample' | 'empty' }> {
  const result = await db.execute(sql`select code from procedures where active`);
  const codes = rowsOf<{ code: string }>(result).map((r) => r.code);
  if (!codes.length) return { total: 0, source: 'empty' };
  const sample = new Set(sampleCatalogRows().map((r) => String(r.code)));
  const isSample = codes.length === sample.size && codes.every((c) => sample.has(c));
  return { total: codes.length, source: isSample ? 'sample' : 'catalog' };
}

export interface ComputeOptions {
  /** Language of the warning messages. */
  lang?: 'vi' | 'en';
}

export async function computeFigures(db: Db, period: Period, opts: ComputeOptions = {}): Promise<ReportFigures> {
  const { from, to } = period;
  const [groups, apologies, satisfaction, feedback, procedures, noReceived] = await Promise.all([
    dossierPeriodCounts(db, from, to),
    apologyFigures(db, from, to),
    satisfactionFigures(db, from, to),
    loadFeedbackCounts(db, from, to),
    proceduresTotal(db),
    missingReceivedDate(db),
  ]);
  satisfaction.rating_label = satisfaction.rating ? translator(opts.lang ?? 'vi')(`reports:ratings.${satisfaction.rating}`) : null;

  const total = emptyRow();
  const byField = new Map<string, Row06a>();
  const bySource = Object.fromEntries(SOURCES.map((s) => [s, emptyRow()])) as Record<Source, Row06a>;
  const byLevel = { full_online: 0, partial_online: 0, other: 0, unknown: 0 };
  const uptake = { full_online: { received: 0, online: 0 }, partial_online: { received: 0, online: 0 } };
  let missingEnd = 0;
  for (const g of groups) {
    const row = toRow(g);
    addInto(total, row);
    const field = g.field?.trim() ?? '';
    if (!byField.has(field)) byField.set(field, emptyRow());
    addInto(byField.get(field)!, row);
    addInto(bySource[(SOURCES as readonly string[]).includes(g.source ?? '') ? (g.source as Source) : 'mot_cua'], row);
    const n = row.received.total;
    const level = g.online_level === 'toan_trinh' ? 'full_online' : g.online_level === 'mot_phan' ? 'partial_online' : null;
    if (level) {
      uptake[level].received += g.rec_online + g.rec_direct;
      uptake[level].online += g.rec_online;
    }
    if (g.online_level === 'toan_trinh') byLevel.full_online += n;
    else if (g.online_level === 'mot_phan') byLevel.partial_online += n;
    else {
      byLevel.other += n;
      if (g.online_level == null) byLevel.unknown += n;
    }
    missingEnd += g.no_end;
  }
  const by_field = [...byField.entries()]
    .map(([field, row]) => ({ field, ...row }))
    .filter((r) => r.received.total + r.resolved.total + r.in_process.total > 0)
    // Fields without a name go last; the others in Vietnamese alphabetical order.
    .sort((a, b) => (a.field === '' ? 1 : b.field === '' ? -1 : a.field.localeCompare(b.field, 'vi')));

  const figures: ReportFigures = {
    period: { from, to, label: period.label[opts.lang ?? 'vi'] },
    procedures_total: procedures.total,
    procedures_source: procedures.source,
    dossiers: { ...total, by_field, by_source: bySource, by_online_level: byLevel, online_uptake: uptake, missing_end_date: missingEnd, missing_received_date: noReceived },
    feedback,
    satisfaction,
    apologies: apologies.total,
    apologies_late_by_original_due: apologies.lateByOriginal,
    apologies_without_new_due: apologies.withoutNewDue,
    apologies_detail: apologies.detail,
    warnings: [],
  };
  figures.warnings = checkConsistency(figures, opts.lang ?? 'vi');
  return figures;
}
