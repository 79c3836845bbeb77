// Reads an export of the provincial one-stop system (CSV or XLSX) into validated dossier
// records, then applies them: all or nothing, or the good rows only with skipInvalid.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Db } from '../../models/db';
import { applyDossierRecords, type ApplyResult, type DossierRecord } from '../../models/repos/dossiers/records';
import {
  canonicalHeader, parseDossierRecord, REQUIRED_HEADERS, type CanonicalHeader, type FieldProblem, type RawValue,
} from './records';

/** Rows scanned for the header: exports often start with a title and a blank line. */
const HEADER_SEARCH_ROWS = 10;

export class ImportFileError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string> = {},
  ) {
    super(key);
    this.name = 'ImportFileError';
  }
}

export interface RowProblem {
  /** Row number as the spreadsheet or text editor shows it (header included). */
  row: number;
  problems: FieldProblem[];
}

export interface ParsedFile {
  records: { row: number; record: DossierRecord }[];
  rejected: RowProblem[];
  unknownColumns: string[];
  /** Each column's header as written in the file. */
  labels: Partial<Record<CanonicalHeader, string>>;
  total: number;
}

type Table = { row: number; cells: RawValue[] }[];

/** Reads the file's rows (CSV or the first worksheet with a header of an XLSX). */
export async function readTable(file: string): Promise<Table[]> {
  const ext = path.extname(file).toLowerCase();
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ImportFileError('not_found', { file });
    throw new ImportFileError('unreadable', { file, reason: (e as Error).message });
  }
  try {
    if (ext === '.csv' || ext === '.txt') return [readCsv(buf)];
    if (ext === '.xlsx') return await readXlsx(buf);
  } catch (e) {
    throw new ImportFileError('unreadable', { file, reason: (e as Error).message });
  }
  throw new ImportFileError('bad_type', { file });
}

function readCsv(buf: Buffer): Table {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // Vietnamese Excel saves CSV with ';' (comma is the decimal separator there); tabs from copy-paste.
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  const delimiter = counts.sort((a, b) => b[1] - a[1])[0]![0];
  const rows = parse(text, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    trim: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return rows.map((r) => ({ row: r.info.lines, cells: r.record }));
}

async function readXlsx(buf: Buffer): Promise<Table[]> {
  // exceljs is loaded when a spreadsheet is first read or written, not at start (idle memory).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  return wb.worksheets.map((ws) => {
    const table: Table = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = row.values as unknown[];
      table.push({ row: rowNumber, cells: values.slice(1).map(cellValue) });
    });
    return table;
  });
}

function cellValue(v: unknown): RawValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (o.richText) return o.richText.map((p) => p.text).join('');
    if ('result' in o) return cellValue(o.result);
    if (typeof o.text === 'string') return o.text;
  }
  return null;
}

/** Finds the header row and maps its columns. */
function locateHeader(table: Table): { index: number; columns: (CanonicalHeader | null)[]; unknown: string[] } | null {
  for (let i = 0; i < Math.min(HEADER_SEARCH_ROWS, table.length); i++) {
    const cells = table[i]!.cells;
    const columns = cells.map((c) => (c === null || c === undefined ? null : canonicalHeader(String(c))));
    if (REQUIRED_HEADERS.every((h) => columns.includes(h))) {
      const unknown = cells
        .filter((c, j) => columns[j] === null && c !== null && c !== undefined && String(c).trim() !== '')
        .map((c) => String(c));
      return { index: i, columns, unknown };
    }
  }
  return null;
}

/** Parses and validates every row of a file. */
// Rows validated between two progress reports (and yields, so a progress bar can redraw).
const PROGRESS_EVERY_ROWS = 5_000;

export type ImportPhase = 'reading' | 'writing';
export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void;

export async function parseDossierFile(file: string, onProgress?: ImportProgress): Promise<ParsedFile> {
  const tables = await readTable(file);
  let found: { table: Table; header: NonNullable<ReturnType<typeof locateHeader>> } | undefined;
  for (const table of tables) {
    const header = locateHeader(table);
    if (header) {
      found = { table, header };
      break;
    }
  }
  if (!found) {
    // Say which required columns are missing when a header-like first row exists.
    const first = tables.find((t) => t.length)?.[0];
    const present = new Set((first?.cells ?? []).map((c) => (c == null ? null : canonicalHeader(String(c)))));
    if (present.size > 1) {
      const missing = REQUIRED_HEADERS.filter((h) => !present.has(h));
      if (missing.length) throw new ImportFileError('missing_columns', { columns: missing.join(', ') });
    }
    throw new ImportFileError('no_header');
  }
  const { table, header } = found;
  const labels: Partial<Record<CanonicalHeader, string>> = {};
  header.columns.forEach((h, j) => {
    if (h && !labels[h]) labels[h] = String(table[header.index]!.cells[j]).replace(/^\uFEFF/, '').trim();
  });
  const out: ParsedFile = { records: [], rejected: [], unknownColumns: header.unknown, labels, total: 0 };
  const firstRow = new Map<string, number>();
  const body = table.slice(header.index + 1);
  let done = 0;
  for (const { row, cells } of body) {
    if (onProgress && ++done % PROGRESS_EVERY_ROWS === 0) {
      onProgress('reading', done, body.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) continue;
    out.total++;
    const raw: Partial<Record<CanonicalHeader, RawValue>> = {};
    header.columns.forEach((h, j) => {
      if (h && raw[h] === undefined) raw[h] = cells[j];
    });
    const { record, problems } = parseDossierRecord(raw);
    if (record) {
      const seen = firstRow.get(record.code);
      if (seen !== undefined) {
        out.rejected.push({ row, problems: [{ field: 'ma_ho_so', key: 'duplicate', params: { row: seen } }] });
        continue;
      }
      firstRow.set(record.code, row);
      out.records.push({ row, record });
    } else out.rejected.push({ row, problems });
  }
  onProgress?.('reading', body.length, body.length);
  return out;
}

export interface ImportSummary extends Omit<ApplyResult, 'changes'> {
  rejected: number;
  total: number;
  /** True when the file was applied (no bad rows, or skipInvalid). */
  applied: boolean;
  problems: RowProblem[];
  unknownColumns: string[];
  labels: Partial<Record<CanonicalHeader, string>>;
}

/**
 * Imports one file. Without skipInvalid a single bad row means nothing is applied; with it the
 * good rows go in and the bad ones are returned.
 */
export async function importDossierFile(
  db: Db,
  file: string,
  opts: { skipInvalid?: boolean; onProgress?: ImportProgress } = {},
): Promise<ImportSummary> {
  const parsed = await parseDossierFile(file, opts.onProgress);
  const base = {
    total: parsed.total, rejected: parsed.rejected.length, problems: parsed.rejected, unknownColumns: parsed.unknownColumns, labels: parsed.labels,
  };
  if (parsed.rejected.length && !opts.skipInvalid) {
    return { ...base, inserted: 0, updated: 0, unchanged: 0, applied: false };
  }
  const result = await applyDossierRecords(
    db,
    parsed.records.map((r) => r.record),
    'import',
    { onProgress: opts.onProgress && ((done, total) => opts.onProgress!('writing', done, total)) },
  );
  return { ...base, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, applied: true };
}
