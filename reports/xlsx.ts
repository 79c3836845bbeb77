// Forms 06a and 5a as one Excel workbook (sheets "06a" and "5a") for the receiving body's aggregation.
// 06a follows the official form: number and legal basis, Quốc hiệu, reporting and receiving units,
// title and period, the "Trong đó" header grouping, the 13 columns, date and signatures; it prints
// on one landscape A4 page.
// exceljs is loaded when a workbook is first written, not at start (idle memory).
import type ExcelJS from 'exceljs';
import type { ReportFigures } from './figures';
import { FORM_06A_LEGAL, FORM_06A_NUMBER, FORM_06A_TITLE, FORM_06A_UNIT, HEADER_06A, HEADER_06A_ROWS, rows06a } from './form06a';
import { form5a, SCORE_MAX } from './form5a';
import { dateLine } from './format';
import { viDate } from './period';
import type { ReportSettings } from './template';

const FONT = 'Times New Roman';
const thin = { style: 'thin' as const };
const BOX = { top: thin, bottom: thin, left: thin, right: thin };

export interface XlsxOptions {
  date?: string;
  year: number;
}

export async function renderXlsx(f: ReportFigures, s: ReportSettings, opts: XlsxOptions): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = s.commune;
  sheet06a(wb, f, s, opts);
  sheet5a(wb, f, s, opts);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Sheet = ExcelJS.Worksheet;

function put(ws: Sheet, row: number, c1: number, c2: number, value: string, o: { bold?: boolean; italic?: boolean; size?: number; align?: 'left' | 'center' | 'right'; height?: number } = {}): void {
  if (c2 > c1) ws.mergeCells(row, c1, row, c2);
  const cell = ws.getCell(row, c1);
  cell.value = value;
  cell.font = { name: FONT, size: o.size ?? 11, bold: o.bold, italic: o.italic };
  cell.alignment = { horizontal: o.align ?? 'center', vertical: 'middle', wrapText: true };
  if (o.height) ws.getRow(row).height = o.height;
}

function periodText(f: ReportFigures): string {
  return `Kỳ báo cáo: ${f.period.label} (từ ngày ${viDate(f.period.from)} đến ngày ${viDate(f.period.to)})`;
}

function dateText(s: ReportSettings, o: XlsxOptions): string {
  return dateLine(s.place, o.date ?? { year: o.year });
}

function sheet06a(wb: ExcelJS.Workbook, f: ReportFigures, s: ReportSettings, o: XlsxOptions): void {
  // A4 landscape, everything on one page; narrow margins (inches) leave room for the 13 columns.
  const ws = wb.addWorksheet('06a', {
    pageSetup: {
      orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 1, horizontalCentered: true,
      margins: { left: 0.4, right: 0.3, top: 0.5, bottom: 0.5, header: 0.2, footer: 0.2 },
    },
  });
  ws.columns = [{ width: 5 }, { width: 30 }, ...Array.from({ length: 11 }, () => ({ width: 10.5 }))];

  // Header block: form number (left), Quốc hiệu (middle), units (right).
  put(ws, 1, 1, 3, FORM_06A_NUMBER, { bold: true, align: 'left' });
  put(ws, 2, 1, 3, FORM_06A_LEGAL, { italic: true, size: 10, align: 'left', height: 28 });
  put(ws, 1, 4, 10, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12 });
  put(ws, 2, 4, 10, 'Độc lập - Tự do - Hạnh phúc', { bold: true, size: 12 });
  put(ws, 1, 11, 13, `Đơn vị báo cáo: ${s.commune}`, { size: 10, align: 'left' });
  put(ws, 2, 11, 13, `Đơn vị nhận báo cáo: ${s.parentBody || '…'}`, { size: 10, align: 'left' });
  put(ws, 4, 1, 13, FORM_06A_TITLE, { bold: true, size: 13, height: 20 });
  put(ws, 5, 1, 13, periodText(f), { italic: true });
  put(ws, 6, 11, 13, FORM_06A_UNIT, { italic: true, size: 10, align: 'right' });

  const top = 7;
  for (const h of HEADER_06A) {
    const r = top + h.row;
    ws.mergeCells(r, h.col, r + h.rowSpan - 1, h.col + h.span - 1);
    ws.getCell(r, h.col).value = h.text;
  }
  // Wrapped header labels need room: the longest ("Số mới tiếp nhận trực tiếp, dịch vụ bưu chính")
  // takes four lines in a column of 10,5 characters.
  ws.getRow(top).height = 30;
  ws.getRow(top + 1).height = 18;
  ws.getRow(top + 2).height = 62;
  const numbering = top + HEADER_06A_ROWS;
  for (let c = 1; c <= 13; c++) ws.getCell(numbering, c).value = `(${c})`;

  let r = numbering + 1;
  const lines = rows06a(f);
  for (const line of lines) {
    ws.getRow(r).values = [line.stt, line.label, ...line.values];
    r += 1;
  }
  for (let y = top; y < r; y++) {
    const isHead = y < numbering;
    const total = y >= numbering + 1 && lines[y - numbering - 1]?.total;
    for (let c = 1; c <= 13; c++) {
      const cell = ws.getCell(y, c);
      cell.border = BOX;
      cell.font = { name: FONT, size: 11, bold: isHead || total, italic: y === numbering };
      cell.alignment = { vertical: 'middle', horizontal: c === 2 && y > numbering && !total ? 'left' : 'center', wrapText: true };
    }
  }
  // Date and signatures under the table.
  const foot = r + 1;
  put(ws, foot, 9, 13, dateText(s, o), { italic: true });
  put(ws, foot + 1, 1, 5, 'NGƯỜI LẬP BIỂU', { bold: true });
  put(ws, foot + 1, 9, 13, 'THỦ TRƯỞNG ĐƠN VỊ', { bold: true });
  put(ws, foot + 2, 1, 5, '(Ký, ghi rõ họ tên)', { italic: true, size: 10 });
  put(ws, foot + 2, 9, 13, '(Ký tên, đóng dấu)', { italic: true, size: 10 });
  put(ws, foot + 6, 9, 13, s.signerName, { bold: true });
  ws.pageSetup.printArea = `A1:M${foot + 6}`;
  ws.pageSetup.printTitlesRow = `${top}:${numbering}`;
}

function sheet5a(wb: ExcelJS.Workbook, f: ReportFigures, s: ReportSettings, o: XlsxOptions): void {
  const ws = wb.addWorksheet('5a', {
    pageSetup: { orientation: 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 1, horizontalCentered: true },
  });
  ws.columns = [{ width: 6 }, { width: 58 }, { width: 13 }, { width: 13 }];
  const x = form5a(f);
  put(ws, 1, 1, 2, s.commune.toUpperCase(), { bold: true, align: 'left' });
  put(ws, 1, 3, 4, 'Biểu 5a', { bold: true, align: 'right' });
  put(ws, 3, 1, 4, 'KẾT QUẢ ĐÁNH GIÁ VIỆC GIẢI QUYẾT TTHC', { bold: true, size: 13 });
  put(ws, 4, 1, 4, periodText(f), { italic: true, height: 30 });
  put(ws, 6, 1, 4, 'I. Điểm đánh giá theo các chỉ số (Thông tư số 01/2018/TT-VPCP)', { bold: true, align: 'left' });
  const head = 7;
  ws.getRow(head).values = ['STT', 'Chỉ số đánh giá', 'Điểm chuẩn', 'Điểm đạt'];
  let r = head + 1;
  for (const i of x.indices) ws.getRow(r++).values = [i.stt, i.name, i.max, i.score ?? 'Không có dữ liệu'];
  const totalRow = r;
  ws.getRow(r++).values = ['', 'Tổng điểm', SCORE_MAX, x.score ?? '-'];
  ws.getRow(r++).values = ['', 'Xếp loại', x.rating ?? 'Chưa xếp loại (không có phiếu)', ''];
  ws.mergeCells(r - 1, 3, r - 1, 4);
  table(ws, head, r - 1, [totalRow, r - 1]);
  for (let y = head + 1; y < totalRow + 1; y++) ws.getCell(y, 4).numFmt = '0.0';

  const levelsTop = r + 1;
  put(ws, levelsTop, 1, 4, 'II. Tỷ lệ mức độ hài lòng', { bold: true, align: 'left' });
  const lh = levelsTop + 1;
  ws.getRow(lh).values = ['STT', 'Mức độ hài lòng', 'Số phiếu', 'Tỷ lệ (%)'];
  r = lh + 1;
  x.levels.forEach((l, i) => {
    ws.getRow(r).values = [i + 1, l.label, l.count, l.share];
    ws.getCell(r, 4).numFmt = '0.0';
    r += 1;
  });
  ws.getRow(r++).values = ['', 'Tổng số phiếu đánh giá', x.forms, ''];
  table(ws, lh, r - 1, [r - 1]);

  const foot = r + 1;
  put(ws, foot, 2, 4, dateText(s, o), { italic: true, align: 'right' });
  put(ws, foot + 1, 3, 4, 'THỦ TRƯỞNG ĐƠN VỊ', { bold: true });
  put(ws, foot + 5, 3, 4, s.signerName, { bold: true });
}

/** Borders, fonts and alignment of a table from `head` to `last`; the head row and `bold` rows in bold. */
function table(ws: Sheet, head: number, last: number, bold: number[]): void {
  for (let y = head; y <= last; y++) {
    for (let c = 1; c <= 4; c++) {
      const cell = ws.getCell(y, c);
      cell.border = BOX;
      cell.font = { name: FONT, size: 11, bold: y === head || bold.includes(y) };
      cell.alignment = { vertical: 'middle', horizontal: c === 2 && y > head ? 'left' : 'center', wrapText: true };
    }
  }
}
