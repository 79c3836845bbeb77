// Verified look-ups (issue 4): a citizen sees a dossier only with its code and the last 4 digits of
// the applicant's phone; failures lock the user, and a code guessed at too often, for a while.
// A stranger's failures never lock the owner out (issue 18 item 3, docs/security.md): a code under
// attack is refused only to the sources and users that failed on it, and a source that fails a lot
// waits a short backoff, not an hour.
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { dossierLookups } from '../../schema/dossiers';
import { type DossierRow, findDossier } from './records';

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
  /**
   * scope 'user': this user failed too often; 'code': this code was guessed at too often and this
   * source or user is among those who failed on it; 'source': this source failed too often (any codes).
   */
  | { outcome: 'locked'; until: Date; scope: 'user' | 'code' | 'source' };

/**
 * Wrong attempts on one code, from everyone together, within LOOKUP_WINDOW_MS, after which the code is
 * refused to every source and user that failed on it in that window; a source that has not failed on
 * it still gets its check, so the owner with the right digits is never locked out by a stranger.
 * Counted for any code string, existing or not, so the refusal reveals nothing. 10 = two citizens'
 * worth of honest mistakes.
 */
export const CODE_MAX_FAILURES = 10;

/**
 * Failures from one source (the web chat's client address, or a platform user) on any codes within
 * SOURCE_WINDOW_MS before it waits until that window has passed: the guard against one address making
 * new identities to guess on. Short, because a commune's shared Wi-Fi is one source.
 */
export const SOURCE_MAX_FAILURES = 20;
export const SOURCE_WINDOW_MS = 15 * 60 * 1000;

/** The source an attempt counts against: InboundEvent.source, or the user on platforms (the platform signs it). */
export function lookupSource(a: { channel: string; userId: string; source?: string }): string {
  return (a.source ?? `${a.channel}:${a.userId}`).slice(0, 80);
}

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
  a: { channel: string; userId: string; source?: string; code: string; digits: string; now?: Date },
): Promise<VerifyResult> {
  const now = a.now ?? new Date();
  const code = a.code.slice(0, 64);
  const source = lookupSource(a);
  const record = (outcome: LookupOutcome) => recordLookup(db, { ...a, outcome, now });
  // One round trip reads the locks and the phone (PGlite costs about 1 ms of CPU per statement).
  const userSince = new Date(now.getTime() - LOOKUP_WINDOW_MS - LOOKUP_LOCK_MS).toISOString();
  const codeSince = new Date(now.getTime() - LOOKUP_WINDOW_MS).toISOString();
  const sourceSince = new Date(now.getTime() - SOURCE_WINDOW_MS).toISOString();
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
      exists (select 1 from dossier_lookups
        where dossier_code = ${code} and outcome = 'mismatch' and attempted_at >= ${codeSince}::timestamptz
          and (source = ${source} or (channel = ${a.channel} and user_id = ${a.userId}))) as failed_here,
      (select coalesce(json_agg(f.t order by f.t desc), '[]'::json) from (
        select ${epochMs} as t from dossier_lookups
        where source = ${source} and outcome = 'mismatch' and attempted_at >= ${sourceSince}::timestamptz
        order by attempted_at desc limit ${SOURCE_MAX_FAILURES}
      ) f) as source_failures,
      (select applicant_phone from dossiers where code = ${code}) as phone,
      exists (select 1 from dossiers where code = ${code}) as found`);
  const row = (result as unknown as {
    rows: { user_failures: unknown; code_failures: unknown; failed_here: boolean; source_failures: unknown; phone: string | null; found: boolean }[];
  }).rows[0]!;
  const asTimes = (v: unknown): number[] => (typeof v === 'string' ? JSON.parse(v) : (v as number[])).map(Number);

  const lock = userLockFrom(asTimes(row.user_failures), now);
  if (lock.locked) {
    await record('locked');
    return { outcome: 'locked', until: lock.until!, scope: 'user' };
  }
  const sourceFailures = asTimes(row.source_failures);
  if (sourceFailures.length >= SOURCE_MAX_FAILURES) {
    await record('locked');
    return { outcome: 'locked', until: new Date(sourceFailures[SOURCE_MAX_FAILURES - 1]! + SOURCE_WINDOW_MS), scope: 'source' };
  }
  const codeFailures = asTimes(row.code_failures);
  if (codeFailures.length >= CODE_MAX_FAILURES && row.failed_here) {
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
  a: { channel: string; userId: string; source?: string; code: string; outcome: LookupOutcome; now?: Date },
): Promise<void> {
  await db.insert(dossierLookups).values({
    channel: a.channel,
    userId: a.userId,
    source: lookupSource(a),
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
