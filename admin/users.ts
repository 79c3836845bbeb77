// Admin accounts: the repository the CLI, the login and the users page share.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../models/db';
import { adminUsers, adminSessions, ADMIN_ROLES, type AdminRole } from '../models/schema/admin';
import { hashPassword } from './passwords';

export type AdminUser = typeof adminUsers.$inferSelect;
export { ADMIN_ROLES, type AdminRole };

// Letters, digits, dot, dash, underscore: safe in URLs, logs and audit rows.
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function isRole(value: unknown): value is AdminRole {
  return typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value);
}

export class UserExistsError extends Error {
  constructor(username: string) {
    super(`A user named "${username}" already exists.`);
    this.name = 'UserExistsError';
  }
}

export async function createAdminUser(
  db: Db,
  input: { username: string; role: AdminRole; password: string; displayName?: string | null; mustChangePassword?: boolean },
): Promise<AdminUser> {
  const username = normalizeUsername(input.username);
  if (!USERNAME_PATTERN.test(username)) throw new Error('username must be 3-64 characters: a-z 0-9 . _ -');
  if (await findUserByUsername(db, username)) throw new UserExistsError(username);
  const passwordHash = await hashPassword(input.password);
  const [row] = await db
    .insert(adminUsers)
    .values({
      username,
      role: input.role,
      passwordHash,
      displayName: input.displayName?.trim() || null,
      mustChangePassword: input.mustChangePassword ?? false,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new UserExistsError(username);
  return row;
}

export async function findUserByUsername(db: Db, username: string): Promise<AdminUser | undefined> {
  const [row] = await db.select().from(adminUsers).where(eq(adminUsers.username, normalizeUsername(username)));
  return row;
}

export async function findUserById(db: Db, id: number): Promise<AdminUser | undefined> {
  const [row] = await db.select().from(adminUsers).where(eq(adminUsers.id, id));
  return row;
}

export function listUsers(db: Db): Promise<AdminUser[]> {
  return db.select().from(adminUsers).orderBy(asc(adminUsers.username));
}

/** Active admins; the start-up log asks for one when there is none. */
export async function countActiveAdmins(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(adminUsers)
    .where(and(eq(adminUsers.role, 'admin'), eq(adminUsers.disabled, false)));
  return row?.n ?? 0;
}

export async function setPassword(db: Db, id: number, password: string, mustChange: boolean): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db
    .update(adminUsers)
    .set({ passwordHash, mustChangePassword: mustChange, updatedAt: new Date() })
    .where(eq(adminUsers.id, id));
  // A new password ends every other sign-in of that account.
  await db.delete(adminSessions).where(eq(adminSessions.userId, id));
}

export async function setRole(db: Db, id: number, role: AdminRole): Promise<void> {
  await db.update(adminUsers).set({ role, updatedAt: new Date() }).where(eq(adminUsers.id, id));
}

export async function setDisabled(db: Db, id: number, disabled: boolean): Promise<void> {
  await db.update(adminUsers).set({ disabled, updatedAt: new Date() }).where(eq(adminUsers.id, id));
  if (disabled) await db.delete(adminSessions).where(eq(adminSessions.userId, id));
}

export async function touchLogin(db: Db, id: number): Promise<void> {
  await db.update(adminUsers).set({ lastLoginAt: new Date() }).where(eq(adminUsers.id, id));
}
