// The stored platform token pairs (Zalo OA OAuth v4).
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { channelTokens } from '../schema/channels';

export type ChannelToken = typeof channelTokens.$inferSelect;

export async function loadChannelToken(db: Db, channel: string): Promise<ChannelToken | undefined> {
  const [row] = await db.select().from(channelTokens).where(eq(channelTokens.channel, channel));
  return row;
}

/** Stores the first pair (from the configuration) unless a pair is already stored. */
export async function seedChannelToken(
  db: Db,
  channel: string,
  pair: { accessToken: string; refreshToken: string },
): Promise<void> {
  await db.insert(channelTokens).values({ channel, ...pair }).onConflictDoNothing();
}

export async function saveChannelToken(
  db: Db,
  channel: string,
  pair: { accessToken: string; refreshToken: string; accessExpiresAt: Date | null; refreshExpiresAt: Date | null },
): Promise<void> {
  await db
    .insert(channelTokens)
    .values({ channel, ...pair, version: 1 })
    .onConflictDoUpdate({
      target: channelTokens.channel,
      set: { ...pair, version: sql`${channelTokens.version} + 1`, lastError: null, updatedAt: sql`now()` },
    });
}

export async function recordChannelTokenError(db: Db, channel: string, error: string): Promise<void> {
  await db.update(channelTokens).set({ lastError: error, updatedAt: sql`now()` }).where(eq(channelTokens.channel, channel));
}
