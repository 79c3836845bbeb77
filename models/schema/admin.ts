// The staff web: accounts, their sessions, login attempts (rate limit and lock-out) and the
// audit log of logins and of every change made in the admin.
import {
  pgTable, serial, text, timestamp, jsonb, integer, boolean, varchar, bigserial, index, uniqueIndex,
} from 'drizzle-orm/pg-core';

export type AdminRole = 'admin' | 'staff' | 'official';
export const ADMIN_ROLES: readonly AdminRole[] = ['admin', 'staff', 'official'];

export const adminUsers = pgTable(
  'admin_users',
  {
    id: serial('id').primaryKey(),
    /** Stored lower case; logins compare lower case. */
    username: varchar('username', { length: 64 }).notNull(),
    displayName: text('display_name'),
    role: varchar('role', { length: 16 }).$type<AdminRole>().notNull(),
    /** argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    /** Set after an admin resets the password: the user is asked to choose a new one. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('admin_users_username').on(t.username)],
);

/** One row per signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
export const adminSessions = pgTable(
  'admin_sessions',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: integer('user_id').notNull(),
    csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
    lang: varchar('lang', { length: 5 }).notNull().default('vi'),
    /** Messages shown once on the next page (after a redirect). */
    flash: jsonb('flash').$type<{ type: 'ok' | 'error' | 'info'; text: string }[]>().notNull().default([]),
    ip: varchar('ip', { length: 64 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('admin_sessions_user').on(t.userId)],
);

export const adminLoginAttempts = pgTable(
  'admin_login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: varchar('username', { length: 64 }).notNull(),
    ip: varchar('ip', { length: 64 }).notNull(),
    success: boolean('success').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('admin_login_attempts_user').on(t.username, t.attemptedAt), index('admin_login_attempts_ip').on(t.ip, t.attemptedAt)],
);

export const adminAudit = pgTable(
  'admin_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorId: integer('actor_id'),
    actorName: varchar('actor_name', { length: 64 }),
    action: varchar('action', { length: 64 }).notNull(),
    target: text('target'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    ip: varchar('ip', { length: 64 }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('admin_audit_at').on(t.at), index('admin_audit_action').on(t.action, t.at)],
);

/**
 * A catalog file uploaded in the admin and previewed, waiting for "apply" (kept in the database
 * so the preview and the apply may hit different instances). Deleted when applied or stale.
 */
export const adminPendingImports = pgTable(
  'admin_pending_imports',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: integer('user_id').notNull(),
    fileName: text('file_name').notNull(),
    rows: jsonb('rows').$type<unknown[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('admin_pending_imports_created').on(t.createdAt)],
);
