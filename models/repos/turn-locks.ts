// Per-user turn locks across instances (turn_locks): taken with one statement that succeeds only when the
// row is free or its lease ran out, given back with one delete. No connection is held during the turn.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { turnLocks } from '../schema/core';
import type { ChannelName } from '../../core/types';

/** Takes the user's turn lock for `leaseMs`; false when another owner holds a live one. */
export async function tryTurnLock(db: Db, channel: ChannelName, userId: string, owner: string, leaseMs: number): Promise<boolean> {
  const until = sql`now() + make_interval(secs => ${leaseMs / 1000})`;
  const rows = await db
    .insert(turnLocks)
    .values({ channel, userId, owner, until })
    .onConflictDoUpdate({
      target: [turnLocks.channel, turnLocks.userId],
      set: { owner, until },
      setWhere: sql`${turnLocks.until} < now()`,
    })
    .returning({ owner: turnLocks.owner });
  return rows.length > 0;
}

export async function releaseTurnLock(db: Db, channel: ChannelName, userId: string, owner: string): Promise<void> {
  await db.delete(turnLocks).where(and(eq(turnLocks.channel, channel), eq(turnLocks.userId, userId), eq(turnLocks.owner, owner)));
}
