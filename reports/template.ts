// The frame of the report (data/report-template.json by default, REPORT_TEMPLATE to point elsewhere):
// the sections in order, the sentences that state computed figures ({{placeholders}}) or figures
// staff enter ({{entered.key}}), and the narrative inputs each section asks the commune to write.
// A sentence never states what the data cannot know: that is the commune's own text (reports/draft.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { translator } from '../core/i18n';
import type { ReportFigures } from './figures';
import { vn, vn1 } from './format';
import { viDate } from './period';

const Sentence = z.object({
  text: z.string(),
  /** Printed only when this flag of `flags()` is true. */
  when: z.string().optional(),
});

const Section = z.object({
  key: z.string().min(1),
  heading: z.string().optional(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
  paragraphs: z.array(Sentence).default([]),
  input: z.object({ label: z.string(), hint: z.string(), optional: z.boolean().default(false) }).optional(),
});

const EnteredFigure = z.object({
  key: z.string().regex(/^[a-z0-9_]+$/),
  label: z.string(),
  unit: z.string().default(''),
  /** Office facts and targets carry to the next period (marked "xem lại"); counts do not. */
  carry: z.boolean().default(false),
});

const TemplateSchema = z.object({
  number: z.string(),
  title: z.string(),
  subtitle: z.string(),
  sections: z.array(Section).min(1),
  figures: z.array(EnteredFigure),
  recipients: z.array(z.string()),
  appendix_06a_title: z.string(),
  appendix_5a_title: z.string(),
});

export type ReportTemplate = z.infer<typeof TemplateSchema>;
export type TemplateSection = z.infer<typeof Section>;
export type TemplateFigure = z.infer<typeof EnteredFigure>;

export const SHIPPED_TEMPLATE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'report-template.json');

export class TemplateError extends Error {}

/** Loads and checks the template; the error (in Vietnamese, staff read it) names the file and the bad entry. */
export function loadTemplate(file?: string): ReportTemplate {
  const chosen = file && existsSync(file) ? file : SHIPPED_TEMPLATE;
  if (file && chosen !== file) throw new TemplateError(`Không tìm thấy khung báo cáo ${file}. Sửa biến REPORT_TEMPLATE hoặc chép ${SHIPPED_TEMPLATE} vào đó.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(chosen, 'utf8'));
  } catch (e) {
    throw new TemplateError(`Khung báo cáo ${chosen} không phải JSON hợp lệ: ${(e as Error).message}`);
  }
  const parsed = TemplateSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new TemplateError(`Khung báo cáo ${chosen}: mục "${i.path.join('.')}" không hợp lệ (${i.message}).`);
  }
  return parsed.data;
}

/** The settings printed on the report (core/config.ts: COMMUNE_NAME, REPORT_*). */
export interface ReportSettings {
  /** Cơ quan chủ quản, may be empty (district UBNDs were abolished on 1/7/2025). */
  parentBody: string;
  /** The reporting body, e.g. "UBND xã Hoàng Kim". */
  commune: string;
  /** Place in the date line, e.g. "Hoàng Kim". */
  place: string;
  signerAuthority: string;
  signerTitle: string;
  signerName: string;
}

/** Every value a template sentence may use, formatted as Vietnamese documents print it. */
export function placeholders(f: ReportFigures, s: Pick<ReportSettings, 'commune' | 'parentBody'>): Record<string, string> {
  const t = translator('vi');
  const d = f.dossiers;
  const sat = f.satisfaction;
  const newReceived = d.received.online + d.received.direct_postal;
  const pct = (n: number, total: number) => vn1(total ? Math.round((n * 1000) / total) / 10 : 0);
  const fields = d.by_field.map((r) => `${r.field || t('reports:no_field')} ${vn(r.received.total)} hồ sơ`).join('; ');
  const a = f.apologies_detail;
  const outcome: string[] = [];
  if (a.ended_by_new_due) {
    outcome.push(`${vn(a.ended_by_new_due)} hồ sơ đã trả kết quả sau ngày hẹn ban đầu nhưng đúng ngày hẹn lại ghi trong phiếu, nên Biểu 06a tính là đúng hạn, không tính quá hạn`);
  }
  if (a.ended_after_new_due) outcome.push(`${vn(a.ended_after_new_due)} hồ sơ trả kết quả sau cả ngày hẹn lại (tính quá hạn)`);
  if (a.open) outcome.push(`${vn(a.open)} hồ sơ chưa trả kết quả đến ngày ${viDate(f.period.to)}`);
  const up = d.online_uptake;
  return {
    commune: s.commune,
    parent_body: s.parentBody,
    period_label: f.period.label,
    from: viDate(f.period.from),
    to: viDate(f.period.to),
    year: f.period.to.slice(0, 4),
    procedures_total: vn(f.procedures_total),
    received_total: vn(d.received.total),
    received_online: vn(d.received.online),
    received_direct_postal: vn(d.received.direct_postal),
    received_new: vn(newReceived),
    carried_over: vn(d.received.carried_over),
    resolved_total: vn(d.resolved.total),
    before_due: vn(d.resolved.before_due),
    on_time: vn(d.resolved.on_time),
    late: vn(d.resolved.late),
    timely_rate: pct(d.resolved.before_due + d.resolved.on_time, d.resolved.total),
    in_process_total: vn(d.in_process.total),
    within_due: vn(d.in_process.within_due),
    overdue: vn(d.in_process.overdue),
    src_mot_cua: vn(d.by_source.mot_cua.received.total),
    src_lien_thong: vn(d.by_source.lien_thong.received.total),
    src_chung_thuc_dien_tu: vn(d.by_source.chung_thuc_dien_tu.received.total),
    fields_summary: fields || 'không có hồ sơ',
    full_online: vn(d.by_online_level.full_online),
    partial_online: vn(d.by_online_level.partial_online),
    other_level: vn(d.by_online_level.other),
    full_online_pct: pct(d.by_online_level.full_online, d.received.total),
    partial_online_pct: pct(d.by_online_level.partial_online, d.received.total),
    full_online_new: vn(up.full_online.received),
    full_online_online: vn(up.full_online.online),
    full_online_rate: pct(up.full_online.online, up.full_online.received),
    partial_online_new: vn(up.partial_online.received),
    partial_online_online: vn(up.partial_online.online),
    partial_online_rate: pct(up.partial_online.online, up.partial_online.received),
    online_rate: pct(d.received.online, newReceived),
    apologies: vn(f.apologies),
    apologies_by_field: a.by_field.map((r) => `${r.field || t('reports:no_field')}: ${vn(r.count)} phiếu`).join('; '),
    apologies_outcome: outcome.length ? ` Trong đó: ${outcome.join('; ')}.` : '',
    fb_received: vn(f.feedback.received),
    fb_answered: vn(f.feedback.answered),
    fb_in_process: vn(f.feedback.in_process),
    fb_transferred: vn(f.feedback.transferred),
    fb_overdue: vn(f.feedback.overdue),
    forms: vn(sat.forms),
    score: sat.score === null ? '-' : vn1(sat.score),
    rating: sat.rating ? t(`reports:ratings.${sat.rating}`) : '-',
    rat_hai_long: vn1(sat.levels.rat_hai_long),
    hai_long: vn1(sat.levels.hai_long),
    binh_thuong: vn1(sat.levels.binh_thuong),
    khong_hai_long: vn1(sat.levels.khong_hai_long),
    rat_hai_long_count: vn(sat.level_counts.rat_hai_long),
    hai_long_count: vn(sat.level_counts.hai_long),
    binh_thuong_count: vn(sat.level_counts.binh_thuong),
    khong_hai_long_count: vn(sat.level_counts.khong_hai_long),
  };
}

/** Conditions a sentence may name in `when` (each with its opposite). */
export function flags(f: ReportFigures): Record<string, boolean> {
  const base: Record<string, boolean> = {
    resolved: f.dossiers.resolved.total > 0,
    new_received: f.dossiers.received.online + f.dossiers.received.direct_postal > 0,
    apologies: f.apologies > 0,
    ratings: f.satisfaction.forms > 0 && f.satisfaction.score !== null,
    lien_thong: f.dossiers.by_source.lien_thong.received.total > 0,
    e_cert: f.dossiers.by_source.chung_thuc_dien_tu.received.total > 0,
    feedback: f.feedback.received > 0,
  };
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(base)) {
    out[`has_${k}`] = v;
    out[`no_${k}`] = !v;
  }
  return out;
}

/** A piece of printed text; `mark` = a highlighted placeholder (missing) or a carried value to check (review). */
export interface Segment {
  text: string;
  mark?: 'missing' | 'review';
}

export interface EnteredValue {
  text: string | null;
  review: boolean;
}

export const MISSING_FIGURE = '[chưa nhập]';

/**
 * Fills {{name}} from `values` and {{entered.key}} from the figures staff entered. An entered figure
 * not yet given becomes a highlighted "[chưa nhập]"; an unknown placeholder stays visible, highlighted.
 */
export function fill(text: string, values: Record<string, string>, entered: Record<string, EnteredValue> = {}): Segment[] {
  const out: Segment[] = [];
  const re = /\{\{\s*([a-z0-9_.]+)\s*\}\}/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const push = (s: Segment) => {
    if (!s.text) return;
    const prev = out[out.length - 1];
    if (prev && prev.mark === s.mark) prev.text += s.text;
    else out.push({ ...s });
  };
  while ((m = re.exec(text))) {
    push({ text: text.slice(last, m.index) });
    last = m.index + m[0].length;
    const key = m[1]!;
    if (key.startsWith('entered.')) {
      const e = entered[key.slice('entered.'.length)];
      if (e?.text != null) push({ text: e.text, mark: e.review ? 'review' : undefined });
      else push({ text: MISSING_FIGURE, mark: 'missing' });
    } else if (values[key] !== undefined) push({ text: values[key]! });
    else push({ text: m[0], mark: 'missing' });
  }
  push({ text: text.slice(last) });
  return out;
}

/** The plain text of segments (the admin page and tests). */
export const plain = (segs: Segment[]): string => segs.map((s) => s.text).join('');
