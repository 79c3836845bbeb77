// Canned replies: answers the office writes once and reuses in the inbox (shared by all staff).
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../models/db';
import { cannedReplies } from '../models/schema/daily';

export const MAX_CANNED_TITLE = 120;
// The inbox answer box takes 3000 characters (admin/pages/inbox.ts MAX_ANSWER_LENGTH).
export const MAX_CANNED_TEXT = 3000;

export type CannedReply = typeof cannedReplies.$inferSelect;

export function listCannedReplies(db: Db): Promise<CannedReply[]> {
  return db.select().from(cannedReplies).orderBy(asc(cannedReplies.title), asc(cannedReplies.id));
}

export async function addCannedReply(db: Db, title: string, text: string, by: string): Promise<CannedReply> {
  const [row] = await db.insert(cannedReplies).values({ title, text, createdBy: by }).returning();
  return row!;
}

export async function updateCannedReply(db: Db, id: number, title: string, text: string): Promise<boolean> {
  const rows = await db.update(cannedReplies).set({ title, text, updatedAt: new Date() }).where(eq(cannedReplies.id, id)).returning({ id: cannedReplies.id });
  return rows.length > 0;
}

export async function deleteCannedReply(db: Db, id: number): Promise<CannedReply | undefined> {
  const [row] = await db.delete(cannedReplies).where(eq(cannedReplies.id, id)).returning();
  return row;
}
