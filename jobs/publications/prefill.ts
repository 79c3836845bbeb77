// Pre-fills a weekly publication from the week's dossiers: counts as in the quarterly report
// (docs/domain.md) and the results ready for collection by dossier code and procedure. No names,
// phone numbers or other personal data ever enter a publication.
import { sql } from 'drizzle-orm';
import type { Db } from '../../models/db';
import type { PublicationContent } from '../../models/schema/publications';
import { createPublication, type Publication } from '../../models/repos/publications';
import { initI18n, translator } from '../../core/i18n';
import type { Lang } from '../../core/types';
import { parseIsoWeek, type IsoWeek } from './week';
import { dossierPeriodCounts, sumCounts } from '../../models/repos/dossier-figures';
import { DOSSIER_STATUS } from '../../core/domain';

/** Zalo CS and Messenger texts are limited to 2,000 characters (docs/channels.md); Telegram allows 4,096. */
export const PUBLICATION_TEXT_MAX = 2_000;
/** At most this many ready results are kept in the content (the text shows what fits). */
const READY_LIST_MAX = 500;

type Rows<T> = { rows: T[] };

/**
 * The week counted exactly as a quarter of the report is (models/repos/dossier-figures.ts,
 * docs/domain.md "How each dossier is counted"), summed over every group.
 */
export async function weekFigures(db: Db, w: IsoWeek): Promise<PublicationContent> {
  const c = sumCounts(await dossierPeriodCounts(db, w.start, w.end));
  const resolved = c.res_before + c.res_on_time + c.res_late;
  const inProcess = c.proc_within + c.proc_overdue;
  const ready = (await db.execute(sql`
    select code, coalesce(procedure_name, procedure_code, '') as procedure from dossiers
    where status = ${DOSSIER_STATUS.DONE} and returned_date is null and end_date <= ${w.end}
    order by end_date, code limit ${READY_LIST_MAX}`)) as unknown as Rows<{ code: string; procedure: string }>;
  return {
    week: w.week,
    from: w.start,
    to: w.end,
    received: c.rec_online + c.rec_direct,
    resolved: { total: resolved, early: c.res_before, late: c.res_late, onTime: c.res_on_time },
    inProcess: { total: inProcess, overdue: c.proc_overdue, onTime: c.proc_within },
    ready: ready.rows.map((r) => ({ code: r.code, procedure: r.procedure })),
  };
}

/** The public results page (bot/public/results.ts) the bulletin links to, under PUBLIC_URL. */
export const PUBLIC_RESULTS_PATH = '/cong-khai';

const ddmm = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The citizen-facing text in one language, kept within PUBLICATION_TEXT_MAX. */
export function renderPublicationText(c: PublicationContent, lang: Lang, commune: string, publicUrl?: string): string {
  const t = translator(lang);
  const head = [
    t('publications:message.title', { commune, week: c.week, from: ddmm(c.from), to: ddmm(c.to) }),
    t('publications:message.received', { count: c.received }),
    t('publications:message.resolved', { total: c.resolved.total, early: c.resolved.early, onTime: c.resolved.onTime, late: c.resolved.late }),
    t('publications:message.in_process', { total: c.inProcess.total, onTime: c.inProcess.onTime, overdue: c.inProcess.overdue }),
  ];
  // The public page has the whole list and the petitions' answers (only when the site has a public address).
  const link = publicUrl ? `${t('publications:message.results_link', { url: `${publicUrl.replace(/\/+$/, '')}${PUBLIC_RESULTS_PATH}` })}\n` : '';
  const tail = link + t('publications:message.footer');
  if (!c.ready.length) return [...head, t('publications:message.ready_none'), tail].join('\n');
  const lines = [...head, t('publications:message.ready_title', { count: c.ready.length })];
  let used = lines.join('\n').length + tail.length + 2;
  let shown = 0;
  for (const r of c.ready) {
    const line = `• ${r.code}${r.procedure ? ` – ${r.procedure}` : ''}`;
    const more = t('publications:message.ready_more', { count: c.ready.length - shown });
    if (used + line.length + 1 + more.length + 1 > PUBLICATION_TEXT_MAX) break;
    lines.push(line);
    used += line.length + 1;
    shown++;
  }
  if (shown < c.ready.length) lines.push(t('publications:message.ready_more', { count: c.ready.length - shown }));
  lines.push(tail);
  return lines.join('\n');
}

/** Creates a draft for the week from its dossier data; returns it. */
export async function draftWeeklyPublication(
  db: Db,
  week: string,
  opts: { createdBy: string; communeName: string; publicUrl?: string },
): Promise<Publication> {
  await initI18n();
  const w = parseIsoWeek(week);
  const content = await weekFigures(db, w);
  const texts = {
    vi: renderPublicationText(content, 'vi', opts.communeName, opts.publicUrl),
    en: renderPublicationText(content, 'en', opts.communeName, opts.publicUrl),
  };
  return createPublication(db, { week: w.week, periodStart: w.start, periodEnd: w.end, content, texts, createdBy: opts.createdBy });
}
