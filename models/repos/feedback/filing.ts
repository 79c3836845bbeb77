// The citizen's side: filing a PAKN or support request (its code, idempotent on the chat form's run),
// finding it again by code, and a citizen writing again on a support request.
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import {
  feedback, feedbackCounters, feedbackEvents, type FeedbackKind, type FeedbackPhoto,
} from '../../schema/feedback';
import type { ChannelName, Lang } from '../../../core/types';
import { vnDate } from '../../../core/clock';
import { type FeedbackRow, SUPPORT_KIND, transition } from './states';
import { addWorkingDays } from './deadlines';

export interface NewFeedback {
  kind: FeedbackKind;
  channel: ChannelName;
  userId: string;
  lang: Lang;
  content: string;
  photos?: FeedbackPhoto[];
  name?: string | null;
  address?: string | null;
  phone?: string | null;
  isPublic?: boolean;
  /** The chat form's run id: filing again with the same key returns the first row (see createFeedback). */
  formKey?: string;
}

export interface CreateOptions {
  dueDays: Record<FeedbackKind, number>;
  officeDays: readonly number[];
  /** The moment of receipt (tests pass a fixed one). */
  now?: Date;
}

export function codePrefix(kind: FeedbackKind): 'PA' | 'HT' {
  return kind === SUPPORT_KIND ? 'HT' : 'PA';
}

/** A second filing of the same form run: rolls the transaction back (no code is used up). */
class AlreadyFiled extends Error {}

/**
 * Stores the item, its code and its 'created' audit event in one transaction. Idempotent on
 * `formKey`: a second filing of the same form (double tap on "Gửi", a retried turn, two processes at
 * once) returns the row the first one stored, and files nothing.
 */
export async function createFeedback(db: Db, input: NewFeedback, opts: CreateOptions): Promise<FeedbackRow> {
  if (input.formKey) {
    const earlier = await findByFormKey(db, input.formKey);
    if (earlier) return earlier;
  }
  try {
    return await insertFeedback(db, input, opts);
  } catch (err) {
    if (!(err instanceof AlreadyFiled) || !input.formKey) throw err;
    return (await findByFormKey(db, input.formKey))!;
  }
}

/** The item a chat form run filed, if it did. */
export async function findByFormKey(db: Db, formKey: string): Promise<FeedbackRow | undefined> {
  const [row] = await db.select().from(feedback).where(eq(feedback.formKey, formKey));
  return row;
}

async function insertFeedback(db: Db, input: NewFeedback, opts: CreateOptions): Promise<FeedbackRow> {
  const now = opts.now ?? new Date();
  const day = vnDate(now);
  const prefix = codePrefix(input.kind);
  return db.transaction(async (tx) => {
    // One row per (prefix, day): the upsert serialises concurrent submissions, so codes never repeat.
    const [counter] = await tx
      .insert(feedbackCounters)
      .values({ prefix, day, last: 1 })
      .onConflictDoUpdate({ target: [feedbackCounters.prefix, feedbackCounters.day], set: { last: sql`${feedbackCounters.last} + 1` } })
      .returning({ last: feedbackCounters.last });
    const code = `${prefix}-${day.replaceAll('-', '')}-${String(counter!.last).padStart(4, '0')}`;
    const [row] = await tx
      .insert(feedback)
      .values({
        code,
        kind: input.kind,
        channel: input.channel,
        userId: input.userId,
        lang: input.lang,
        content: input.content,
        photos: input.photos ?? [],
        name: input.name ?? null,
        address: input.address ?? null,
        phone: input.phone ?? null,
        isPublic: input.isPublic ?? false,
        receivedAt: now,
        receivedDate: day,
        dueDate: addWorkingDays(day, opts.dueDays[input.kind], opts.officeDays),
        lastCitizenAt: now,
        updatedAt: now,
        formKey: input.formKey ?? null,
      })
      // The unique form key waits for a concurrent filing of the same run, then finds it there.
      .onConflictDoNothing({ target: feedback.formKey })
      .returning();
    if (!row) throw new AlreadyFiled();
    await tx.insert(feedbackEvents).values({
      feedbackId: row!.id,
      actor: 'citizen',
      action: 'created',
      toStatus: 'moi',
      detail: { kind: input.kind, channel: input.channel },
      createdAt: now,
    });
    return row!;
  });
}

/** PAKN filed by this user on a given day (the per-day limit). */
export async function countSubmissionsOn(db: Db, channel: ChannelName, userId: string, day: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(feedback)
    .where(and(eq(feedback.channel, channel), eq(feedback.userId, userId), eq(feedback.receivedDate, day), ne(feedback.kind, SUPPORT_KIND)));
  return row?.n ?? 0;
}

export const CODE_PATTERN = /\b(PA|HT)-(\d{8})-(\d{4})\b/i;

export async function findByCode(db: Db, code: string): Promise<FeedbackRow | undefined> {
  const [row] = await db.select().from(feedback).where(eq(feedback.code, code.toUpperCase()));
  return row;
}

export async function getFeedback(db: Db, id: number): Promise<FeedbackRow | undefined> {
  const [row] = await db.select().from(feedback).where(eq(feedback.id, id));
  return row;
}

/** The open support request of a user, if any. */
export async function openSupportRequest(db: Db, channel: ChannelName, userId: string): Promise<FeedbackRow | undefined> {
  const [row] = await db
    .select()
    .from(feedback)
    .where(
      and(
        eq(feedback.channel, channel),
        eq(feedback.userId, userId),
        eq(feedback.kind, SUPPORT_KIND),
        inArray(feedback.status, ['moi', 'dang_xu_ly', 'da_tra_loi']),
      ),
    )
    .orderBy(desc(feedback.receivedAt))
    .limit(1);
  return row;
}

/**
 * A citizen wrote again on a support request: mark it unread; reopen it if it had been answered.
 * Photos sent in that chat are added to the request (at most `maxPhotos` kept).
 */
export async function citizenWroteAgain(
  db: Db,
  id: number,
  at = new Date(),
  extra: { photos?: FeedbackPhoto[]; maxPhotos?: number } = {},
): Promise<FeedbackRow> {
  const current = await getFeedback(db, id);
  if (!current) throw new Error(`feedback ${id} not found`);
  if (current.status === 'da_tra_loi') await transition(db, id, 'reopen', 'citizen', { at, detail: { reason: 'citizen_message' } });
  const photos = extra.photos?.length
    ? [...current.photos, ...extra.photos].slice(0, extra.maxPhotos ?? Number.MAX_SAFE_INTEGER)
    : undefined;
  const [row] = await db
    .update(feedback)
    .set({ lastCitizenAt: at, updatedAt: at, ...(photos ? { photos } : {}) })
    .where(eq(feedback.id, id))
    .returning();
  await db.insert(feedbackEvents).values({
    feedbackId: id, actor: 'citizen', action: 'citizen_message', detail: photos ? { photos: extra.photos!.length } : {}, createdAt: at,
  });
  return row!;
}
