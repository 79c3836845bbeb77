// Per-user turn locks across instances (turn_locks): taken with one statement that succeeds only when the
// row is free or its lease ran out, given back with one delete. No connection is held during the turn.
// Under load the engine takes the locks of many turns in one statement (tryTurnLocks) and gives each back
// in the statement that ends its turn (sessions.ts endTurns).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { ASYNC_COMMIT, runPrepared, type Prepared } from '../prepared';
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
  const rows = await runPrepared<{ channel: string; user_id: string }>(db, TRY_TURN_LOCKS, [
    requests.map((r) => r.channel),
    requests.map((r) => r.userId),
    requests.map((r) => r.owner),
    requests.map((r) => r.leaseMs / 1000),
  ]);
  const taken = new Set(rows.map((r) => `${r.channel}|${r.user_id}`));
  return requests.map((r) => taken.has(`${r.channel}|${r.userId}`));
}

// One text for every batch size (the rows as arrays): prepared once (models/prepared.ts). Committed
// asynchronously (ASYNC_COMMIT): a lock lost in a server crash is one nobody holds any more.
const TRY_TURN_LOCKS: Prepared = {
  name: 'try_turn_locks',
  text: `insert into turn_locks (channel, user_id, owner, until)
    select channel, user_id, owner, now() + make_interval(secs => secs)
    from unnest($1::varchar[], $2::text[], $3::text[], $4::float8[]) as v (channel, user_id, owner, secs) cross join ${ASYNC_COMMIT}
    on conflict (channel, user_id) do update set owner = excluded.owner, until = excluded.until
    where turn_locks.until < now()
    returning channel, user_id`,
};
