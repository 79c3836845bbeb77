// The catalog API: list/search, get, update, import (preview/apply), add alias, sample load, export.
// Every change goes through here, then refreshes the in-memory search index of this process;
// other processes notice within CATALOG_RECHECK_MS (knowledge/store.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../models/db';
import { procedures, type ProcedureRow } from '../models/schema/procedures';
import { feeRulesSchema } from './fees.types';
import { factSourcesSchema } from './sources.types';
import { fold } from './normalize';
import { DATA_DIR } from './text';
import { refreshKnowledge } from './store';
import { cleanText } from '../core/text';

export const SAMPLE_CATALOG_FILE = path.join(DATA_DIR, 'catalog', 'procedures.json');

export type Procedure = Omit<ProcedureRow, 'updatedAt'> & { updatedAt?: Date };

const CODE_RE = /^\d\.\d{6}$/;
/** Property a file parser sets on a row to give its row number in the file. */
export const ROW_KEY = '__row';
const text = (max: number) => z.string().trim().max(max);
const nullableText = (max: number) => text(max).nullable();
const list = z.array(z.string().trim().min(1).max(2000)).max(200);
// Only web links: zod's url() also accepts javascript: and data:, which a citizen's chat would render as a button.
const WEB_LINK = /^https?:\/\//i;

/** One procedure as imported or edited; null facts are "not verified" (shown as such). */
export const procedureInputSchema = z.object({
  code: z.string().trim().regex(CODE_RE, 'mã thủ tục phải có dạng 1.001193'),
  name: text(500).min(3, 'thiếu tên thủ tục'),
  field: text(200).min(2, 'thiếu lĩnh vực'),
  level: text(16).default('xa'),
  levelNote: nullableText(200).default(null),
  agency: nullableText(200).default(null),
  timeText: nullableText(1000).default(null),
  timeDays: z.number().int().min(0).max(365).nullable().default(null),
  documents: list.nullable().default(null),
  steps: list.nullable().default(null),
  submitWhere: nullableText(500).default(null),
  submitHow: nullableText(1000).default(null),
  onlineLevel: z.enum(['toan_trinh', 'mot_phan', 'khong']).nullable().default(null),
  onlineUrl: z
    .string()
    .trim()
    .url('đường dẫn trực tuyến không hợp lệ')
    .max(500)
    .refine((u) => WEB_LINK.test(u), 'đường dẫn trực tuyến phải bắt đầu bằng http:// hoặc https://')
    .nullable()
    .default(null),
  legalBasis: nullableText(2000).default(null),
  fees: feeRulesSchema.nullable().default(null),
  feeNote: nullableText(1000).default(null),
  aliases: z.array(text(300).min(1)).max(200).default([]),
  faq: z.array(text(500).min(1)).max(500).default([]),
  reviewedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD').nullable().default(null),
  source: nullableText(1000).default(null),
  // Older files have no per-fact sources: they import with none (catalog:check lists the gaps).
  sources: factSourcesSchema.default({}),
  active: z.boolean().default(true),
});
export type ProcedureInput = z.input<typeof procedureInputSchema>;
/** Fields an update may change (code is the key, never changed). */
export const procedurePatchSchema = procedureInputSchema.omit({ code: true }).partial();
export type ProcedurePatch = z.input<typeof procedurePatchSchema>;

/** Imported and edited text is cleaned of control characters and lone surrogates (core/text.ts). */
function cleanStrings<T>(v: T): T {
  if (typeof v === 'string') return cleanText(v) as T;
  if (Array.isArray(v)) return v.map(cleanStrings) as T;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanStrings(x)])) as T;
  }
  return v;
}

const EDITABLE = Object.keys(procedurePatchSchema.shape) as (keyof ProcedurePatch)[];

export class CatalogError extends Error {
  constructor(
    message: string,
    /** 1-based row number in the imported file, when the error is about a row. */
    readonly row?: number,
    readonly code?: string,
  ) {
    super(row ? `dòng ${row}${code ? ` (${code})` : ''}: ${message}` : message);
    this.name = 'CatalogError';
  }
}

// ------------------------------------------------------------------------------------- reading

export interface ListOptions {
  /** Free text over code, name, field and aliases (diacritics optional). */
  query?: string;
  field?: string;
  includeInactive?: boolean;
}

export async function listProcedures(db: Db, opts: ListOptions = {}): Promise<Procedure[]> {
  const rows = await db.select().from(procedures).orderBy(asc(procedures.field), asc(procedures.code));
  const q = opts.query ? fold(opts.query) : '';
  return rows.filter(
    (r) =>
      (opts.includeInactive || r.active) &&
      (!opts.field || fold(r.field) === fold(opts.field)) &&
      (!q || fold([r.code, r.name, r.field, ...r.aliases].join(' ')).includes(q)),
  );
}

export async function getProcedure(db: Db, code: string): Promise<Procedure | null> {
  const [row] = await db.select().from(procedures).where(eq(procedures.code, code.trim()));
  return row ?? null;
}

export async function countProcedures(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(procedures);
  return Number(row?.n ?? 0);
}

// ------------------------------------------------------------------------------------- writing

/** Updates one procedure (fees included); throws CatalogError on bad values or unknown code. */
export async function updateProcedure(db: Db, code: string, patch: ProcedurePatch): Promise<Procedure> {
  const parsed = procedurePatchSchema.safeParse(cleanStrings(patch));
  if (!parsed.success) throw new CatalogError(zodReason(parsed.error));
  const values = Object.fromEntries(
    Object.entries(parsed.data).filter(([k, v]) => v !== undefined && k in patch),
  ) as Partial<ProcedureRow>;
  const [row] = await db
    .update(procedures)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(procedures.code, code.trim()))
    .returning();
  if (!row) throw new CatalogError(`không có thủ tục mã ${code}`);
  await refreshKnowledge(db);
  return row;
}

/** Attaches a citizen phrasing (e.g. an unanswered question) to a procedure as an alias. */
export async function addAlias(db: Db, code: string, phrase: string): Promise<Procedure> {
  const p = await getProcedure(db, code);
  if (!p) throw new CatalogError(`không có thủ tục mã ${code}`);
  const clean = phrase.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, 300);
  if (!clean) throw new CatalogError('câu hỏi trống');
  if (p.aliases.some((a) => fold(a) === fold(clean))) return p;
  return updateProcedure(db, code, { aliases: [...p.aliases, clean] });
}

export interface ImportChange {
  row: number;
  code: string;
  action: 'insert' | 'update' | 'unchanged';
  /** Fields whose value changes. */
  fields: string[];
}
export interface ImportResult {
  ok: boolean;
  errors: { row: number; code?: string; reason: string }[];
  changes: ImportChange[];
  applied: boolean;
}

/**
 * What an import would change, without changing anything. Rows are objects in the
 * procedureInputSchema shape; a row for an existing code may leave fields out (they are kept).
 */
export async function previewImport(db: Db, rows: unknown[]): Promise<ImportResult> {
  const existing = new Map((await db.select().from(procedures)).map((r) => [r.code, r]));
  return plan(rows, existing);
}

/** Upserts by code in one transaction; any bad row → nothing changed, errors name the row. */
export async function applyImport(db: Db, rows: unknown[]): Promise<ImportResult> {
  const result = await db.transaction(async (tx) => {
    const existing = new Map((await tx.select().from(procedures)).map((r) => [r.code, r]));
    const planned = plan(rows, existing);
    if (!planned.ok) return planned;
    for (const c of planned.values) {
      if (c.change.action === 'unchanged') continue;
      await tx
        .insert(procedures)
        .values({ ...c.value, updatedAt: new Date() })
        .onConflictDoUpdate({ target: procedures.code, set: { ...c.value, updatedAt: new Date() } });
    }
    return { ...planned, applied: planned.changes.some((c) => c.action !== 'unchanged') };
  });
  if (result.applied) await refreshKnowledge(db);
  const { values: _values, ...out } = result as ImportResult & { values?: unknown };
  return out;
}

function plan(rows: unknown[], existing: Map<string, ProcedureRow>) {
  const errors: ImportResult['errors'] = [];
  const changes: ImportChange[] = [];
  const values: { value: z.output<typeof procedureInputSchema>; change: ImportChange }[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, i) => {
    const obj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    // Parsers of CSV/XLSX give the row number in the file (header = row 1); otherwise the position.
    const row = typeof obj[ROW_KEY] === 'number' ? (obj[ROW_KEY] as number) : i + 1;
    const code = typeof obj.code === 'string' ? obj.code.trim() : '';
    if (seen.has(code)) {
      errors.push({ row, code, reason: `mã ${code} xuất hiện hai lần trong tệp` });
      return;
    }
    seen.add(code);
    const before = existing.get(code);
    // A partial row for an existing code keeps the fields it leaves out.
    const { [ROW_KEY]: _row, ...given } = obj;
    const merged = before ? { ...stripMeta(before), ...definedOnly(given) } : given;
    const parsed = procedureInputSchema.safeParse(cleanStrings(merged));
    if (!parsed.success) {
      errors.push({ row, code: code || undefined, reason: zodReason(parsed.error) });
      return;
    }
    const fields = before
      ? EDITABLE.filter((k) => stableJson(parsed.data[k]) !== stableJson((before as Record<string, unknown>)[k]))
      : EDITABLE.filter((k) => parsed.data[k] !== null);
    const change: ImportChange = {
      row,
      code: parsed.data.code,
      action: before ? (fields.length ? 'update' : 'unchanged') : 'insert',
      fields,
    };
    changes.push(change);
    values.push({ value: parsed.data, change });
  });
  return { ok: errors.length === 0, errors, changes, applied: false, values };
}

/** JSON with object keys sorted: jsonb columns give keys back in their own order. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );
}

function stripMeta(r: ProcedureRow): Record<string, unknown> {
  const { updatedAt: _u, ...rest } = r;
  return rest;
}

function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function zodReason(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'dòng'}: ${i.message}`)
    .join('; ');
}

// ------------------------------------------------------------------------------------- sample

interface SampleFile {
  defaults?: Partial<ProcedureInput>;
  procedures: Record<string, unknown>[];
}

/** The shipped sample catalog as import rows (defaults applied). */
export function sampleCatalogRows(file = SAMPLE_CATALOG_FILE): Record<string, unknown>[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as SampleFile;
  return data.procedures.map((p) => ({ ...data.defaults, ...p }));
}

/** Loads the sample catalog when the procedures table is empty (first start). */
export async function loadSampleCatalogIfEmpty(db: Db): Promise<number> {
  if ((await countProcedures(db)) > 0) return 0;
  const result = await applyImport(db, sampleCatalogRows());
  if (!result.ok) throw new Error(`sample catalog is invalid: ${result.errors.map((e) => e.reason).join('; ')}`);
  return result.changes.length;
}

/** The whole catalog as import rows (round-trips through applyImport). */
export async function exportCatalog(db: Db): Promise<Record<string, unknown>[]> {
  const rows = await listProcedures(db, { includeInactive: true });
  return rows.map((r) => stripMeta(r as ProcedureRow));
}
