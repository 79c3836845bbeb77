// Login rate limit and temporary lock-out per account and source, counted in the database so every
// instance agrees.
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../models/db';
import { adminLoginAttempts } from '../models/schema/admin';

export interface LoginLimits {
  /** Failed passwords for one username from one address, since its last success there (within a day), that lock the pair. */
  failures: number;
  /** The window of the per-address limit. */
  windowMs: number;
  /** How long the first lock lasts after the failure that triggered it; each further failure doubles it. */
  lockMs: number;
  /** Failed attempts from one address within the window (stops password spraying over many names). */
  perIp: number;
}

// OWASP Authentication Cheat Sheet: lock after a small number of failures, for a limited time,
// so a guesser is stopped but a staff member who mistyped is back within a quarter of an hour.
// The lock is per account AND source (issue 18): a stranger's failures from elsewhere never lock
// the staff member out of their own account; a guesser who keeps going waits twice as long after
// each further failure (backoff), up to a day.
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  failures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  // An office shares one public address: 30 failures per 15 minutes leaves room for a whole team.
  perIp: 30,
};

// Attempts older than a day no longer count for anything; the audit log keeps the history.
const ATTEMPT_RETENTION_MS = 24 * 60 * 60_000;
/** The longest lock the backoff reaches. */
export const MAX_LOCK_MS = ATTEMPT_RETENTION_MS;

export type LoginGate = { ok: true } | { ok: false; reason: 'locked' | 'ip_limited'; until: Date };

export async function checkLoginAllowed(
  db: Db,
  username: string,
  ip: string,
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  now = new Date(),
): Promise<LoginGate> {
  // Successful logins do not count against the address: an office signs in many times a day.
  const [ipRow] = await db
    .select({ n: sql<number>`count(*)::int`, first: sql<string>`min(${adminLoginAttempts.attemptedAt})` })
    .from(adminLoginAttempts)
    .where(
      and(
        eq(adminLoginAttempts.ip, ip),
        eq(adminLoginAttempts.success, false),
        gte(adminLoginAttempts.attemptedAt, new Date(now.getTime() - limits.windowMs)),
      ),
    );
  if ((ipRow?.n ?? 0) >= limits.perIp) {
    return { ok: false, reason: 'ip_limited', until: new Date(new Date(ipRow!.first).getTime() + limits.windowMs) };
  }
  // The failures of this name from this address since its last success there (newest first).
  // Attempts made while locked are not recorded under the name, so only real password checks count.
  const recent = await db
    .select({ success: adminLoginAttempts.success, at: adminLoginAttempts.attemptedAt })
    .from(adminLoginAttempts)
    .where(
      and(
        eq(adminLoginAttempts.username, username),
        eq(adminLoginAttempts.ip, ip),
        gte(adminLoginAttempts.attemptedAt, new Date(now.getTime() - ATTEMPT_RETENTION_MS)),
      ),
    )
    .orderBy(desc(adminLoginAttempts.attemptedAt), desc(adminLoginAttempts.id))
    .limit(limits.failures + MAX_DOUBLINGS + 1);
  const failures: Date[] = [];
  for (const a of recent) {
    if (a.success) break;
    failures.push(a.at);
  }
  if (failures.length < limits.failures) return { ok: true };
  const newest = failures[0]!;
  const extra = failures.length - limits.failures;
  const until = new Date(newest.getTime() + Math.min(limits.lockMs * 2 ** extra, MAX_LOCK_MS));
  return until > now ? { ok: false, reason: 'locked', until } : { ok: true };
}

// 15 minutes doubled 7 times passes a day: more failures need not be read.
const MAX_DOUBLINGS = 7;

export async function recordLoginAttempt(db: Db, username: string, ip: string, success: boolean): Promise<void> {
  await db.insert(adminLoginAttempts).values({ username: username.slice(0, 64), ip: ip.slice(0, 64), success });
}

export async function purgeOldAttempts(db: Db, now = new Date()): Promise<void> {
  await db.delete(adminLoginAttempts).where(lt(adminLoginAttempts.attemptedAt, new Date(now.getTime() - ATTEMPT_RETENTION_MS)));
}

/** An admin unlocks an account (password reset): the failures so far stop counting. */
export async function clearFailures(db: Db, username: string): Promise<void> {
  await db.delete(adminLoginAttempts).where(and(eq(adminLoginAttempts.username, username), eq(adminLoginAttempts.success, false)));
}
