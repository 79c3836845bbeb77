// Login rate limit and temporary lock-out, counted in the database so every instance agrees.
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../models/db';
import { adminLoginAttempts } from '../models/schema/admin';

export interface LoginLimits {
  /** Failed passwords for one username, within the window, that lock it. */
  failures: number;
  windowMs: number;
  /** How long the lock lasts after the failure that triggered it. */
  lockMs: number;
  /** All attempts from one address within the window (stops password spraying over many names). */
  perIp: number;
}

// OWASP Authentication Cheat Sheet: lock after a small number of failures, for a limited time,
// so a guesser is stopped but a staff member who mistyped is back within a quarter of an hour.
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  failures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  // An office shares one public address: 30 tries per 15 minutes leaves room for a whole team.
  perIp: 30,
};

export type LoginGate = { ok: true } | { ok: false; reason: 'locked' | 'ip_limited'; until: Date };

export async function checkLoginAllowed(
  db: Db,
  username: string,
  ip: string,
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  now = new Date(),
): Promise<LoginGate> {
  // N failures within the window lock the name for lockMs from the last of them. Attempts made
  // while locked are not recorded, so the lock ends on time even while a guesser keeps trying.
  const since = new Date(now.getTime() - limits.windowMs - limits.lockMs);
  const [ipRow] = await db
    .select({ n: sql<number>`count(*)::int`, first: sql<string>`min(${adminLoginAttempts.attemptedAt})` })
    .from(adminLoginAttempts)
    .where(and(eq(adminLoginAttempts.ip, ip), gte(adminLoginAttempts.attemptedAt, new Date(now.getTime() - limits.windowMs))));
  if ((ipRow?.n ?? 0) >= limits.perIp) {
    return { ok: false, reason: 'ip_limited', until: new Date(new Date(ipRow!.first).getTime() + limits.windowMs) };
  }
  // The recent attempts of this username, newest first; failures after the last success count.
  const recent = await db
    .select({ success: adminLoginAttempts.success, at: adminLoginAttempts.attemptedAt })
    .from(adminLoginAttempts)
    .where(and(eq(adminLoginAttempts.username, username), gte(adminLoginAttempts.attemptedAt, since)))
    .orderBy(desc(adminLoginAttempts.attemptedAt), desc(adminLoginAttempts.id))
    .limit(limits.failures + 1);
  const failures: Date[] = [];
  for (const a of recent) {
    if (a.success) break;
    failures.push(a.at);
  }
  if (failures.length >= limits.failures) {
    const newest = failures[0]!;
    const nth = failures[limits.failures - 1]!;
    const until = new Date(newest.getTime() + limits.lockMs);
    if (newest.getTime() - nth.getTime() <= limits.windowMs && until > now) return { ok: false, reason: 'locked', until };
  }
  return { ok: true };
}

export async function recordLoginAttempt(db: Db, username: string, ip: string, success: boolean): Promise<void> {
  await db.insert(adminLoginAttempts).values({ username: username.slice(0, 64), ip: ip.slice(0, 64), success });
}

// Attempts older than a day no longer count for anything; the audit log keeps the history.
const ATTEMPT_RETENTION_MS = 24 * 60 * 60_000;

export async function purgeOldAttempts(db: Db, now = new Date()): Promise<void> {
  await db.delete(adminLoginAttempts).where(lt(adminLoginAttempts.attemptedAt, new Date(now.getTime() - ATTEMPT_RETENTION_MS)));
}

/** An admin unlocks an account (password reset): the failures so far stop counting. */
export async function clearFailures(db: Db, username: string): Promise<void> {
  await db.delete(adminLoginAttempts).where(and(eq(adminLoginAttempts.username, username), eq(adminLoginAttempts.success, false)));
}
