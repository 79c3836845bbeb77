// Drafts of long answers, kept on the server as staff type (the browser keeps its own copy in
// localStorage): an expired session or a closed tab loses nothing. A successful send clears the
// draft and records when, so a browser copy older than that is not brought back.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../models/db';
import { adminDrafts } from '../models/schema/daily';

// Same bound as the longest form field (the inbox answer is 3000 characters).
export const MAX_DRAFT_LENGTH = 5000;
export const DRAFT_KEY_RE = /^[a-z]+:[0-9a-z_-]{1,60}:[a-z_]{1,30}$/;

export interface Draft {
  text: string;
  updatedAt: Date | null;
  clearedAt: Date | null;
}

export async function getDraft(db: Db, userId: number, key: string): Promise<Draft> {
  const [row] = await db.select().from(adminDrafts).where(and(eq(adminDrafts.userId, userId), eq(adminDrafts.key, key)));
  return { text: row?.text ?? '', updatedAt: row?.updatedAt ?? null, clearedAt: row?.clearedAt ?? null };
}

export async function saveDraft(db: Db, userId: number, key: string, text: string): Promise<void> {
  const value = text.slice(0, MAX_DRAFT_LENGTH);
  await db
    .insert(adminDrafts)
    .values({ userId, key, text: value, updatedAt: new Date() })
    .onConflictDoUpdate({ target: [adminDrafts.userId, adminDrafts.key], set: { text: value, updatedAt: sql`now()` } });
}

/** After the form was accepted: the text is gone, the moment is kept. */
export async function clearDraft(db: Db, userId: number, key: string): Promise<void> {
  await db
    .insert(adminDrafts)
    .values({ userId, key, text: '', clearedAt: new Date() })
    .onConflictDoUpdate({ target: [adminDrafts.userId, adminDrafts.key], set: { text: '', clearedAt: sql`now()`, updatedAt: sql`now()` } });
}
