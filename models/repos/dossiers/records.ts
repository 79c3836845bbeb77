// Dossier records from the import and the API: applied in one transaction with their history, and
// the status-change listeners told after the commit. docs/domain.md §4.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { dossierHistory, dossiers } from '../../schema/dossiers';
import { logger } from '../../../core/logger';

export type DossierChannel = 'truc_tuyen' | 'truc_tiep' | 'buu_chinh';
export type DossierOnlineLevel = 'toan_trinh' | 'mot_phan' | 'khong';
export type DossierSource = 'mot_cua' | 'lien_thong' | 'chung_thuc_dien_tu';

/** One dossier as the provincial export or the API gives it, already validated. Dates are 'YYYY-MM-DD'. */
export interface DossierRecord {
  code: string;
  procedureCode: string | null;
  procedureName: string | null;
  field: string | null;
  channel: DossierChannel | null;
  onlineLevel: DossierOnlineLevel | null;
  source: DossierSource;
  receivedDate: string | null;
  dueDate: string | null;
  endDate: string | null;
  returnedDate: string | null;
  /** National status code 1–10 (docs/domain.md §4.2). */
  status: number;
  applicantName: string | null;
  applicantPhone: string | null;
  apologyDate: string | null;
  newDueDate: string | null;
  /**
   * Fields the sender did not give (an API push of a status change, a column missing from the
   * file): an existing dossier keeps its values for them instead of having them emptied.
   */
  keep?: readonly DossierField[];
}

export type DossierRow = typeof dossiers.$inferSelect;

/** The fields of a record, in a fixed order (hash and diff). */
export const DOSSIER_FIELDS = [
  'procedureCode', 'procedureName', 'field', 'channel', 'onlineLevel', 'source', 'receivedDate', 'dueDate',
  'endDate', 'returnedDate', 'status', 'applicantName', 'applicantPhone', 'apologyDate', 'newDueDate',
] as const satisfies readonly (keyof DossierRecord)[];

export type DossierField = (typeof DOSSIER_FIELDS)[number];

// Personal data is kept for verification only: history notes that it changed, never the value.
const PERSONAL_FIELDS = new Set<string>(['applicantName', 'applicantPhone']);

export interface DossierStatusChange {
  code: string;
  /** null when the dossier is new. */
  from: number | null;
  to: number;
}

export type DossierStatusListener = (db: Db, changes: DossierStatusChange[]) => Promise<void>;

const listeners = new Map<string, DossierStatusListener>();
let anonymous = 0;

/**
 * Registers a listener called after each applyDossierRecords transaction commits, with every
 * status change it made (new dossiers have from = null). A key makes registration idempotent
 * (the assistant may be built more than once in a process). Returns an unregister function.
 */
export function onDossierStatusChanged(listener: DossierStatusListener, key?: string): () => void {
  const k = key ?? `anonymous-${++anonymous}`;
  listeners.set(k, listener);
  return () => {
    if (listeners.get(k) === listener) listeners.delete(k);
  };
}

export interface ApplyResult {
  inserted: number;
  updated: number;
  unchanged: number;
  changes: DossierStatusChange[];
}

// Rows per statement: 1 000 rows × 19 columns stays far below PostgreSQL's 65 535 bind parameters.
const APPLY_BATCH = 1_000;

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export function dossierContentHash(r: DossierRecord): string {
  return createHash('sha256')
    .update(JSON.stringify(DOSSIER_FIELDS.map((f) => r[f] ?? null)))
    .digest('hex');
}

/**
 * Applies validated records in one transaction: new codes are inserted, changed ones updated,
 * identical ones left alone; every insert or change appends a history row. Used by both the
 * import and the API. Status-change listeners run after the commit.
 */
export async function applyDossierRecords(
  db: Db,
  records: DossierRecord[],
  source: 'import' | 'api',
  opts: { onProgress?: (done: number, total: number) => void } = {},
): Promise<ApplyResult> {
  // The last occurrence of a code wins (validation normally rejects duplicates before).
  const byCode = new Map<string, DossierRecord>();
  for (const r of records) byCode.set(r.code, r);
  const unique = [...byCode.values()];
  const result: ApplyResult = { inserted: 0, updated: 0, unchanged: 0, changes: [] };

  await db.transaction(async (tx) => {
    for (let i = 0; i < unique.length; i += APPLY_BATCH) {
      await applyBatch(tx, unique.slice(i, i + APPLY_BATCH), source, result);
      opts.onProgress?.(Math.min(i + APPLY_BATCH, unique.length), unique.length);
    }
  });
  if (unique.length === 0) opts.onProgress?.(0, 0);

  if (result.changes.length) {
    for (const [key, listener] of listeners) {
      try {
        await listener(db, result.changes);
      } catch (err) {
        logger.error({ err, listener: key }, 'dossier status listener failed');
      }
    }
  }
  return result;
}

// SQL types of the record columns, for the unnest() bulk statements below.
const COLUMN_TYPES: Record<(typeof DOSSIER_FIELDS)[number], string> = {
  procedureCode: 'varchar', procedureName: 'text', field: 'text', channel: 'varchar', onlineLevel: 'varchar',
  source: 'varchar', receivedDate: 'date', dueDate: 'date', endDate: 'date', returnedDate: 'date', status: 'smallint',
  applicantName: 'text', applicantPhone: 'varchar', apologyDate: 'date', newDueDate: 'date',
};

/** One array parameter (not a list of parameters): bulk statements bind a column per parameter. */
const arrayParam = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

async function applyBatch(tx: Tx, given: DossierRecord[], source: 'import' | 'api', result: ApplyResult) {
  const batch = await fillKeptFields(tx, given);
  // Hashes first: full rows are read only for the dossiers that changed (the diff needs them).
  const codes = batch.map((r) => r.code);
  const known = await tx
    .select({ code: dossiers.code, contentHash: dossiers.contentHash })
    .from(dossiers)
    .where(sql`${dossiers.code} = any(${arrayParam(codes, 'varchar')})`);
  const hashes = new Map(known.map((d) => [d.code, d.contentHash]));
  const changed: { r: DossierRecord; hash: string }[] = [];
  for (const r of batch) {
    const hash = dossierContentHash(r);
    const before = hashes.get(r.code);
    if (before === hash) result.unchanged++;
    else changed.push({ r, hash });
  }
  if (!changed.length) return;
  const updatedCodes = changed.filter((c) => hashes.has(c.r.code)).map((c) => c.r.code);
  const old = new Map<string, DossierRow>();
  if (updatedCodes.length) {
    const rows = await tx.select().from(dossiers).where(sql`${dossiers.code} = any(${arrayParam(updatedCodes, 'varchar')})`);
    for (const d of rows) old.set(d.code, d);
  }
  const history: { code: string; status: number; changes: Record<string, unknown> }[] = [];
  for (const { r } of changed) {
    const before = old.get(r.code);
    if (!before) {
      result.inserted++;
      result.changes.push({ code: r.code, from: null, to: r.status });
      history.push({ code: r.code, status: r.status, changes: { created: true } });
    } else {
      result.updated++;
      if (before.status !== r.status) result.changes.push({ code: r.code, from: before.status, to: r.status });
      history.push({ code: r.code, status: r.status, changes: diff(before, r) });
    }
  }
  // insert … select from unnest(): one parameter per column instead of one per cell.
  const columns = [sql.raw('code'), ...DOSSIER_FIELDS.map((f) => sql.raw(dossiers[f].name)), sql.raw('content_hash')];
  const arrays = [
    arrayParam(changed.map((c) => c.r.code), 'varchar'),
    ...DOSSIER_FIELDS.map((f) => arrayParam(changed.map((c) => c.r[f] ?? null), COLUMN_TYPES[f])),
    arrayParam(changed.map((c) => c.hash), 'varchar'),
  ];
  const updates = [...DOSSIER_FIELDS.map((f) => dossiers[f].name), 'content_hash'].map((c) => sql.raw(`${c} = excluded.${c}`));
  await tx.execute(sql`
    insert into dossiers (${sql.join(columns, sql`, `)})
    select * from unnest(${sql.join(arrays, sql`, `)})
    on conflict (code) do update set ${sql.join(updates, sql`, `)}, updated_at = now()`);
  await tx.execute(sql`
    insert into dossier_history (dossier_code, status, changes, source)
    select c, s, ch::jsonb, ${source} from unnest(
      ${arrayParam(history.map((h) => h.code), 'varchar')},
      ${arrayParam(history.map((h) => h.status), 'smallint')},
      ${arrayParam(history.map((h) => JSON.stringify(h.changes)), 'text')}
    ) as t(c, s, ch)`);
}

/** Partial records take the fields they do not give from the stored dossier. */
async function fillKeptFields(tx: Tx, batch: DossierRecord[]): Promise<DossierRecord[]> {
  const partial = batch.filter((r) => r.keep?.length);
  if (!partial.length) return batch;
  const rows = await tx
    .select()
    .from(dossiers)
    .where(sql`${dossiers.code} = any(${arrayParam(partial.map((r) => r.code), 'varchar')})`);
  const stored = new Map(rows.map((d) => [d.code, d]));
  return batch.map((r) => {
    const d = stored.get(r.code);
    if (!r.keep?.length || !d) return r;
    const merged: Record<string, unknown> = { ...r };
    for (const f of r.keep) merged[f] = d[f];
    return merged as unknown as DossierRecord;
  });
}

function diff(before: DossierRow, after: DossierRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of DOSSIER_FIELDS) {
    const a = before[f] ?? null;
    const b = after[f] ?? null;
    if (a === b) continue;
    out[f] = PERSONAL_FIELDS.has(f) ? 'changed' : { from: a, to: b };
  }
  return out;
}

export async function findDossier(db: Db, code: string): Promise<DossierRow | undefined> {
  const [row] = await db.select().from(dossiers).where(eq(dossiers.code, code));
  return row;
}

export async function dossierHistoryOf(db: Db, code: string) {
  return db.select().from(dossierHistory).where(eq(dossierHistory.dossierCode, code)).orderBy(dossierHistory.id);
}
