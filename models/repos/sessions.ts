// Sessions and the event/message log of the conversation engine.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { inboundEvents, messages, sessions, unansweredQuestions } from '../schema/core';
import type { ChannelName, DialogState, Lang, Session } from '../../bot/types';

/** Records an event id; false when it was already recorded (a re-delivery). */
export async function recordEvent(db: Db, channel: ChannelName, eventId: string, userId: string): Promise<boolean> {
  const rows = await db
    .insert(inboundEvents)
    .values({ channel, eventId, userId })
    .onConflictDoNothing()
    .returning({ id: inboundEvents.id });
  return rows.length > 0;
}

export interface StoredSession extends Session {
  options: string[];
}

export async function loadSession(db: Db, channel: ChannelName, userId: string, defaultLang: Lang): Promise<StoredSession> {
  const [row] = await db
    .insert(sessions)
    .values({ channel, userId, lang: defaultLang })
    .onConflictDoUpdate({ target: [sessions.channel, sessions.userId], set: { lastInboundAt: sql`now()` } })
    .returning();
  if (!row) throw new Error('session upsert returned nothing');
  return {
    id: row.id,
    channel: row.channel as ChannelName,
    userId: row.userId,
    lang: (row.lang === 'en' ? 'en' : 'vi') as Lang,
    dialog: (row.dialog ?? null) as DialogState | null,
    memory: row.memory ?? {},
    options: row.options ?? [],
  };
}

export async function saveSession(db: Db, s: StoredSession): Promise<void> {
  await db
    .update(sessions)
    .set({ lang: s.lang, dialog: s.dialog, memory: s.memory, options: s.options, updatedAt: sql`now()` })
    .where(eq(sessions.id, s.id));
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
