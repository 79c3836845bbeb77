// Per-user turn locks across instances (turn_locks): taken with one statement that succeeds only when the
// row is free or its lease ran out, given back with one delete. No connection is held during the turn.
// Under load the engine takes the locks of many turns in one statement (tryTurnLocks) and gives each back
// in the statement that ends its turn (sessions.ts endTurns).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { turnLocks } from '../schema/core';
import type { ChannelName } from '../../core/types';

export async function releaseTurnLock(db: Db, channel: ChannelName, userId: string, owner: string): Promise<void> {
  await db.delete(turnLocks).where(and(eq(turnLocks.channel, channel), eq(turnLocks.userId, userId), eq(turnLocks.owner, owner)));
}

export interface TurnLockRequest {
  channel: ChannelName;
  userId: string;
  owner: string;
  leaseMs: number;
}

/**
 * Takes users' turn locks (each for its `leaseMs`) in one statement: true for each one taken, false where
 * another owner holds a live one. A batch never names one user
 * twice (the engine runs a user's turns one after another).
 */
export async function tryTurnLocks(db: Db, requests: TurnLockRequest[]): Promise<boolean[]> {
  const values = sql.join(
    requests.map((r) => sql`(${r.channel}::varchar, ${r.userId}::text, ${r.owner}::text, ${r.leaseMs / 1000}::float8)`),
    sql`, `,
  );
  const result = (await db.execute(sql`
    with v (channel, user_id, owner, secs) as (values ${values})
    insert into turn_locks (channel, user_id, owner, until)
    select channel, user_id, owner, now() + make_interval(secs => secs) from v
    on conflict (channel, user_id) do update set owner = excluded.owner, until = excluded.until
    where turn_locks.until < now()
    returning channel, user_id`)) as unknown as { rows: { channel: string; user_id: string }[] };
  const taken = new Set(result.rows.map((r) => `${r.channel}|${r.user_id}`));
  return requests.map((r) => taken.has(`${r.channel}|${r.userId}`));
}
