// Sessions and the event/message log of the conversation engine.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { messages, sessions, unansweredQuestions } from '../schema/core';
import type { ChannelName, DialogState, Lang, Session } from '../../bot/types';

export interface StoredSession extends Session {
  options: string[];
}

type SessionRow = {
  id: number;
  channel: string;
  user_id: string;
  lang: string;
  dialog: DialogState | null;
  memory: Record<string, unknown> | null;
  options: string[] | null;
};

function toSession(row: SessionRow): StoredSession {
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

/**
 * Starts a turn in one round trip: records the event id and loads (or creates) the session.
 * Returns null when the event id was already recorded (a re-delivery: answer nothing).
 */
export async function beginTurn(
  db: Db,
  channel: ChannelName,
  eventId: string,
  userId: string,
  defaultLang: Lang,
): Promise<StoredSession | null> {
  const result = (await db.execute(sql`
    with ev as (
      insert into inbound_events (channel, event_id, user_id) values (${channel}, ${eventId}, ${userId})
      on conflict do nothing returning 1
    )
    insert into sessions (channel, user_id, lang, last_inbound_at)
    select ${channel}, ${userId}, ${defaultLang}, now() where exists (select 1 from ev)
    on conflict (channel, user_id) do update set last_inbound_at = now()
    returning id, channel, user_id, lang, dialog, memory, options`)) as unknown as { rows: SessionRow[] };
  const row = result.rows[0];
  return row ? toSession(row) : null;
}

/** Ends a turn in one round trip: saves the session and logs the turn's messages. */
export async function endTurn(
  db: Db,
  s: StoredSession,
  log: { direction: 'in' | 'out'; text: string; intent?: string | null }[],
): Promise<void> {
  const update = sql`update sessions set lang = ${s.lang}, dialog = ${s.dialog ? JSON.stringify(s.dialog) : null}::jsonb,
    memory = ${JSON.stringify(s.memory)}::jsonb, options = ${JSON.stringify(s.options)}::jsonb, updated_at = now()
    where id = ${s.id}`;
  if (!log.length) {
    await db.execute(update);
    return;
  }
  const values = sql.join(
    log.map((m) => sql`(${s.channel}, ${s.userId}, ${m.direction}, ${m.text}, ${m.intent ?? null})`),
    sql`, `,
  );
  await db.execute(sql`with s as (${update} returning 1)
    insert into messages (channel, user_id, direction, text, intent) values ${values}`);
}

export async function findSession(db: Db, channel: ChannelName, userId: string) {
  const [row] = await db.select().from(sessions).where(and(eq(sessions.channel, channel), eq(sessions.userId, userId)));
  return row;
}

export async function logMessages(
  db: Db,
  rows: { channel: ChannelName; userId: string; direction: 'in' | 'out'; text: string; intent?: string | null }[],
): Promise<void> {
  if (rows.length) await db.insert(messages).values(rows);
}

/** Groups unanswered questions by their normalised key and counts repeats. */
export async function recordUnanswered(db: Db, text: string, normalized: string): Promise<void> {
  await db
    .insert(unansweredQuestions)
    .values({ text, normalized })
    .onConflictDoUpdate({
      target: unansweredQuestions.normalized,
      set: {
        count: sql`${unansweredQuestions.count} + 1`,
        lastAskedAt: sql`now()`,
        status: sql`case when ${unansweredQuestions.status} = 'handled' then 'open' else ${unansweredQuestions.status} end`,
      },
    });
}
