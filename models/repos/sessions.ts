// Sessions and the event/message log of the conversation engine.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { ASYNC_COMMIT, runPrepared, type Prepared } from '../prepared';
import { inboundEvents, messages, sessions, unansweredQuestions, type UnansweredKind } from '../schema/core';
import type { Button, ChannelName, DialogState, Lang, Reply, Session } from '../../core/types';

export interface StoredSession extends Session {
  options: string[];
}

export type SessionRow = {
  id: number;
  channel: string;
  user_id: string;
  lang: string;
  dialog: DialogState | null;
  memory: Record<string, unknown> | null;
  options: string[] | null;
};

export function toSession(row: SessionRow): StoredSession {
  return {
    id: row.id,
    channel: row.channel as ChannelName,
    userId: row.user_id,
    lang: (row.lang === 'en' ? 'en' : 'vi') as Lang,
    dialog: row.dialog ?? null,
    memory: row.memory ?? {},
    options: row.options ?? [],
  };
}

export interface TurnStart {
  channel: ChannelName;
  eventId: string;
  userId: string;
  defaultLang: Lang;
}

export interface TurnEnd {
  session: StoredSession;
  /** False when the turn left language, dialog, memory and options as they were: the row is not rewritten. */
  sessionChanged?: boolean;
  eventId: string;
  log: { direction: 'in' | 'out'; text: string; intent?: string | null; buttons?: Button[] }[];
  /** The replies to deliver through the outbox (platform channels): recorded as a row claimed 'sending'. */
  outbound?: Reply[];
  /** The owner of the user's turn lock (PostgreSQL, turn-locks.ts): given back with the turn's end. */
  releaseLock?: string;
}

/**
 * Starts turns in one round trip: records each event id and loads (or creates) its session.
 * Yields null for an event id whose turn already finished (a re-delivery: answer nothing). An event id
 * recorded by a turn that never finished (the process died in the middle) starts its turn again.
 * The engine runs turns of one user one after another, so a batch never holds one session twice.
 */
export async function beginTurns(db: Db, turns: TurnStart[]): Promise<(StoredSession | null)[]> {
  const rows = await runPrepared<SessionRow>(db, BEGIN_TURNS, [
    turns.map((t) => t.channel),
    turns.map((t) => t.eventId),
    turns.map((t) => t.userId),
    turns.map((t) => t.defaultLang),
  ]);
  const byUser = new Map(rows.map((r) => [`${r.channel}|${r.user_id}`, toSession(r)]));
  return turns.map((t) => byUser.get(`${t.channel}|${t.userId}`) ?? null);
}

/**
 * The two steps of a turn's start, shared by begin_turns and begin_locked_turns (turn-locks.ts): the
 * events recorded (`ev`: those not finished yet), then the sessions loaded or created for them. `started`
 * is the relation of the turns to start (channel, event_id, user_id); both read `input` for the language.
 */
export function startTurnSql(started: string): { recordEvents: string; loadSessions: string } {
  return {
    recordEvents: `insert into inbound_events (channel, event_id, user_id)
      select channel, event_id, user_id from ${started}
      on conflict (channel, event_id) do update set user_id = excluded.user_id
      where inbound_events.finished_at is null
      returning channel, event_id`,
    loadSessions: `insert into sessions (channel, user_id, lang, last_inbound_at)
      select i.channel, i.user_id, i.lang, now() from ev join input i using (channel, event_id) cross join ${ASYNC_COMMIT}
      on conflict (channel, user_id) do update set last_inbound_at = now()
      returning id, channel, user_id, lang, dialog, memory, options`,
  };
}

// One text for every batch size (the rows as arrays): prepared once (models/prepared.ts). Committed
// asynchronously (ASYNC_COMMIT): the turn's end commits it for good before any reply goes out.
const BEGIN = startTurnSql('input');
const BEGIN_TURNS: Prepared = {
  name: 'begin_turns',
  text: `with input (channel, event_id, user_id, lang) as (select * from unnest($1::varchar[], $2::text[], $3::text[], $4::varchar[])),
    ev as (${BEGIN.recordEvents})
    ${BEGIN.loadSessions}`,
};

/**
 * Ends turns in one statement, so a turn is saved as one piece: the session, the conversation log, the
 * event marked finished, the reply row for the outbox (claimed 'sending' by this process), and the
 * user's turn lock given back (PostgreSQL). Yields the
 * reply row id of each turn (or null). A crash before this statement leaves the event unfinished: its turn
 * runs again when the event is handled again. A crash after it leaves a 'sending' row the outbox takes back.
 */
export async function endTurns(db: Db, turns: TurnEnd[], opts: { commitBehind?: boolean } = {}): Promise<(number | null)[]> {
  const changed = turns.filter((t) => t.sessionChanged !== false).map((t) => t.session);
  const locks = turns.filter((t) => t.releaseLock);
  const log = turns.flatMap(({ session: s, log }) => log.map((m) => ({ s, m })));
  const out = turns.filter((t) => t.outbound?.length);
  const rows = await runPrepared<{ id: number | string }>(db, END_TURNS, [
    turns.map((t) => t.session.channel),
    turns.map((t) => t.eventId),
    changed.map((s) => s.id),
    changed.map((s) => s.lang),
    changed.map((s) => (s.dialog ? JSON.stringify(s.dialog) : null)),
    changed.map((s) => JSON.stringify(s.memory)),
    changed.map((s) => JSON.stringify(s.options)),
    locks.map((t) => t.session.channel),
    locks.map((t) => t.session.userId),
    locks.map((t) => t.releaseLock!),
    log.map(({ s }) => s.channel),
    log.map(({ s }) => s.userId),
    log.map(({ m }) => m.direction),
    log.map(({ m }) => m.text),
    log.map(({ m }) => m.intent ?? null),
    log.map(({ m }) => (m.buttons?.length ? JSON.stringify(m.buttons) : null)),
    out.map((t) => t.session.channel),
    out.map((t) => t.session.userId),
    out.map((t) => JSON.stringify(t.outbound)),
    // A batch with a reply for the outbox to deliver always commits synchronously (see END_TURNS).
    opts.commitBehind && !out.length ? 'off' : null,
  ]);
  // Rows come back in insertion order (order by ordinality), one per turn that had replies to deliver.
  const ids = rows.map((r) => Number(r.id));
  let k = 0;
  return turns.map((t) => (t.outbound?.length ? (ids[k++] ?? null) : null));
}

// Every part is always there, empty arrays doing nothing, so one text serves every batch (prepared once).
// $20, when not null, is the transaction's synchronous_commit: 'off' commits without waiting for the WAL
// flush (the caller's `commitBehind`: PostgreSQL, a batch with no outbox row). The web chat's reply then
// goes out while the end's WAL may still be in the server's memory: the issue allows the message log to
// be written behind the reply, and this writes the whole end so (log, session, event finished, lock
// given back). A crash of the PostgreSQL server or its machine, not of this process, can lose the ends
// of the last moments' turns (the WAL writer flushes within 3 × wal_writer_delay, 0.6 s by default):
// their messages missing from the log, their session changes undone (a dialog a step back), the lock
// row expiring after its lease. The reply was shown; nothing is sent twice. A batch holding a platform
// reply keeps the server's setting: its outbox row must survive a crash for the outbox to deliver it
// (docs/architecture.md, "Durability of a turn"). Set in f's RETURNING, evaluated per event finished
// (every turn's event was recorded by its start): a batch that finishes none keeps the setting.
const END_TURNS: Prepared = {
  name: 'end_turns',
  text: `with f as (update inbound_events e set finished_at = now()
      from unnest($1::varchar[], $2::text[]) as v (channel, event_id)
      where e.channel = any($1) and e.event_id = any($2) and e.channel = v.channel and e.event_id = v.event_id
      returning set_config('synchronous_commit', coalesce($20::text, current_setting('synchronous_commit')), true)),
    u as (update sessions s set lang = v.lang, dialog = v.dialog, memory = v.memory, options = v.options, updated_at = now()
      from unnest($3::int[], $4::varchar[], $5::jsonb[], $6::jsonb[], $7::jsonb[]) as v (id, lang, dialog, memory, options)
      where s.id = any($3) and s.id = v.id returning 1),
    r as (delete from turn_locks t using unnest($8::varchar[], $9::text[], $10::text[]) as v (channel, user_id, owner)
      where t.channel = any($8) and t.user_id = any($9) and t.channel = v.channel and t.user_id = v.user_id and t.owner = v.owner returning 1),
    l as (insert into messages (channel, user_id, direction, text, intent, buttons)
      select * from unnest($11::varchar[], $12::text[], $13::varchar[], $14::text[], $15::varchar[], $16::jsonb[]) returning 1)
    insert into outbound_messages (channel, user_id, kind, replies, status, attempts, claimed_at)
    select v.channel, v.user_id, 'reply', v.replies, 'sending', 1, now()
    from unnest($17::varchar[], $18::text[], $19::jsonb[]) with ordinality as v (channel, user_id, replies, i)
    order by v.i returning id`,
};

/** The last `limit` logged messages of a conversation, oldest first. */
export async function recentMessages(db: Db, channel: ChannelName, userId: string, limit: number) {
  const rows = await db
    .select({ direction: messages.direction, text: messages.text, at: messages.createdAt, id: messages.id })
    .from(messages)
    .where(and(eq(messages.channel, channel), eq(messages.userId, userId)))
    .orderBy(desc(messages.id))
    .limit(limit);
  return rows.reverse();
}

export async function findSession(db: Db, channel: ChannelName, userId: string) {
  const [row] = await db.select().from(sessions).where(and(eq(sessions.channel, channel), eq(sessions.userId, userId)));
  return row;
}

/** Groups unanswered questions by their normalised key and counts repeats. */
export async function recordUnanswered(
  db: Db,
  text: string,
  normalized: string,
  review: { kind: UnansweredKind; answered: string } | null = null,
): Promise<void> {
  const kind: UnansweredKind = review?.kind ?? 'unanswered';
  const answered = review?.answered ?? null;
  await db
    .insert(unansweredQuestions)
    .values({ text, normalized, kind, answered })
    .onConflictDoUpdate({
      target: unansweredQuestions.normalized,
      set: {
        count: sql`${unansweredQuestions.count} + 1`,
        lastAskedAt: sql`now()`,
        kind,
        answered,
        // Citizens still get the fallback: back in the review whatever staff did (handled, alias or
        // a free answer that does not match this phrasing), so it stays visible until it works.
        status: sql`case when ${kind} = 'unanswered' or ${unansweredQuestions.status} = 'handled' then 'open' else ${unansweredQuestions.status} end`,
      },
    });
}

/**
 * Forgets event ids older than the given age. They exist only to drop re-deliveries, and no
 * platform re-delivers after a day (Telegram keeps updates 24 h; Zalo and Meta retry for hours).
 */
export async function pruneInboundEvents(db: Db, olderThanDays: number): Promise<number> {
  const rows = await db
    .delete(inboundEvents)
    .where(sql`${inboundEvents.receivedAt} < now() - make_interval(days => ${olderThanDays})`)
    .returning({ id: inboundEvents.id });
  return rows.length;
}
