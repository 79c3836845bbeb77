// What staff do to an item besides a status change: assign it, note on it, answer the citizen; and
// the audit trail every change leaves.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { feedback, feedbackEvents } from '../../schema/feedback';
import { messages } from '../../schema/core';
import { enqueueOutbound, outboundSignal } from '../outbound';
import type { ChannelName, Reply } from '../../../core/types';
import { type FeedbackEventRow, type FeedbackRow, nextStatus, OPEN_STATUSES, SUPPORT_KIND, transition } from './states';

export async function assignFeedback(db: Db, id: number, actor: string, assignee: string | null, at = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ assignedTo: feedback.assignedTo }).from(feedback).where(eq(feedback.id, id)).for('update');
    if (!current) throw new Error(`feedback ${id} not found`);
    await tx.update(feedback).set({ assignedTo: assignee, updatedAt: at }).where(eq(feedback.id, id));
    await tx.insert(feedbackEvents).values({
      feedbackId: id, actor, action: 'assign', detail: { from: current.assignedTo, to: assignee }, createdAt: at,
    });
  });
}

/** Internal notes are audit events that the citizen never sees. */
export async function addNote(db: Db, id: number, actor: string, text: string, at = new Date()): Promise<void> {
  await db.insert(feedbackEvents).values({ feedbackId: id, actor, action: 'note', detail: { text }, createdAt: at });
}

/** What the citizen receives when staff answer (built by the caller in the citizen's language). */
export type AnswerRenderer = (row: FeedbackRow, text: string) => Reply[];

/**
 * A staff answer: moves the item to "đã trả lời" (via the state machine) when it is open,
 * stores the answer, and queues it to the citizen's channel (outbound kind 'staff'), all in one
 * transaction: the inbox never says "Đã trả lời" for an answer that was not queued, and a queued
 * answer is never lost from the item. A later message on an already answered support request is
 * just delivered and logged.
 */
export async function answerFeedback(
  db: Db,
  id: number,
  actor: string,
  text: string,
  render: AnswerRenderer,
  at = new Date(),
): Promise<FeedbackRow> {
  const row = await db.transaction(async (tx) => {
    // Locked first: two staff answering at once are applied one after the other.
    const [current] = await tx.select().from(feedback).where(eq(feedback.id, id)).for('update');
    if (!current) throw new Error(`feedback ${id} not found`);
    if ((OPEN_STATUSES as string[]).includes(current.status)) {
      await transition(tx, id, 'answer', actor, { at });
    } else if (current.kind !== SUPPORT_KIND || current.status !== 'da_tra_loi') {
      // Answering a closed or transferred PAKN goes through the table too, and is refused there.
      nextStatus(current.status, 'answer');
    }
    const [updated] = await tx
      .update(feedback)
      .set({
        answer: current.kind === SUPPORT_KIND && current.answer ? `${current.answer}\n\n${text}` : text,
        answeredAt: at,
        answeredBy: actor,
        updatedAt: at,
      })
      .where(eq(feedback.id, id))
      .returning();
    await tx.insert(feedbackEvents).values({ feedbackId: id, actor, action: 'answer', detail: { length: text.length }, createdAt: at });
    const replies = render(updated!, text);
    await enqueueOutbound(tx, { channel: updated!.channel as ChannelName, userId: updated!.userId, kind: 'staff', replies });
    // The conversation log shows the staff answer among the citizen's messages.
    await tx.insert(messages).values(
      replies.map((r) => ({ channel: updated!.channel, userId: updated!.userId, direction: 'out' as const, text: r.text, intent: 'staff', createdAt: at })),
    );
    return updated!;
  });
  // The worker is woken again now that the row is committed (the signal inside came before it was visible).
  outboundSignal.emit();
  return row;
}

export async function feedbackEventsOf(db: Db, id: number): Promise<FeedbackEventRow[]> {
  return db.select().from(feedbackEvents).where(eq(feedbackEvents.feedbackId, id)).orderBy(asc(feedbackEvents.createdAt), asc(feedbackEvents.id));
}
