// Admin sessions kept in the database (so a restart or a second instance keeps everyone signed in).
// The cookie carries a random token; the table stores only its SHA-256, so a leaked table
// cannot be replayed as cookies.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { CookieOptions } from 'express';
import type { Db } from '../models/db';
import { adminSessions, adminUsers } from '../models/schema/admin';
import type { AdminUser } from './users';

export type AdminSession = typeof adminSessions.$inferSelect;
export type Flash = AdminSession['flash'][number];

export const SESSION_COOKIE = 'tl_admin';
// A session lasts at most one long working day even while in use; then sign in again.
export const SESSION_MAX_AGE_MS = 12 * 60 * 60_000;
// lastSeenAt is written at most once a minute: idle expiry is counted in minutes anyway.
const TOUCH_INTERVAL_MS = 60_000;

/** Cookie flags of the admin: httpOnly, SameSite=Lax, Path=/admin, Secure behind TLS. */
export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/admin' };
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two tokens (CSRF). */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function createSession(
  db: Db,
  user: AdminUser,
  opts: { ip?: string; lang?: string; flash?: Flash[] },
): Promise<{ token: string; session: AdminSession }> {
  const token = randomToken();
  const [session] = await db
    .insert(adminSessions)
    .values({
      id: hashToken(token),
      userId: user.id,
      csrfToken: randomToken(),
      lang: opts.lang ?? 'vi',
      ip: opts.ip?.slice(0, 64),
      flash: opts.flash ?? [],
    })
    .returning();
  return { token, session: session! };
}

/**
 * The session of a cookie token with its user, or undefined when unknown, idle too long,
 * too old, or the user was disabled. Expired rows are deleted on the way.
 */
export async function loadSession(
  db: Db,
  token: string | undefined,
  idleMinutes: number,
  now = new Date(),
): Promise<{ session: AdminSession; user: AdminUser } | undefined> {
  if (!token || token.length > 100) return undefined;
  const id = hashToken(token);
  const [row] = await db
    .select({ session: adminSessions, user: adminUsers })
    .from(adminSessions)
    .innerJoin(adminUsers, eq(adminUsers.id, adminSessions.userId))
    .where(eq(adminSessions.id, id));
  if (!row) return undefined;
  const idle = now.getTime() - row.session.lastSeenAt.getTime() > idleMinutes * 60_000;
  const old = now.getTime() - row.session.createdAt.getTime() > SESSION_MAX_AGE_MS;
  if (idle || old || row.user.disabled) {
    await db.delete(adminSessions).where(eq(adminSessions.id, id));
    return undefined;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(adminSessions).set({ lastSeenAt: now }).where(eq(adminSessions.id, id));
    row.session.lastSeenAt = now;
  }
  return row;
}

export async function destroySession(db: Db, sessionId: string): Promise<void> {
  await db.delete(adminSessions).where(eq(adminSessions.id, sessionId));
}

export async function addFlash(db: Db, sessionId: string, flash: Flash): Promise<void> {
  await db
    .update(adminSessions)
    .set({ flash: sql`${adminSessions.flash} || ${JSON.stringify([flash])}::jsonb` })
    .where(eq(adminSessions.id, sessionId));
}

/** Returns and clears the session's pending messages. */
export async function takeFlash(db: Db, session: AdminSession): Promise<Flash[]> {
  if (!session.flash.length) return [];
  const flashes = session.flash;
  session.flash = [];
  await db.update(adminSessions).set({ flash: [] }).where(eq(adminSessions.id, session.id));
  return flashes;
}

export async function setSessionLang(db: Db, sessionId: string, lang: string): Promise<void> {
  await db.update(adminSessions).set({ lang }).where(eq(adminSessions.id, sessionId));
}

/** Deletes sessions idle longer than the limit (called now and then; loadSession also checks). */
export async function purgeIdleSessions(db: Db, idleMinutes: number, now = new Date()): Promise<void> {
  await db.delete(adminSessions).where(and(lt(adminSessions.lastSeenAt, new Date(now.getTime() - idleMinutes * 60_000))));
}
