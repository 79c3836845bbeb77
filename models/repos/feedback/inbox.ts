// The staff inbox's reads: the filtered list, the live pulse, the overdue count, the export range and
// the citizen's whole conversation.
import { and, asc, desc, eq, gte, inArray, lte, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { containsSql } from '../../fold-sql';
import type { Db } from '../../db';
import { feedback, type FeedbackKind, type FeedbackStatus } from '../../schema/feedback';
import { messages } from '../../schema/core';
import { vnDate } from '../../../core/clock';
import { type FeedbackRow, OPEN_STATUSES, overdueWhere } from './states';

/** The whole conversation of the citizen on that channel (the messages table), oldest first. */
export async function conversationOf(db: Db, channel: string, userId: string, limit = 200) {
  const rows = await db
    .select({ direction: messages.direction, text: messages.text, intent: messages.intent, createdAt: messages.createdAt })
    .from(messages)
    .where(and(eq(messages.channel, channel), eq(messages.userId, userId)))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit);
  return rows.reverse();
}

export interface ListFilters {
  status?: FeedbackStatus;
  kind?: FeedbackKind;
  overdue?: boolean;
  assignedTo?: string;
  q?: string;
  /** Today in Asia/Ho_Chi_Minh (overdue = open and due date before today). */
  today?: string;
  limit?: number;
  offset?: number;
}

/** Items overdue today (the inbox's overdue filter; support requests included, as in the inbox). */
export async function countOverdue(db: Db, today = vnDate()): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(feedback).where(overdueWhere(today));
  return Number(r?.n ?? 0);
}

/**
 * What the live inbox shows: items waiting for staff (new, or a support request the citizen wrote
 * to after the last answer), and a stamp that changes whenever the list would change.
 */
export async function inboxPulse(db: Db): Promise<{ waiting: number; stamp: string }> {
  const [r] = await db
    .select({
      waiting: sql<number>`count(*) filter (where ${feedback.status} = 'moi' or (${inArray(feedback.status, [...OPEN_STATUSES])}
        and ${feedback.lastCitizenAt} > coalesce(${feedback.answeredAt}, ${feedback.receivedAt})))::int`,
      stamp: sql<string>`count(*)::text || '-' || coalesce(max(${feedback.updatedAt})::text, '') || '-' || coalesce(max(${feedback.lastCitizenAt})::text, '')`,
    })
    .from(feedback);
  return { waiting: Number(r?.waiting ?? 0), stamp: r?.stamp ?? '' };
}

export async function listFeedback(db: Db, f: ListFilters = {}): Promise<{ rows: FeedbackRow[]; total: number }> {
  const today = f.today ?? vnDate();
  const where: SQL[] = [];
  if (f.status) where.push(eq(feedback.status, f.status));
  if (f.kind) where.push(eq(feedback.kind, f.kind));
  if (f.overdue) where.push(overdueWhere(today));
  if (f.assignedTo) where.push(eq(feedback.assignedTo, f.assignedTo));
  if (f.q?.trim()) {
    // Folded on both sides: "duong lien thon" finds "Đường liên thôn".
    const col = (c: SQLWrapper) => containsSql(c, f.q!);
    where.push(or(col(feedback.code), col(feedback.content), col(sql`coalesce(${feedback.name}, '')`), col(sql`coalesce(${feedback.phone}, '')`))!);
  }
  const cond = where.length ? and(...where) : undefined;
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(feedback).where(cond);
  const rows = await db
    .select()
    .from(feedback)
    .where(cond)
    // Newest activity first: a support request the citizen wrote to again comes back to the top.
    .orderBy(desc(sql`coalesce(${feedback.lastCitizenAt}, ${feedback.receivedAt})`), desc(feedback.id))
    .limit(f.limit ?? 50)
    .offset(f.offset ?? 0);
  return { rows, total: count?.n ?? 0 };
}

/** PAKN and support requests received in a date range (inclusive), oldest first, for the export. */
export async function feedbackInRange(db: Db, from: string, to: string): Promise<FeedbackRow[]> {
  return db
    .select()
    .from(feedback)
    .where(and(gte(feedback.receivedDate, from), lte(feedback.receivedDate, to)))
    .orderBy(asc(feedback.receivedAt), asc(feedback.id));
}
