// XLSX export of PAKN and support requests received in a date range (inclusive, Asia/Ho_Chi_Minh),
// for the office's register (NĐ 20/2008 Art. 9: "vào sổ") and for sending upward.
import ExcelJS from 'exceljs';
import { translator } from '../../bot/i18n';
import type { Db } from '../../models/db';
import { feedbackCounts, feedbackInRange, isOverdue, vnDate } from '../../models/repos/feedback';
import { displayDate } from './office-hours';

// Longest range exported at once: one year keeps the file small enough to open on an office PC.
export const MAX_EXPORT_DAYS = 366;

export async function exportFeedbackXlsx(db: Db, range: { from: string; to: string }, lang: 'vi' | 'en' = 'vi'): Promise<Buffer> {
  const t = translator(lang);
  const rows = await feedbackInRange(db, range.from, range.to);
  const counts = await feedbackCounts(db, range);
  const today = vnDate();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Trợ lý Một cửa';
  const ws = wb.addWorksheet(t('feedback:admin.export.sheet'));
  ws.addRow([t('feedback:admin.export.title', { from: displayDate(range.from), to: displayDate(range.to) })]).font = { bold: true, size: 13 };
  ws.addRow([]);
  const header = ws.addRow([
    t('feedback:admin.export.col.no'),
    t('feedback:admin.export.col.code'),
    t('feedback:admin.export.col.received'),
    t('feedback:admin.export.col.kind'),
    t('feedback:admin.export.col.content'),
    t('feedback:admin.export.col.name'),
    t('feedback:admin.export.col.address'),
    t('feedback:admin.export.col.phone'),
    t('feedback:admin.export.col.channel'),
    t('feedback:admin.export.col.public'),
    t('feedback:admin.export.col.status'),
    t('feedback:admin.export.col.due'),
    t('feedback:admin.export.col.overdue'),
    t('feedback:admin.export.col.assigned'),
    t('feedback:admin.export.col.answered'),
    t('feedback:admin.export.col.answer'),
    t('feedback:admin.export.col.transferred'),
  ]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  rows.forEach((r, i) => {
    ws.addRow([
      i + 1,
      r.code,
      displayDate(r.receivedDate),
      t(`feedback:kinds.${r.kind}`),
      r.content,
      r.name ?? '',
      r.address ?? '',
      r.phone ?? '',
      r.channel,
      r.isPublic ? t('feedback:summary.yes') : t('feedback:summary.no'),
      t(`feedback:states.${r.status}`),
      displayDate(r.dueDate),
      isOverdue(r, today) ? t('feedback:summary.yes') : '',
      r.assignedTo ?? '',
      r.answeredAt ? displayDate(vnDate(r.answeredAt)) : '',
      r.answer ?? '',
      r.transferredTo ?? '',
    ]).alignment = { wrapText: true, vertical: 'top' };
  });
  [6, 18, 12, 24, 60, 22, 28, 14, 10, 10, 18, 12, 10, 14, 12, 50, 24].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];

  // The figures the quarterly report uses, for the same range.
  const sum = wb.addWorksheet(t('feedback:admin.export.summary_sheet'));
  sum.addRow([t('feedback:admin.export.title', { from: displayDate(range.from), to: displayDate(range.to) })]).font = { bold: true };
  sum.addRow([t('feedback:admin.counts.received'), counts.received]);
  sum.addRow([t('feedback:admin.counts.answered'), counts.answered]);
  sum.addRow([t('feedback:admin.counts.in_process'), counts.in_process]);
  sum.addRow([t('feedback:admin.counts.transferred'), counts.transferred]);
  sum.addRow([t('feedback:admin.counts.overdue'), counts.overdue]);
  for (const [kind, n] of Object.entries(counts.by_kind)) sum.addRow([t(`feedback:kinds.${kind}`), n]);
  sum.getColumn(1).width = 48;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
