// One entry point for the CLI and the admin page: period → figures → documents.
import type { Config } from '../core/config';
import type { Db } from '../models/db';
import { computeFigures, type ReportFigures } from './figures';
import { parsePeriod, todayIn, type Period } from './period';
import { loadTemplate } from './template';
import { renderDocx } from './docx';
import { renderXlsx } from './xlsx';

export type PeriodSpec = string | { from: string; to: string };

export function periodFor(spec: PeriodSpec, config: Pick<Config, 'REPORT_CUTOFF_DAY'>): Period {
  return parsePeriod(spec, config.REPORT_CUTOFF_DAY);
}

export async function reportFigures(db: Db, period: Period, lang: 'vi' | 'en' = 'vi'): Promise<ReportFigures> {
  return computeFigures(db, period, { lang });
}

export async function reportDocx(
  figures: ReportFigures,
  config: Pick<Config, 'REPORT_TEMPLATE' | 'TZ_DISPLAY'> & Partial<Pick<Config, 'REPORT_PARENT_BODY' | 'REPORT_SIGNER_TITLE' | 'REPORT_SIGNER_NAME'>>,
  date?: string,
): Promise<Buffer> {
  const tpl = withHeaderSettings(loadTemplate(config.REPORT_TEMPLATE), config);
  return renderDocx(figures, tpl, { date: date ?? todayIn(config.TZ_DISPLAY) });
}

export async function reportXlsx(figures: ReportFigures, config: Pick<Config, 'REPORT_TEMPLATE'>): Promise<Buffer> {
  const tpl = loadTemplate(config.REPORT_TEMPLATE);
  return renderXlsx(figures, tpl.header.body);
}

/** The parent body and signer set in the admin's settings (or environment) replace the template's. */
export function withHeaderSettings(
  tpl: ReturnType<typeof loadTemplate>,
  config: Partial<Pick<Config, 'REPORT_PARENT_BODY' | 'REPORT_SIGNER_TITLE' | 'REPORT_SIGNER_NAME'>>,
): ReturnType<typeof loadTemplate> {
  return {
    ...tpl,
    header: { ...tpl.header, parent_body: config.REPORT_PARENT_BODY ?? tpl.header.parent_body },
    signer: { ...tpl.signer, title: config.REPORT_SIGNER_TITLE ?? tpl.signer.title, name: config.REPORT_SIGNER_NAME ?? tpl.signer.name },
  };
}
