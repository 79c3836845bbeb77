// The catalog as a spreadsheet (CSV and XLSX) that the import reads back unchanged: the
// Vietnamese headers of knowledge/catalog-files.ts, lists one item per line, fee rules as JSON
// (the reader's cell syntax), "U" for a value not verified yet.

// Column order and headers (the reader folds diacritics: "Mã thủ tục" → code).
const COLUMNS: [field: string, header: string][] = [
  ['code', 'Mã thủ tục'], ['name', 'Tên thủ tục'], ['field', 'Lĩnh vực'], ['level', 'Cấp'], ['levelNote', 'Ghi chú cấp'],
  ['agency', 'Cơ quan tiếp nhận'], ['timeText', 'Thời hạn giải quyết'], ['timeDays', 'Số ngày làm việc'],
  ['documents', 'Thành phần hồ sơ'], ['steps', 'Trình tự'], ['submitWhere', 'Nơi nộp'], ['submitHow', 'Cách nộp'],
  ['onlineLevel', 'Mức độ trực tuyến'], ['onlineUrl', 'Đường dẫn'], ['legalBasis', 'Căn cứ pháp lý'], ['fees', 'Lệ phí'],
  ['feeNote', 'Ghi chú lệ phí'], ['aliases', 'Tên gọi khác'], ['faq', 'Câu hỏi thường gặp'], ['reviewedAt', 'Ngày rà soát'],
  ['source', 'Nguồn'], ['sources', 'Nguồn từng thông tin'], ['active', 'Còn hiệu lực'],
];
const LIST_FIELDS = new Set(['documents', 'steps', 'aliases', 'faq']);
// Fields whose null means "not verified yet" (the reader's "U"); code, name and field are never null.
const UNVERIFIED = 'U';

function cell(field: string, value: unknown): string {
  if (value === null || value === undefined) return field === 'active' ? '' : UNVERIFIED;
  if (LIST_FIELDS.has(field) && Array.isArray(value)) return value.join('\n');
  if (field === 'fees' || field === 'sources') return JSON.stringify(value);
  if (field === 'active') return value ? '1' : '0';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function table(rows: Record<string, unknown>[]): string[][] {
  return [COLUMNS.map(([, h]) => h), ...rows.map((r) => COLUMNS.map(([f]) => cell(f, r[f])))];
}

/** CSV with a BOM so Excel opens the Vietnamese text correctly; the reader also splits on ; and tab, so those cells are quoted. */
export function catalogCsv(rows: Record<string, unknown>[]): Buffer {
  const esc = (s: string) => (/[",;\t\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return Buffer.from('\uFEFF' + table(rows).map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n', 'utf8');
}

export async function catalogXlsx(rows: Record<string, unknown>[]): Promise<Buffer> {
  // exceljs is loaded when a spreadsheet is first read or written, not at start (idle memory).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Thủ tục');
  const [head, ...body] = table(rows);
  ws.addRow(head);
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of body) ws.addRow(r).alignment = { wrapText: true, vertical: 'top' };
  ws.columns.forEach((c, i) => (c.width = i === 1 ? 50 : 20));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
