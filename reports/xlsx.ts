// Form 06a as an Excel sheet with its 13 columns (domain.md §1.3), for the district's aggregation.
import ExcelJS from 'exceljs';
import type { ReportFigures } from './figures';
import { BY_SOURCE_TITLE, FORM_06A_TITLE, FORM_06A_UNIT, HEADER_SUB, HEADER_TOP, rows06a, rows06aBySource, type Row06aLine } from './form06a';
import { viDate } from './period';

export async function renderXlsx(f: ReportFigures, unitName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = unitName;
  sheet(wb, '06a', FORM_06A_TITLE, f, unitName, rows06a(f));
  sheet(wb, '06a-nguon', `${FORM_06A_TITLE} – ${BY_SOURCE_TITLE.toUpperCase()}`, f, unitName, rows06aBySource(f));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function sheet(wb: ExcelJS.Workbook, name: string, title: string, f: ReportFigures, unitName: string, lines: Row06aLine[]): void {
  // A4 landscape, one page wide.
  const ws = wb.addWorksheet(name, { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1 } });
  const font = { name: 'Times New Roman', size: 12 };
  ws.columns = [{ width: 6 }, { width: 40 }, ...Array.from({ length: 11 }, () => ({ width: 12 }))];

  ws.mergeCells(1, 1, 1, 13);
  ws.getCell(1, 1).value = title;
  ws.mergeCells(2, 1, 2, 13);
  ws.getCell(2, 1).value = `Kỳ báo cáo: từ ngày ${viDate(f.period.from)} đến ngày ${viDate(f.period.to)}`;
  ws.mergeCells(3, 1, 3, 13);
  ws.getCell(3, 1).value = `Đơn vị báo cáo: ${unitName}. ${FORM_06A_UNIT}`;
  for (const r of [1, 2, 3]) {
    const c = ws.getCell(r, 1);
    c.font = { ...font, bold: r === 1, italic: r > 1 };
    c.alignment = { horizontal: 'center' };
  }

  const top = 5;
  let col = 1;
  for (const [text, span, rowSpan] of HEADER_TOP) {
    ws.mergeCells(top, col, top + rowSpan - 1, col + span - 1);
    ws.getCell(top, col).value = text;
    col += span;
  }
  HEADER_SUB.forEach((text, i) => (ws.getCell(top + 1, 3 + i).value = text));
  for (let c = 1; c <= 13; c++) ws.getCell(top + 2, c).value = `(${c})`;

  let r = top + 3;
  for (const row of lines) {
    ws.getRow(r).values = [row.stt, row.label, ...row.values];
    if (row.total) ws.getRow(r).font = { ...font, bold: true };
    r += 1;
  }
  const border = { style: 'thin' as const };
  for (let y = top; y < r; y++) {
    for (let c = 1; c <= 13; c++) {
      const cell = ws.getCell(y, c);
      cell.border = { top: border, bottom: border, left: border, right: border };
      cell.font = { ...font, bold: y < top + 2 || cell.font?.bold === true };
      cell.alignment = { vertical: 'middle', horizontal: c === 2 && y >= top + 3 ? 'left' : 'center', wrapText: true };
    }
  }
  ws.views = [{ state: 'frozen', ySplit: top + 2 }];
}
