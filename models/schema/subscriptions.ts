// Citizens who asked for the weekly publication, one row per (channel, userId).
// A row is never deleted: unsubscribing keeps who left, when and why (blocked, unfollow, command).
import { pgTable, serial, text, timestamp, varchar, uniqueIndex, index } from 'drizzle-orm/pg-core';

export type SubscriptionStatus = 'active' | 'unsubscribed';
/** Why a subscriber joined or left: their own words, a platform follow/unfollow, or a platform "blocked" answer. */
export type SubscriptionReason = 'command' | 'menu' | 'follow' | 'unfollow' | 'blocked' | 'admin';

export const subscribers = pgTable(
  'subscribers',
  {
    id: serial('id').primaryKey(),
    channel: varchar('channel', { length: 16 }).notNull(),
    userId: text('user_id').notNull(),
    status: varchar('status', { length: 16 }).$type<SubscriptionStatus>().notNull().default('active'),
    /** How the last subscribe happened. */
    source: varchar('source', { length: 16 }).$type<SubscriptionReason>().notNull(),
    /** Why the last unsubscribe happened (null while active). */
    reason: varchar('reason', { length: 16 }).$type<SubscriptionReason>(),
    subscribedAt: timestamp('subscribed_at', { withTimezone: true }).notNull().defaultNow(),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('subscribers_channel_user').on(t.channel, t.userId), index('subscribers_status').on(t.status, t.id)],
);
