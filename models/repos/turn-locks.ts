// Per-user turn locks across instances (turn_locks): taken by the statement that starts the turn, which
// succeeds only when the row is free or its lease ran out, given back by the statement that ends it
// (sessions.ts endTurns), or alone by one delete. No connection is held during the turn. Under load the
// engine starts many turns in one statement (beginLockedTurns).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { ASYNC_COMMIT, runPrepared, type Prepared } from '../prepared';
import { turnLocks } from '../schema/core';
import type { ChannelName } from '../../core/types';
import { startTurnSql, toSession, type SessionRow, type StoredSession, type TurnStart } from './sessions';

export async function releaseTurnLock(db: Db, channel: ChannelName, userId: string, owner: string): Promise<void> {
  await db.delete(turnLocks).where(and(eq(turnLocks.channel, channel), eq(turnLocks.userId, userId), eq(turnLocks.owner, owner)));
}

export interface LockedTurnStart extends TurnStart {
  owner: string;
  leaseMs: number;
}

/** A turn start under its user's lock: not locked (another owner holds a live lock), or locked with its session. */
export type LockedStart = { locked: false } | { locked: true; session: StoredSession | null };

/**
 * Takes the users' turn locks (each for its `leaseMs`) and starts the turns whose lock was taken, in one
 * statement (beginTurns' work for those: event recorded, session loaded or created). Yields, per turn, not
 * locked (another owner holds a live lock: nothing recorded, try again later), or locked with its session,
 * null for an event whose turn already finished (a re-delivery: the caller gives the lock back). A batch
 * never names one user twice (the engine runs a user's turns one after another).
 */
export async function beginLockedTurns(db: Db, turns: LockedTurnStart[]): Promise<LockedStart[]> {
  const rows = await runPrepared<{ channel: string; user_id: string; id: number | null } & Omit<SessionRow, 'id' | 'channel' | 'user_id'>>(
    db,
    BEGIN_LOCKED_TURNS,
    [
      turns.map((t) => t.channel),
      turns.map((t) => t.eventId),
      turns.map((t) => t.userId),
      turns.map((t) => t.defaultLang),
      turns.map((t) => t.owner),
      turns.map((t) => t.leaseMs / 1000),
    ],
  );
  const byUser = new Map(rows.map((r) => [`${r.channel}|${r.user_id}`, r]));
  return turns.map((t): LockedStart => {
    const r = byUser.get(`${t.channel}|${t.userId}`);
    if (!r) return { locked: false };
    return { locked: true, session: r.id === null ? null : toSession(r as SessionRow) };
  });
}

// begin_turns (sessions.ts) for the turns whose lock this statement takes: one statement a turn start on
// PostgreSQL instead of two (issue 17). One row per lock taken; its session columns are null when the event
// had finished. One text for every batch size (rows as arrays), prepared once (models/prepared.ts).
// Committed asynchronously (ASYNC_COMMIT), as begin_turns: a lock lost in a server crash is one nobody
// holds any more, and the turn's end commits the start for good before any reply goes out.
// begin_turns' steps for the turns whose lock was taken.
const LOCKED_START = startTurnSql('input join lk using (channel, user_id)');
const BEGIN_LOCKED_TURNS: Prepared = {
  name: 'begin_locked_turns',
  text: `with input (channel, event_id, user_id, lang, owner, secs) as (
      select * from unnest($1::varchar[], $2::text[], $3::text[], $4::varchar[], $5::text[], $6::float8[])),
    lk as (
      insert into turn_locks (channel, user_id, owner, until)
      select channel, user_id, owner, now() + make_interval(secs => secs) from input
      on conflict (channel, user_id) do update set owner = excluded.owner, until = excluded.until
      where turn_locks.until < now()
      returning channel, user_id
    ),
    ev as (${LOCKED_START.recordEvents}),
    s as (${LOCKED_START.loadSessions})
    select lk.channel, lk.user_id, s.id, s.lang, s.dialog, s.memory, s.options
    from lk left join s on s.channel = lk.channel and s.user_id = lk.user_id cross join ${ASYNC_COMMIT}`,
};
