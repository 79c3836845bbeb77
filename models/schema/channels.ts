// Platform credentials that rotate at run time. Zalo's OAuth refresh token is single use, so the
// current pair must live in the database (shared by every instance), never only in memory or .env.
import { pgTable, varchar, text, timestamp, integer, primaryKey } from 'drizzle-orm/pg-core';

export const channelTokens = pgTable('channel_tokens', {
  /** 'zalo' (one OA per installation). */
  channel: varchar('channel', { length: 16 }).primaryKey(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  /** Null when unknown (pair pasted from the console): refreshed at the first scheduled check. */
  accessExpiresAt: timestamp('access_expires_at', { withTimezone: true }),
  refreshExpiresAt: timestamp('refresh_expires_at', { withTimezone: true }),
  /** Bumped on every refresh: tells a waiting instance that someone else already refreshed. */
  version: integer('version').notNull().default(0),
  lastError: text('last_error'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Units of a platform's paid sending quota used per period (Zalo: billable messages per calendar month),
 * shared by every instance: a billable send takes a unit first, and is held for the next period when none
 * is left (bot/outbox.ts).
 */
export const outboundQuota = pgTable(
  'outbound_quota',
  {
    key: varchar('key', { length: 32 }).notNull(),
    /** '2026-11' (month) or '2026-11-30' (day), Viet Nam calendar. */
    period: varchar('period', { length: 10 }).notNull(),
    used: integer('used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.period] })],
);
