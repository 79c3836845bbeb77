// Reading catalog files for import: JSON (rows, the sample format, or national-portal records),
// CSV and XLSX (one procedure per row, a header row naming the columns).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CatalogError, ROW_KEY } from './catalog';
import type { FeeRule } from './fees.types';
import { fold } from './normalize';
import { parseSourceLines } from './provenance';
import type { FactSources, SourceRef } from './sources.types';

/** Column headers accepted (folded, no punctuation) → field. */
const HEADERS: Record<string, string> = {
  code: 'code', ma: 'code', 'ma thu tuc': 'code', 'ma tthc': 'code',
  name: 'name', ten: 'name', 'ten thu tuc': 'name',
  field: 'field', 'linh vuc': 'field',
  level: 'level', cap: 'level',
  levelnote: 'levelNote', 'level note': 'levelNote', 'ghi chu cap': 'levelNote',
  agency: 'agency', 'co quan': 'agency', 'co quan tiep nhan': 'agency',
  timetext: 'timeText', 'time text': 'timeText', 'thoi han': 'timeText', 'thoi han giai quyet': 'timeText',
  timedays: 'timeDays', 'time days': 'timeDays', 'so ngay': 'timeDays', 'so ngay lam viec': 'timeDays',
  documents: 'documents', 'ho so': 'documents', 'thanh phan ho so': 'documents',
  steps: 'steps', 'trinh tu': 'steps', 'cac buoc': 'steps',
  submitwhere: 'submitWhere', 'submit where': 'submitWhere', 'noi nop': 'submitWhere',
  submithow: 'submitHow', 'submit how': 'submitHow', 'cach nop': 'submitHow', 'cach thuc thuc hien': 'submitHow',
  onlinelevel: 'onlineLevel', 'online level': 'onlineLevel', 'muc do truc tuyen': 'onlineLevel',
  onlineurl: 'onlineUrl', 'online url': 'onlineUrl', 'duong dan': 'onlineUrl', 'link': 'onlineUrl',
  legalbasis: 'legalBasis', 'legal basis': 'legalBasis', 'can cu phap ly': 'legalBasis',
  fees: 'fees', 'le phi': 'fees', phi: 'fees',
  feenote: 'feeNote', 'fee note': 'feeNote', 'ghi chu le phi': 'feeNote',
  aliases: 'aliases', 'ten goi khac': 'aliases', 'tu khoa': 'aliases',
  faq: 'faq', 'cau hoi': 'faq', 'cau hoi thuong gap': 'faq',
  reviewedat: 'reviewedAt', 'reviewed at': 'reviewedAt', 'ngay ra soat': 'reviewedAt',
  source: 'source', nguon: 'source',
  sources: 'sources', 'nguon theo thong tin': 'sources', 'nguon tung thong tin': 'sources',
  active: 'active', 'con hieu luc': 'active',
};
const LIST_FIELDS = new Set(['documents', 'steps', 'aliases', 'faq']);

function headerKey(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Compact fee syntax for spreadsheet cells, rules separated by ";":
 * `free`, `free: điều kiện`, `fixed 8000/bản`, `case 50000`, `page 1-2=2000, 3+=1000, cap 200000`,
 * `province`, `province 50000`, `exempt: ai được miễn`. A cell starting with "[" is JSON.
 * Vietnamese words work too: `Miễn phí`, `Không thu`, `Do tỉnh quy định`, `50.000 đồng/bản`.
 */
export function parseFeeCell(cell: string): FeeRule[] | null {
  const text = cell.trim();
  if (!text || /^u$/i.test(text)) return null;
  if (text.startsWith('[')) return JSON.parse(text) as FeeRule[];
  return text.split(';').map((part) => {
    const p = part.trim();
    const [head, ...rest] = p.split(':');
    const after = rest.join(':').trim();
    const amount = (s: string) => Number(s.replace(/[.,\s]/g, ''));
    const m = /(\d[\d.,]*)\s*(?:đồng|đ|vnđ|vnd)?\s*(?:\/\s*(.+))?$/i.exec(head!.trim());
    const kind = vietnameseFeeKind(head!, m) ?? head!.trim().split(/\s+/)[0]!.toLowerCase();
    switch (kind) {
      case 'free':
        return after ? { kind: 'free', condition: after } : { kind: 'free' };
      case 'exempt':
        return { kind: 'exempt', who: after };
      case 'province':
        return { kind: 'province', amount: m ? amount(m[1]!) : null };
      case 'fixed':
      case 'case':
        if (!m) throw new Error(`thiếu số tiền trong "${p}"`);
        return {
          kind: kind === 'fixed' ? 'fixed' : 'per_case',
          amount: amount(m[1]!),
          ...(m[2] ? { unit: m[2].trim() } : {}),
          ...(after ? { label: after } : {}),
        } as FeeRule;
      case 'page': {
        const tiers = [...p.matchAll(/(\d+)\s*(?:-\s*(\d+)|\+)\s*=\s*(\d[\d.,]*)/g)].map((t) => ({
          from: Number(t[1]),
          ...(t[2] ? { to: Number(t[2]) } : {}),
          amount: amount(t[3]!),
        }));
        const cap = /cap\s*(\d[\d.,]*)/.exec(p);
        if (!tiers.length) throw new Error(`không đọc được bậc giá trong "${p}"`);
        return { kind: 'per_page', tiers, ...(cap ? { cap: amount(cap[1]!) } : {}), unit: 'bản' };
      }
      default:
        throw new Error(`không hiểu quy tắc lệ phí "${p}" (dùng free, fixed, case, page, province, exempt)`);
    }
  });
}

// The words staff type in a fee column, folded: "Miễn phí", "Không thu", "Do tỉnh quy định",
// or just an amount ("50.000 đồng/bản", a fixed fee).
const FREE_WORDS = new Set(['mien phi', 'khong thu', 'khong thu phi', 'khong thu le phi', 'khong mat phi', 'khong co', '0', '0 dong', 'mien le phi']);
const PROVINCE_WORDS = new Set(['do tinh quy dinh', 'theo quy dinh cua tinh', 'theo nghi quyet hdnd tinh']);

function vietnameseFeeKind(head: string, amountMatch: RegExpExecArray | null): string | null {
  const key = fold(head).replace(/[.,]/g, '').trim();
  if (FREE_WORDS.has(key)) return 'free';
  if (PROVINCE_WORDS.has(key)) return 'province';
  // A bare amount, e.g. "50.000 đồng/bản".
  if (amountMatch && amountMatch.index === 0) return 'fixed';
  return null;
}

/** One spreadsheet row (header → cell text) → an import row; empty cells are left out. */
function rowFromCells(record: Record<string, unknown>, rowNumber: number): Record<string, unknown> {
  const out: Record<string, unknown> = { [ROW_KEY]: rowNumber };
  for (const [header, value] of Object.entries(record)) {
    const field = HEADERS[headerKey(header)];
    if (!field || value === null || value === undefined) continue;
    const text = String(value).trim();
    if (!text) continue;
    // "U" marks a value not verified yet (docs/domain.md §5.1): stored as null, shown as "chưa có thông tin".
    if (/^u$/i.test(text) && field !== 'code' && field !== 'name' && field !== 'field') {
      out[field] = null;
      continue;
    }
    try {
      if (LIST_FIELDS.has(field)) out[field] = text.split(/\r?\n|\s\|\s|^\||\|$/).map((s) => s.trim()).filter(Boolean);
      else if (field === 'fees') out[field] = parseFeeCell(text);
      // One source per line ("time: Nghị định 168/2025/NĐ-CP | Điều 90 | 2025-06-30"), or JSON.
      else if (field === 'sources') out[field] = text.startsWith('{') ? JSON.parse(text) : parseSourceLines(text);
      else if (field === 'timeDays') out[field] = Number(text);
      else if (field === 'active') out[field] = !/^(0|false|khong|không|no)$/i.test(text);
      else if (field === 'onlineLevel') out[field] = headerKey(text).replace(/ /g, '_');
      else out[field] = text;
    } catch (e) {
      throw new CatalogError((e as Error).message, rowNumber, typeof record.code === 'string' ? record.code : undefined);
    }
  }
  return out;
}

interface PortalFee {
  type?: string;
  value?: number;
  description?: string;
  currencyName?: string;
}
interface PortalRecord {
  code: string;
  name: string;
  category?: { name?: string };
  executionMethods?: { submissionMethod?: string; processingTime?: number; description?: string; fees?: PortalFee[] }[];
  executionCases?: { profileComponents?: { name?: string; originalQty?: number; copyQty?: number }[] }[];
  executionSteps?: { description?: string }[];
  legalBasisesDetails?: { name?: string; code?: string }[];
  cases?: { processingDay?: { qty?: number; type?: string } }[];
  isFullProcess?: boolean;
  isWard?: boolean;
}

function isPortalRecord(o: unknown): o is PortalRecord {
  const r = o as Record<string, unknown>;
  return !!r && typeof r === 'object' && typeof r.code === 'string' && ('executionMethods' in r || 'executionCases' in r);
}

/** Where the national portal shows a procedure's record (its search by code). */
export const portalRecordUrl = (code: string) => `https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=${encodeURIComponent(code)}`;

/** The national portal's record shape (docs/domain.md §5.1) → an import row. */
export function fromPortalRecord(r: PortalRecord): Record<string, unknown> {
  // Every fact read from the record names the record as its source.
  const record: SourceRef = { doc: `Cổng Dịch vụ công quốc gia, thủ tục ${r.code}`, url: portalRecordUrl(r.code) };
  const documents = (r.executionCases ?? [])
    .flatMap((c) => c.profileComponents ?? [])
    .map((c) => {
      const qty = [c.originalQty ? `${c.originalQty} bản chính` : '', c.copyQty ? `${c.copyQty} bản sao` : ''].filter(Boolean).join(', ');
      return `${(c.name ?? '').trim()}${qty ? ` (${qty})` : ''}`;
    })
    .filter((d) => d.length > 0);
  const vndFees = (r.executionMethods ?? []).flatMap((m) =>
    (m.fees ?? [])
      .filter((f) => (f.currencyName ?? 'Việt Nam Đồng').includes('Việt Nam') && typeof f.value === 'number')
      .map((f) => ({ method: m.submissionMethod, fee: f })),
  );
  const fees: FeeRule[] = vndFees.map(({ method, fee }) => ({
    kind: 'fixed',
    amount: fee.value!,
    ...(fee.description ? { unit: fee.description.replace(/^\//, '').trim() } : {}),
    ...(method === 'ONLINE' ? { label: 'nộp trực tuyến' } : method === 'POSTAL' ? { label: 'qua bưu chính' } : {}),
  }));
  const days = r.cases?.find((c) => c.processingDay?.qty !== undefined)?.processingDay;
  const methodNotes = (r.executionMethods ?? []).map((m) => m.description?.trim()).filter(Boolean) as string[];
  const channels = [...new Set((r.executionMethods ?? []).map((m) => m.submissionMethod).filter(Boolean))];
  const how = channels
    .map((c) => ({ DIRECT: 'Trực tiếp', ONLINE: 'Trực tuyến', POSTAL: 'Qua bưu chính' })[c as 'DIRECT'] ?? c)
    .join('; ');
  return {
    code: r.code,
    name: r.name,
    field: r.category?.name ?? 'Khác',
    ...(documents.length ? { documents } : {}),
    ...(r.executionSteps?.length ? { steps: r.executionSteps.map((s) => s.description ?? '').filter(Boolean) } : {}),
    ...(vndFees.length ? { fees, feeNote: methodNotes.join(' ').slice(0, 1000) || null } : {}),
    ...(days?.qty !== undefined
      ? { timeDays: days.qty, timeText: `${String(days.qty).padStart(2, '0')} ngày${days.type === 'WORKING_DAY' ? ' làm việc' : ''}` }
      : {}),
    ...(how ? { submitHow: how } : {}),
    ...(r.isFullProcess === true ? { onlineLevel: 'toan_trinh' } : {}),
    ...(r.legalBasisesDetails?.length
      ? { legalBasis: r.legalBasisesDetails.map((l) => l.code ?? l.name).filter(Boolean).join('; ').slice(0, 2000) }
      : {}),
    ...(r.isWard === false ? { levelNote: 'Cổng DVC: không phải thủ tục cấp xã' } : {}),
    source: `Cổng Dịch vụ công quốc gia, thủ tục ${r.code}`,
    sources: portalSources(r, record, { documents: documents.length > 0, fees: vndFees.length > 0, time: days?.qty !== undefined }),
  };
}

function portalSources(r: PortalRecord, record: SourceRef, has: { documents: boolean; fees: boolean; time: boolean }): FactSources {
  const laws = (r.legalBasisesDetails ?? [])
    .map((l) => (l.code ?? l.name ?? '').trim())
    .filter((d) => d.length >= 3)
    .map((doc) => ({ doc: doc.slice(0, 300) }));
  return {
    ...(has.documents ? { documents: [record] } : {}),
    ...(has.fees ? { fees: [record] } : {}),
    ...(has.time ? { time: [record] } : {}),
    ...(laws.length ? { legalBasis: laws } : {}),
  };
}

/** Rows of a JSON value: an array of rows, the sample format, or portal records (wrapped or not). */
export function rowsFromJson(value: unknown): Record<string, unknown>[] {
  const unwrap = (v: unknown): unknown => {
    const o = v as Record<string, unknown>;
    return o && typeof o === 'object' && 'data' in o && o.data && typeof o.data === 'object' && !Array.isArray(o.data) ? o.data : v;
  };
  const v = unwrap(value);
  if (Array.isArray(v)) return v.map(unwrap).map((x) => (isPortalRecord(x) ? fromPortalRecord(x) : (x as Record<string, unknown>)));
  if (isPortalRecord(v)) return [fromPortalRecord(v)];
  const o = v as { procedures?: unknown[]; defaults?: Record<string, unknown> };
  if (o && Array.isArray(o.procedures)) return o.procedures.map((p) => ({ ...o.defaults, ...(p as Record<string, unknown>) }));
  throw new CatalogError('tệp JSON phải là một danh sách thủ tục, {"procedures": [...]}, hoặc bản ghi của Cổng DVC quốc gia');
}

async function rowsFromXlsx(buffer: Buffer): Promise<Record<string, unknown>[]> {
  // exceljs is loaded when a spreadsheet is first read or written, not at start (idle memory).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as never);
  const ws = wb.worksheets[0];
  if (!ws) throw new CatalogError('tệp XLSX không có trang tính nào');
  const cell = (v: unknown): unknown => {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('result' in o) return cell(o.result);
      if ('text' in o) return o.text;
      if ('richText' in o) return (o.richText as { text: string }[]).map((t) => t.text).join('');
      if (v instanceof Date) return v.toISOString().slice(0, 10);
    }
    return v;
  };
  let headers: string[] = [];
  const rows: Record<string, unknown>[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const values = (row.values as unknown[]).slice(1).map(cell);
    if (!headers.length) {
      headers = values.map((v) => String(v ?? ''));
      return;
    }
    if (values.every((v) => v === null || v === undefined || String(v).trim() === '')) return;
    rows.push(rowFromCells(Object.fromEntries(headers.map((h, i) => [h, values[i]])), n));
  });
  return rows;
}

function rowsFromCsv(text: string): Record<string, unknown>[] {
  const records = parse(text.replace(/^\uFEFF/, ''), {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    delimiter: [',', ';', '\t'],
  }) as { record: Record<string, unknown>; info: { lines: number } }[];
  return records.map((r) => rowFromCells(r.record, r.info.lines));
}

/** Reads a catalog file by its extension (.json, .csv, .xlsx) into import rows. */
export async function readCatalogFile(file: string): Promise<Record<string, unknown>[]> {
  const ext = path.extname(file).toLowerCase();
  const buffer = readFileSync(file);
  if (ext === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(buffer.toString('utf8'));
    } catch (e) {
      throw new CatalogError(`tệp JSON không hợp lệ: ${(e as Error).message}`);
    }
    return rowsFromJson(value);
  }
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return rowsFromCsv(buffer.toString('utf8'));
  if (ext === '.xlsx') return rowsFromXlsx(buffer);
  throw new CatalogError(`không đọc được tệp ${ext || '(không có đuôi)'}: dùng .json, .csv hoặc .xlsx`);
}
