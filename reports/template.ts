// The narrative of the report comes from a template the commune keeps and edits
// (data/report-template.json by default, REPORT_TEMPLATE to point elsewhere). Figures go into
// {{placeholders}}; an unknown placeholder stays visible so the officer notices it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { translator } from '../core/i18n';
import type { ReportFigures } from './figures';
import { vn, vn1 } from './format';
import { viDate } from './period';

const Block = z.object({
  style: z.enum(['heading1', 'heading2', 'paragraph']),
  text: z.string(),
});

const TemplateSchema = z.object({
  header: z.object({
    parent_body: z.string(),
    body: z.string(),
    number: z.string(),
    place: z.string(),
    national_title: z.string().default('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
    motto: z.string().default('Độc lập - Tự do - Hạnh phúc'),
  }),
  title: z.string(),
  subtitle: z.string(),
  blocks: z.array(Block).min(1),
  recipients: z.array(z.string()),
  signer: z.object({ on_behalf: z.string(), title: z.string(), name: z.string().default('') }),
  appendix_06a_title: z.string(),
  appendix_warnings_title: z.string(),
  no_warnings: z.string(),
});

export type ReportTemplate = z.infer<typeof TemplateSchema>;

export const SHIPPED_TEMPLATE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data', 'report-template.json');

export class TemplateError extends Error {}

/** Loads and checks the template; the error names the file and the bad entry. */
export function loadTemplate(file?: string): ReportTemplate {
  const chosen = file && existsSync(file) ? file : SHIPPED_TEMPLATE;
  if (file && chosen !== file) throw new TemplateError(`Report template ${file} not found. Fix REPORT_TEMPLATE or copy ${SHIPPED_TEMPLATE} there.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(chosen, 'utf8'));
  } catch (e) {
    throw new TemplateError(`Report template ${chosen} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = TemplateSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new TemplateError(`Report template ${chosen}: "${i.path.join('.')}" ${i.message}`);
  }
  return parsed.data;
}

/** Every value a template may use, formatted as Vietnamese documents print it. */
export function placeholders(f: ReportFigures): Record<string, string> {
  const t = translator('vi');
  const d = f.dossiers;
  const s = f.satisfaction;
  const newReceived = d.received.online + d.received.direct_postal;
  const pct = (n: number, total: number) => vn1(total ? Math.round((n * 1000) / total) / 10 : 0);
  const fields = d.by_field.map((r) => `${r.field || t('reports:no_field')} ${vn(r.received.total)} hồ sơ`).join('; ');
  return {
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
    online_rate: pct(d.received.online, newReceived),
    apologies: vn(f.apologies),
    fb_received: vn(f.feedback.received),
    fb_answered: vn(f.feedback.answered),
    fb_in_process: vn(f.feedback.in_process),
    fb_transferred: vn(f.feedback.transferred),
    fb_overdue: vn(f.feedback.overdue),
    forms: vn(s.forms),
    score: s.score === null ? '-' : vn1(s.score),
    rating: s.rating ? t(`reports:ratings.${s.rating}`) : '-',
    rat_hai_long: vn1(s.levels.rat_hai_long),
    hai_long: vn1(s.levels.hai_long),
    binh_thuong: vn1(s.levels.binh_thuong),
    khong_hai_long: vn1(s.levels.khong_hai_long),
    rat_hai_long_count: vn(s.level_counts.rat_hai_long),
    hai_long_count: vn(s.level_counts.hai_long),
    binh_thuong_count: vn(s.level_counts.binh_thuong),
    khong_hai_long_count: vn(s.level_counts.khong_hai_long),
  };
}

export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}
