// One entry point for the CLI and the admin page: period → figures → draft → documents, with the
// checks that decide whether a period may be reported (ended, has data) and what date is printed.
import type { Config } from '../core/config';
import type { Db } from '../models/db';
import { computeFigures, type ReportFigures } from './figures';
import { isIsoDate, parsePeriod, todayIn, type Period } from './period';
import { loadTemplate, type ReportSettings, type ReportTemplate } from './template';
import { openDraft, unconfirmed, type Draft, type DraftContent } from './draft';

export type PeriodSpec = string | { from: string; to: string };

type ReportConfig = Pick<
  Config,
  'REPORT_CUTOFF_DAY' | 'REPORT_TEMPLATE' | 'TZ_DISPLAY' | 'COMMUNE_NAME' | 'REPORT_PARENT_BODY' | 'REPORT_PLACE' | 'REPORT_SIGNER_AUTHORITY' | 'REPORT_SIGNER_TITLE' | 'REPORT_SIGNER_NAME'
>;

export function periodFor(spec: PeriodSpec, config: Pick<Config, 'REPORT_CUTOFF_DAY'>): Period {
  return parsePeriod(spec, config.REPORT_CUTOFF_DAY);
}

/** NĐ 30/2020 Phụ lục I: a commune's report is signed on behalf of the People's Committee by its chairman. */
export const DEFAULT_SIGNER = { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH' } as const;

export function reportSettings(config: ReportConfig): ReportSettings {
  return {
    parentBody: config.REPORT_PARENT_BODY ?? '',
    commune: config.COMMUNE_NAME,
    place: config.REPORT_PLACE ?? config.COMMUNE_NAME.replace(/^\s*(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(xã|phường|thị trấn|đặc khu)\s+/i, '').trim(),
    signerAuthority: config.REPORT_SIGNER_AUTHORITY ?? DEFAULT_SIGNER.authority,
    signerTitle: config.REPORT_SIGNER_TITLE ?? DEFAULT_SIGNER.title,
    signerName: config.REPORT_SIGNER_NAME ?? '',
  };
}

export async function reportFigures(db: Db, period: Period, lang: 'vi' | 'en' = 'vi'): Promise<ReportFigures> {
  return computeFigures(db, period, { lang });
}

/** Why a period cannot be reported yet: not ended, or no dossier at all. Produced only when forced. */
export type Blocker = { code: 'not_ended'; to: string } | { code: 'no_data' };

export function blockers(period: Period, figures: ReportFigures, today: string): Blocker[] {
  const out: Blocker[] = [];
  // The office reports on the last day of the window at the earliest (its data run to that day).
  if (today < period.to) out.push({ code: 'not_ended', to: period.to });
  const d = figures.dossiers;
  if (d.received.total + d.resolved.total + d.in_process.total === 0) out.push({ code: 'no_data' });
  return out;
}

export class ReportDateError extends Error {}

/** Checks --date: a real date; returns a warning when it falls before the end of the period. */
export function checkDate(date: string | undefined, period: Period): { warning?: 'date_before_end' } {
  if (date === undefined) return {};
  if (!isIsoDate(date)) throw new ReportDateError(date);
  return date < period.to ? { warning: 'date_before_end' } : {};
}

/** Everything a document needs: figures (frozen at approval, else live), the draft and the template. */
export interface ReportInput {
  period: Period;
  figures: ReportFigures;
  draft: Draft;
  tpl: ReportTemplate;
  settings: ReportSettings;
  /** Labels of the sections and figures still printed as placeholders. */
  unconfirmed: string[];
}

export async function loadReport(
  db: Db,
  period: Period,
  config: ReportConfig,
  opts: { create: boolean; user?: string; lang?: 'vi' | 'en' },
): Promise<ReportInput> {
  const tpl = loadTemplate(config.REPORT_TEMPLATE);
  const draft = await openDraft(db, period, tpl, { create: opts.create, user: opts.user });
  const figures =
    draft.state === 'approved' && draft.approvedFigures ? (draft.approvedFigures as unknown as ReportFigures) : await reportFigures(db, period, opts.lang ?? 'vi');
  return { period, figures, draft, tpl, settings: reportSettings(config), unconfirmed: unconfirmed(tpl, draft) };
}

export function yearOf(config: Pick<Config, 'TZ_DISPLAY'>): number {
  return Number(todayIn(config.TZ_DISPLAY).slice(0, 4));
}

// The document writers are loaded when a report is first generated, not at start: docx and exceljs
// are a few MB of resident memory the assistant otherwise never needs (issue 17). The bundle keeps
// these imports dynamic (scripts/build.mjs, code splitting).
export async function reportDocx(r: ReportInput, config: Pick<Config, 'TZ_DISPLAY'>, date?: string): Promise<Buffer> {
  const { renderDocx } = await import('./docx');
  return renderDocx(r.figures, r.tpl, r.draft as DraftContent, r.settings, { date, year: yearOf(config) });
}

export async function reportXlsx(r: ReportInput, config: Pick<Config, 'TZ_DISPLAY'>, date?: string): Promise<Buffer> {
  const { renderXlsx } = await import('./xlsx');
  return renderXlsx(r.figures, r.settings, { date, year: yearOf(config) });
}
