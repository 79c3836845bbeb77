// Subscribers of the weekly publication. The channels' delivery code calls unsubscribe() when a
// platform answers "blocked"; the subscriptions handler calls both on the citizen's words and on follow/unfollow.
import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { subscribers, type SubscriptionReason } from '../schema/subscriptions';
import type { ChannelName } from '../../core/types';
import { cancelForSubscriber } from './deliveries';

export type Subscriber = typeof subscribers.$inferSelect;

/**
 * Subscribes (or re-subscribes) a user. `changed` is false when they were already subscribed,
 * so the caller can say "you are already subscribed" instead of pretending something happened.
 */
export async function subscribe(
  db: Db,
  channel: ChannelName,
  userId: string,
  source: SubscriptionReason,
): Promise<{ changed: boolean; subscriber: Subscriber }> {
  const existing = await findSubscriber(db, channel, userId);
  if (existing?.status === 'active') return { changed: false, subscriber: existing };
  const [row] = await db
    .insert(subscribers)
    .values({ channel, userId, source, status: 'active' })
    .onConflictDoUpdate({
      target: [subscribers.channel, subscribers.userId],
      set: { status: 'active', source, reason: null, subscribedAt: sql`now()`, unsubscribedAt: null },
    })
    .returning();
  return { changed: true, subscriber: row! };
}

/**
 * Unsubscribes a user with the reason ('blocked' when a platform says so). Returns true when they
 * were subscribed. Publication deliveries not yet sent to them are marked 'unsubscribed'.
 */
export async function unsubscribe(db: Db, channel: ChannelName, userId: string, reason: SubscriptionReason): Promise<boolean> {
  const rows = await db
    .update(subscribers)
    .set({ status: 'unsubscribed', reason, unsubscribedAt: sql`now()` })
    .where(and(eq(subscribers.channel, channel), eq(subscribers.userId, userId), eq(subscribers.status, 'active')))
    .returning({ id: subscribers.id });
  const row = rows[0];
  if (!row) return false;
  await cancelForSubscriber(db, row.id);
  return true;
}

export async function findSubscriber(db: Db, channel: ChannelName, userId: string): Promise<Subscriber | undefined> {
  const [row] = await db
    .select()
    .from(subscribers)
    .where(and(eq(subscribers.channel, channel), eq(subscribers.userId, userId)));
  return row;
}

export async function isSubscribed(db: Db, channel: ChannelName, userId: string): Promise<boolean> {
  return (await findSubscriber(db, channel, userId))?.status === 'active';
}

export async function countSubscribers(db: Db): Promise<{ active: number; unsubscribed: number }> {
  const rows = await db.select({ status: subscribers.status, n: count() }).from(subscribers).groupBy(subscribers.status);
  const get = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { active: get('active'), unsubscribed: get('unsubscribed') };
}
