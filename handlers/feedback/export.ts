// XLSX export of PAKN and support requests received in a date range (inclusive, Asia/Ho_Chi_Minh),
// for the office's register (NĐ 20/2008 Art. 9: "vào sổ") and for sending upward.
import { PassThrough } from 'node:stream';
import { translator } from '../../core/i18n';
import type { Db } from '../../models/db';
import { feedbackCounts } from '../../models/repos/feedback/counts';
import { feedbackInRange } from '../../models/repos/feedback/inbox';
import { isOverdue } from '../../models/repos/feedback/states';
import { vnDate } from '../../core/clock';
import { displayDate } from './office-hours';

// Longest range exported at once: one year keeps the file small enough to open on an office PC.
export const MAX_EXPORT_DAYS = 366;

export async function exportFeedbackXlsx(db: Db, range: { from: string; to: string }, lang: 'vi' | 'en' = 'vi'): Promise<Buffer> {
  const t = translator(lang);
  const rows = await feedbackInRange(db, range.from, range.to);
  const counts = await feedbackCounts(db, range);
  const today = vnDate();
  // The streaming writer is about twice as fast as building the workbook in memory (bench:feedback).
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  // exceljs is loaded when a spreadsheet is first read or written, not at start (idle memory).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Trợ lý Một cửa';
  const title = t('feedback:admin.export.title', { from: displayDate(range.from), to: displayDate(range.to) });
  const ws = wb.addWorksheet(t('feedback:admin.export.sheet'), { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.columns = [6, 18, 12, 24, 60, 22, 28, 14, 10, 10, 18, 12, 10, 14, 12, 50, 24].map((width) => ({ width }));
  const titleRow = ws.addRow([title]);
  titleRow.font = { bold: true, size: 13 };
  titleRow.commit();
  ws.addRow([]).commit();
  const header = ws.addRow(
    ['no', 'code', 'received', 'kind', 'content', 'name', 'address', 'phone', 'channel', 'public', 'status', 'due', 'overdue',
      'assigned', 'answered', 'answer', 'transferred'].map((c) => t(`feedback:admin.export.col.${c}`)),
  );
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.commit();
  const yes = t('feedback:summary.yes');
  rows.forEach((r, i) => {
    const row = ws.addRow([
      i + 1,
      r.code,
      displayDate(r.receivedDate),
      t(`feedback:kinds.${r.kind}`),
      r.content,
      r.name ?? '',
      r.address ?? '',
      r.phone ?? '',
      r.channel,
      r.isPublic ? yes : t('feedback:summary.no'),
      t(`feedback:states.${r.status}`),
      displayDate(r.dueDate),
      isOverdue(r, today) ? yes : '',
      r.assignedTo ?? '',
      r.answeredAt ? displayDate(vnDate(r.answeredAt)) : '',
      r.answer ?? '',
      r.transferredTo ?? '',
    ]);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  });
  ws.commit();

  // The figures the quarterly report uses, for the same range.
  const sum = wb.addWorksheet(t('feedback:admin.export.summary_sheet'));
  sum.columns = [{ width: 48 }, { width: 10 }];
  const sumTitle = sum.addRow([title]);
  sumTitle.font = { bold: true };
  sumTitle.commit();
  const figures: [string, number][] = [
    [t('feedback:admin.counts.received'), counts.received],
    [t('feedback:admin.counts.answered'), counts.answered],
    [t('feedback:admin.counts.in_process'), counts.in_process],
    [t('feedback:admin.counts.transferred'), counts.transferred],
    [t('feedback:admin.counts.overdue'), counts.overdue],
    ...Object.entries(counts.by_kind).map(([kind, n]) => [t(`feedback:kinds.${kind}`), n] as [string, number]),
  ];
  for (const f of figures) sum.addRow(f).commit();
  sum.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
