// Reads satisfaction forms from CSV or XLSX (paper forms typed in, kiosk exports).
// Headers: ma_ho_so, ngay_danh_gia, chi_so_1 … chi_so_9 (0, 1, 2; empty = no data), muc_do.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { fold } from '../knowledge/normalize';
import type { NewRating, SatisfactionLevel } from '../models/repos/ratings';
import type { Db } from '../models/db';
import { receivedDates } from '../models/repos/ratings';
import { isIsoDate, viDate } from './period';

export const RATING_HEADERS = ['ma_ho_so', 'ngay_danh_gia', ...Array.from({ length: 9 }, (_, i) => `chi_so_${i + 1}`), 'muc_do'];

export interface RowError {
  /** Line in the file (header = 1). */
  line: number;
  message: string;
}

// Accepted spellings of the level: the codes, and the words officials type on a form.
const LEVEL_WORDS: Record<string, SatisfactionLevel> = {
  rat_hai_long: 'rat_hai_long',
  'rat hai long': 'rat_hai_long',
  hai_long: 'hai_long',
  'hai long': 'hai_long',
  binh_thuong: 'binh_thuong',
  'binh thuong': 'binh_thuong',
  khong_hai_long: 'khong_hai_long',
  'khong hai long': 'khong_hai_long',
};

type Cell = string | number | Date | null | undefined;

function text(v: Cell): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v === null || v === undefined ? '' : String(v).trim();
}

/** YYYY-MM-DD, DD/MM/YYYY or an Excel date cell. */
function parseDate(v: Cell): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  const s = text(v);
  if (isIsoDate(s)) return s;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) {
    const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  return null;
}

/** Checks one record (header → cell). */
export function toRating(rec: Record<string, Cell>, line: number): { rating?: NewRating; error?: RowError } {
  const code = text(rec.ma_ho_so);
  if (!code) return { error: { line, message: 'ma_ho_so để trống' } };
  if (code.length > 64) return { error: { line, message: 'ma_ho_so dài quá 64 ký tự' } };
  const ratedOn = parseDate(rec.ngay_danh_gia);
  if (!ratedOn) return { error: { line, message: `ngay_danh_gia "${text(rec.ngay_danh_gia)}" không phải ngày có thật (YYYY-MM-DD hoặc DD/MM/YYYY)` } };
  const indices: (number | null)[] = [];
  for (let i = 1; i <= 9; i++) {
    const raw = text(rec[`chi_so_${i}`]);
    if (raw === '') indices.push(null);
    else if (raw === '0' || raw === '1' || raw === '2') indices.push(Number(raw));
    else return { error: { line, message: `chi_so_${i} "${raw}" phải là 0, 1, 2 hoặc để trống` } };
  }
  const levelRaw = text(rec.muc_do);
  let level: SatisfactionLevel | null = null;
  if (levelRaw) {
    level = LEVEL_WORDS[fold(levelRaw).replace(/\s+/g, ' ')] ?? LEVEL_WORDS[levelRaw.toLowerCase()] ?? null;
    if (!level) return { error: { line, message: `muc_do "${levelRaw}" phải là rat_hai_long, hai_long, binh_thuong hoặc khong_hai_long (hoặc Rất hài lòng, Hài lòng, Bình thường, Không hài lòng)` } };
  }
  if (indices.every((v) => v === null) && !level) return { error: { line, message: 'phiếu không có chỉ số nào và không có mức độ hài lòng' } };
  const [idx1, idx2, idx3, idx4, idx5, idx6, idx7, idx8, idx9] = indices;
  return { rating: { dossierCode: code, ratedOn, idx1, idx2, idx3, idx4, idx5, idx6, idx7, idx8, idx9, level, origin: 'import' } };
}

export interface ParsedRatings {
  ratings: NewRating[];
  /** Line in the file of each rating (same order). */
  lines: number[];
  errors: RowError[];
  /** Same dossier twice in the file: the first valid line counts (set by checkAgainstDossiers). */
  repeated: number;
}

function checkHeaders(headers: string[]): void {
  const missing = RATING_HEADERS.filter((h) => !headers.includes(h));
  if (missing.length) {
    throw new Error(`thiếu cột: ${missing.join(', ')}. Dòng đầu phải có các cột: ${RATING_HEADERS.join(', ')}`);
  }
}

function collect(records: { rec: Record<string, Cell>; line: number }[]): ParsedRatings {
  const out: ParsedRatings = { ratings: [], lines: [], errors: [], repeated: 0 };
  for (const { rec, line } of records) {
    const r = toRating(rec, line);
    if (r.error) out.errors.push(r.error);
    else {
      out.ratings.push(r.rating!);
      out.lines.push(line);
    }
  }
  return out;
}

export function parseRatingsCsv(content: string): ParsedRatings {
  const rows = parse(content, { bom: true, delimiter: [',', ';'], relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  const headers = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  checkHeaders(headers);
  return collect(rows.slice(1).map((cells, i) => ({ rec: Object.fromEntries(headers.map((h, j) => [h, cells[j]])), line: i + 2 })));
}

export async function parseRatingsXlsx(buffer: Buffer): Promise<ParsedRatings> {
  // exceljs is loaded when a spreadsheet is first read or written, not at start (idle memory).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('tệp Excel không có trang tính nào');
  const headers: string[] = [];
  ws.getRow(1).eachCell((c, col) => (headers[col] = text(c.value as Cell).toLowerCase()));
  checkHeaders(headers);
  const records: { rec: Record<string, Cell>; line: number }[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const rec: Record<string, Cell> = {};
    headers.forEach((h, col) => {
      if (!h) return;
      const v = row.getCell(col).value;
      rec[h] = v && typeof v === 'object' && !(v instanceof Date) ? ((v as { result?: Cell; text?: string }).result ?? (v as { text?: string }).text) : (v as Cell);
    });
    records.push({ rec, line: r });
  }
  return collect(records);
}

export async function parseRatingsFile(file: string): Promise<ParsedRatings> {
  const buf = await readFile(file);
  if (/\.xlsx$/i.test(file)) return parseRatingsXlsx(buf);
  if (/\.csv$/i.test(file) || /\.txt$/i.test(file)) return parseRatingsCsv(buf.toString('utf8'));
  throw new Error('chỉ nhận tệp .csv hoặc .xlsx');
}

/**
 * Checks each form against the dossiers: a form naming no known dossier, dated before its dossier
 * was received, or dated after `today` cannot be true (TT 01/2018 Art. 14: a form rates one dossier
 * once it is handled). Such lines move from `ratings` to `errors`, so they are never counted.
 */
export async function checkAgainstDossiers(db: Db, parsed: ParsedRatings, today: string): Promise<ParsedRatings> {
  const received = await receivedDates(db, parsed.ratings.map((r) => r.dossierCode));
  const out: ParsedRatings = { ratings: [], lines: [], errors: [...parsed.errors], repeated: parsed.repeated };
  const seen = new Set<string>();
  parsed.ratings.forEach((r, i) => {
    const line = parsed.lines[i]!;
    let message: string | null = null;
    if (r.ratedOn > today) message = `ngay_danh_gia ${viDate(r.ratedOn)} ở tương lai (hôm nay ${viDate(today)})`;
    else if (!received.has(r.dossierCode)) message = `không có hồ sơ mã ${r.dossierCode} trong dữ liệu hồ sơ (nhập hồ sơ trước: npm run dossiers:import)`;
    else {
      const got = received.get(r.dossierCode);
      if (got && r.ratedOn < got) message = `ngay_danh_gia ${viDate(r.ratedOn)} trước ngày tiếp nhận hồ sơ ${r.dossierCode} (${viDate(got)})`;
    }
    if (message) out.errors.push({ line, message });
    else if (seen.has(r.dossierCode)) out.repeated += 1;
    else {
      seen.add(r.dossierCode);
      out.ratings.push(r);
      out.lines.push(line);
    }
  });
  out.errors.sort((a, b) => a.line - b.line);
  return out;
}
