// Reads an uploaded catalog file into import rows for the knowledge module's previewImport/applyImport.
// JSON: an array of procedures, or {defaults?, procedures: [...]} (the shape of data/catalog and of
// /admin/catalog/export.json). CSV and XLSX: a header row of field names (code, name, field, …);
// list fields (documents, steps, aliases, faq) one item per line or separated by " | "; fees as JSON.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';

export class CatalogFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogFileError';
  }
}

const LIST_FIELDS = new Set(['documents', 'steps', 'aliases', 'faq']);
const JSON_FIELDS = new Set(['fees']);
const NUMBER_FIELDS = new Set(['timeDays']);
const BOOLEAN_FIELDS = new Set(['active']);

export async function readCatalogUpload(data: Buffer, filename: string): Promise<Record<string, unknown>[]> {
  const ext = filename.toLowerCase().split('.').pop();
  if (ext === 'json') return fromJson(data);
  if (ext === 'csv') return fromTable(parseCsv(data.toString('utf8').replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true }) as string[][]);
  if (ext === 'xlsx') return fromTable(await xlsxRows(data));
  throw new CatalogFileError(`không đọc được loại tệp ".${ext ?? ''}": dùng .json, .csv hoặc .xlsx`);
}

function fromJson(data: Buffer): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CatalogFileError(`JSON không hợp lệ: ${(e as Error).message}`);
  }
  if (Array.isArray(parsed)) return parsed as Record<string, unknown>[];
  const obj = parsed as { defaults?: Record<string, unknown>; procedures?: unknown };
  if (obj && Array.isArray(obj.procedures)) {
    return (obj.procedures as Record<string, unknown>[]).map((p) => ({ ...obj.defaults, ...p }));
  }
  throw new CatalogFileError('tệp JSON phải là một danh sách thủ tục hoặc có trường "procedures"');
}

async function xlsxRows(data: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    throw new CatalogFileError(`tệp Excel không đọc được: ${(e as Error).message}`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new CatalogFileError('tệp Excel không có trang tính nào');
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const v = cell.value as unknown;
      const text = v == null ? '' : typeof v === 'object' && v && 'text' in v ? String((v as { text: unknown }).text)
        : typeof v === 'object' && v && 'result' in v ? String((v as { result: unknown }).result) : String(v);
      cells[col - 1] = text;
    });
    out.push(Array.from(cells, (c) => c ?? ''));
  });
  return out;
}

function fromTable(table: string[][]): Record<string, unknown>[] {
  const [header, ...rows] = table;
  if (!header || !header.map((h) => h.trim()).includes('code')) {
    throw new CatalogFileError('dòng đầu phải là tên cột, trong đó có cột "code"');
  }
  const names = header.map((h) => h.trim());
  return rows.map((cells, i) => {
    const row: Record<string, unknown> = {};
    names.forEach((name, col) => {
      if (!name) return;
      const raw = (cells[col] ?? '').trim();
      // An empty cell leaves the field as it is (partial update of an existing procedure).
      if (raw === '') return;
      if (LIST_FIELDS.has(name)) row[name] = raw.split(/\r?\n|\s\|\s/).map((s) => s.trim()).filter(Boolean);
      else if (JSON_FIELDS.has(name)) {
        try {
          row[name] = JSON.parse(raw);
        } catch {
          throw new CatalogFileError(`dòng ${i + 2}: cột ${name} phải là JSON`);
        }
      } else if (NUMBER_FIELDS.has(name)) row[name] = /^\d+$/.test(raw) ? Number(raw) : raw;
      else if (BOOLEAN_FIELDS.has(name)) row[name] = !/^(0|false|không|khong|no)$/i.test(raw);
      else row[name] = raw;
    });
    return row;
  });
}
