// Dossier export files written on the fly (CSV with canonical or Vietnamese headers, XLSX).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { CANONICAL_HEADERS, type CanonicalHeader } from '../../handlers/dossiers/records';

export { code, row, type Row } from '../helpers/factories';
import type { Row } from '../helpers/factories';

export const HEADERS = Object.keys(CANONICAL_HEADERS) as CanonicalHeader[];

/** The Vietnamese display headers of the provincial export. */
export const VIETNAMESE_HEADERS: Record<CanonicalHeader, string> = {
  ma_ho_so: 'Mã hồ sơ',
  ma_thu_tuc: 'Mã thủ tục',
  ten_thu_tuc: 'Tên thủ tục',
  linh_vuc: 'Lĩnh vực',
  kenh: 'Kênh tiếp nhận',
  muc_do: 'Mức độ',
  nguon: 'Nguồn',
  ngay_tiep_nhan: 'Ngày tiếp nhận',
  ngay_hen_tra: 'Ngày hẹn trả',
  ngay_ket_thuc_xu_ly: 'Ngày kết thúc xử lý',
  ngay_tra_ket_qua: 'Ngày trả kết quả',
  trang_thai: 'Trạng thái',
  chu_ho_so: 'Chủ hồ sơ',
  so_dien_thoai: 'Số điện thoại',
  ngay_xin_loi: 'Ngày xin lỗi',
  ngay_hen_moi: 'Ngày hẹn mới',
};

const dir = mkdtempSync(path.join(tmpdir(), 'dossiers-'));
let n = 0;

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return /[",;\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(rows: Row[], opts: { vietnamese?: boolean; delimiter?: string; bom?: boolean } = {}): string {
  const d = opts.delimiter ?? ',';
  const head = HEADERS.map((h) => (opts.vietnamese ? VIETNAMESE_HEADERS[h] : h)).join(d);
  const body = rows.map((r) => HEADERS.map((h) => csvCell(r[h])).join(d));
  const file = path.join(dir, `export-${++n}.csv`);
  writeFileSync(file, `${opts.bom ? '\uFEFF' : ''}${[head, ...body].join('\r\n')}\r\n`);
  return file;
}

export async function writeXlsx(rows: Row[], opts: { vietnamese?: boolean; title?: string } = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Hồ sơ');
  if (opts.title) {
    ws.addRow([opts.title]);
    ws.addRow([]);
  }
  ws.addRow(HEADERS.map((h) => (opts.vietnamese ? VIETNAMESE_HEADERS[h] : h)));
  for (const r of rows) ws.addRow(HEADERS.map((h) => r[h] ?? null));
  const file = path.join(dir, `export-${++n}.xlsx`);
  await wb.xlsx.writeFile(file);
  return file;
}
