// Dossiers: applying records from the import and the API (with history and status-change
// listeners), verified look-ups with lock-out, and result watches.
import { createHash } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { dossierHistory, dossierLookups, dossiers, dossierWatches } from '../schema/dossiers';
import { outboundMessages } from '../schema/core';
import { outboundSignal } from './outbound';
import { logger } from '../../core/logger';
import type { Reply } from '../../core/types';

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

// ---------------------------------------------------------------------------------------------
// Verified look-ups (issue 4): 5 failures within an hour lock the user out for an hour.

/** Failed attempts allowed within LOOKUP_WINDOW_MS before the lock (issue 4). */
export const LOOKUP_MAX_FAILURES = 5;
/** The window the failures are counted in (issue 4: "within an hour"). */
export const LOOKUP_WINDOW_MS = 60 * 60 * 1000;
/** How long the lock lasts, from the failure that triggered it (issue 4: "for an hour"). */
export const LOOKUP_LOCK_MS = 60 * 60 * 1000;

export interface LockState {
  locked: boolean;
  /** When the lock ends (only when locked). */
  until?: Date;
  /** Failures still allowed before a lock (when not locked). */
  remaining: number;
}

/** Lock state of one user from their recorded failures. */
export async function lookupLockState(db: Db, channel: string, userId: string, now = new Date()): Promise<LockState> {
  // A lock can only come from failures in the last window + lock period.
  const since = new Date(now.getTime() - LOOKUP_WINDOW_MS - LOOKUP_LOCK_MS);
  const rows = await db
    .select({ at: dossierLookups.attemptedAt })
    .from(dossierLookups)
    .where(
      and(
        eq(dossierLookups.channel, channel),
        eq(dossierLookups.userId, userId),
        eq(dossierLookups.outcome, 'mismatch'),
        gte(dossierLookups.attemptedAt, since),
      ),
    )
    .orderBy(desc(dossierLookups.attemptedAt));
  return userLockFrom(rows.map((r) => r.at.getTime()), now);
}

/** Lock state from a user's failure times (ms, newest first) in the last window + lock period. */
function userLockFrom(times: number[], now: Date): LockState {
  let until = 0;
  // The n-th failure locks when it and the 4 before it fall within one window.
  for (let i = 0; i + LOOKUP_MAX_FAILURES - 1 < times.length; i++) {
    if (times[i]! - times[i + LOOKUP_MAX_FAILURES - 1]! <= LOOKUP_WINDOW_MS) until = Math.max(until, times[i]! + LOOKUP_LOCK_MS);
  }
  if (until > now.getTime()) return { locked: true, until: new Date(until), remaining: 0 };
  const recent = times.filter((t) => t > now.getTime() - LOOKUP_WINDOW_MS && t > until).length;
  return { locked: false, remaining: Math.max(0, LOOKUP_MAX_FAILURES - recent) };
}

export type VerifyResult =
  | { outcome: 'ok'; dossier: DossierRow }
  | { outcome: 'mismatch'; remaining: number }
  /** scope 'user': this user failed too often; 'code': this code was guessed at too often (by anyone). */
  | { outcome: 'locked'; until: Date; scope: 'user' | 'code' };

/**
 * Wrong attempts on one code, from all users together, within LOOKUP_WINDOW_MS before the code
 * itself is refused: web chat user ids are chosen by the browser, so the per-user lock alone would
 * not stop someone guessing the 10 000 digit combinations. Counted for any code string, existing
 * or not, so the refusal reveals nothing. 10 = two citizens' worth of honest mistakes.
 */
export const CODE_MAX_FAILURES = 10;


/** The last 4 digits of a phone number as stored (digits only). */
export function phoneTail(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/**
 * Checks a (code, last 4 phone digits) pair for a user and records the attempt. An unknown code
 * and wrong digits give the same outcome, so nobody learns which codes exist.
 */
export async function verifyDossierAccess(
  db: Db,
  a: { channel: string; userId: string; code: string; digits: string; now?: Date },
): Promise<VerifyResult> {
  const now = a.now ?? new Date();
  const code = a.code.slice(0, 64);
  const record = (outcome: LookupOutcome) => recordLookup(db, { ...a, outcome, now });
  // One round trip reads both locks and the phone (PGlite costs about 1 ms of CPU per statement).
  const userSince = new Date(now.getTime() - LOOKUP_WINDOW_MS - LOOKUP_LOCK_MS).toISOString();
  const codeSince = new Date(now.getTime() - LOOKUP_WINDOW_MS).toISOString();
  const epochMs = sql.raw('(extract(epoch from attempted_at) * 1000)::float8');
  const result = await db.execute(sql`
    select
      (select coalesce(json_agg(f.t order by f.t desc), '[]'::json) from (
        select ${epochMs} as t from dossier_lookups
        where channel = ${a.channel} and user_id = ${a.userId} and outcome = 'mismatch' and attempted_at >= ${userSince}::timestamptz
      ) f) as user_failures,
      (select coalesce(json_agg(f.t order by f.t desc), '[]'::json) from (
        select ${epochMs} as t from dossier_lookups
        where dossier_code = ${code} and success = false and outcome = 'mismatch' and attempted_at >= ${codeSince}::timestamptz
        order by attempted_at desc limit ${CODE_MAX_FAILURES}
      ) f) as code_failures,
      (select applicant_phone from dossiers where code = ${code}) as phone,
      exists (select 1 from dossiers where code = ${code}) as found`);
  const row = (result as unknown as { rows: { user_failures: unknown; code_failures: unknown; phone: string | null; found: boolean }[] }).rows[0]!;
  const asTimes = (v: unknown): number[] => (typeof v === 'string' ? JSON.parse(v) : (v as number[])).map(Number);

  const lock = userLockFrom(asTimes(row.user_failures), now);
  if (lock.locked) {
    await record('locked');
    return { outcome: 'locked', until: lock.until!, scope: 'user' };
  }
  const codeFailures = asTimes(row.code_failures);
  if (codeFailures.length >= CODE_MAX_FAILURES) {
    await record('locked');
    return { outcome: 'locked', until: new Date(codeFailures[CODE_MAX_FAILURES - 1]! + LOOKUP_WINDOW_MS), scope: 'code' };
  }
  const tail = phoneTail(row.phone);
  if (row.found && tail !== null && tail === a.digits) {
    const dossier = await findDossier(db, code);
    if (dossier) {
      await record('ok');
      return { outcome: 'ok', dossier };
    }
  }
  await record('mismatch');
  const after = lock.remaining - 1;
  if (after <= 0) return { outcome: 'locked', until: new Date(now.getTime() + LOOKUP_LOCK_MS), scope: 'user' };
  return { outcome: 'mismatch', remaining: after };
}

export type LookupOutcome = 'ok' | 'mismatch' | 'locked';

/** Records one look-up attempt (the lock-out counts the mismatches). */
export async function recordLookup(
  db: Db,
  a: { channel: string; userId: string; code: string; outcome: LookupOutcome; now?: Date },
): Promise<void> {
  await db.insert(dossierLookups).values({
    channel: a.channel,
    userId: a.userId,
    dossierCode: a.code.slice(0, 64),
    success: a.outcome === 'ok',
    outcome: a.outcome,
    attemptedAt: a.now ?? new Date(),
  });
}

/** True when the user verified this code (right digits) since the given time. */
export async function hasVerified(db: Db, channel: string, userId: string, code: string, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: dossierLookups.id })
    .from(dossierLookups)
    .where(
      and(
        eq(dossierLookups.channel, channel),
        eq(dossierLookups.userId, userId),
        eq(dossierLookups.dossierCode, code),
        eq(dossierLookups.success, true),
        gte(dossierLookups.attemptedAt, since),
      ),
    )
    .limit(1);
  return Boolean(row);
}

// ---------------------------------------------------------------------------------------------
// Watches ("Báo cho tôi khi có kết quả") and who is in touch about a dossier.

/** Adds a watch; false when the user already watched this dossier. */
export async function watchDossier(db: Db, code: string, channel: string, userId: string): Promise<boolean> {
  const rows = await db
    .insert(dossierWatches)
    .values({ dossierCode: code, channel, userId })
    .onConflictDoNothing()
    .returning({ id: dossierWatches.id });
  return rows.length > 0;
}

/**
 * The (channel, userId) pairs that verified the dossier (right code and digits) or watch it:
 * the applicant has a channel with us. Used e.g. for the satisfaction-rating invitation.
 */
export async function dossierContacts(db: Db, code: string): Promise<{ channel: string; userId: string }[]> {
  const verified = await db
    .selectDistinct({ channel: dossierLookups.channel, userId: dossierLookups.userId })
    .from(dossierLookups)
    .where(and(eq(dossierLookups.dossierCode, code), eq(dossierLookups.success, true)));
  const watching = await db
    .select({ channel: dossierWatches.channel, userId: dossierWatches.userId })
    .from(dossierWatches)
    .where(eq(dossierWatches.dossierCode, code));
  const seen = new Map<string, { channel: string; userId: string }>();
  for (const c of [...verified, ...watching]) seen.set(`${c.channel}\u0000${c.userId}`, c);
  return [...seen.values()];
}

// Codes per query when looking up watches after a large import.
const WATCH_QUERY_BATCH = 1_000;

/**
 * Tells the watchers of these dossiers that have not been told of a result yet. The message is
 * composed first (compose may query the database), then, in one transaction per watch, the watch
 * is marked only if still unmarked and the message queued: a watcher is told exactly once even
 * if two imports race.
 */
export async function notifyResultWatches(
  db: Db,
  codes: string[],
  resultStatuses: readonly number[],
  compose: (w: { channel: string; userId: string; dossier: DossierRow }) => Promise<Reply[]>,
): Promise<number> {
  let queued = 0;
  for (let i = 0; i < codes.length; i += WATCH_QUERY_BATCH) {
    const part = codes.slice(i, i + WATCH_QUERY_BATCH);
    const rows = await db
      .select({ watch: dossierWatches, dossier: dossiers })
      .from(dossierWatches)
      .innerJoin(dossiers, eq(dossiers.code, dossierWatches.dossierCode))
      .where(
        and(
          inArray(dossierWatches.dossierCode, part),
          isNull(dossierWatches.notifiedStatus),
          inArray(dossiers.status, [...resultStatuses]),
        ),
      );
    for (const r of rows) {
      const replies = await compose({ channel: r.watch.channel, userId: r.watch.userId, dossier: r.dossier });
      const done = await db.transaction(async (tx) => {
        const claimed = await tx
          .update(dossierWatches)
          .set({ notifiedStatus: r.dossier.status })
          .where(and(eq(dossierWatches.id, r.watch.id), isNull(dossierWatches.notifiedStatus)))
          .returning({ id: dossierWatches.id });
        if (!claimed.length) return false;
        await tx.insert(outboundMessages).values({ channel: r.watch.channel, userId: r.watch.userId, kind: 'notification', replies });
        return true;
      });
      if (done) queued++;
    }
  }
  // Same wake-up enqueueOutbound gives, once the rows are committed.
  if (queued) outboundSignal.emit();
  return queued;
}
