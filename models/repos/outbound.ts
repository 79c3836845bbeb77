// The outbound queue: every message pushed to a citizen outside a live turn is a row first.
import { and, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { outboundMessages } from '../schema/core';
import type { ChannelName, Reply } from '../../core/types';
import { HELD_RELEVANCE_MS, type OutboundKind } from '../../core/outbound-policy';

// Why a message leaves (reply, notification, invitation, staff, broadcast): core/outbound-policy.ts.
export type { OutboundKind };

export async function enqueueOutbound(
  db: Db,
  msg: { channel: ChannelName; userId: string; kind: OutboundKind; replies: Reply[] },
): Promise<number> {
  const [row] = await db.insert(outboundMessages).values(msg).returning({ id: outboundMessages.id });
  outboundSignal.emit();
  return row!.id;
}

/**
 * Records a message that is being sent right now (a reply within a conversation): the row exists before
 * the request, already claimed, so the background worker never sends it a second time.
 */
export async function recordSending(
  db: Db,
  msg: { channel: ChannelName; userId: string; kind: OutboundKind; replies: Reply[] },
): Promise<{ id: number; attempts: number }> {
  const [row] = await db
    .insert(outboundMessages)
    .values({ ...msg, status: 'sending', attempts: 1, claimedAt: sql`now()` })
    .returning({ id: outboundMessages.id, attempts: outboundMessages.attempts });
  return row!;
}

/** Claims due rows so that two workers never send the same one (SKIP LOCKED). */
export async function claimDue(db: Db, limit: number, channels: ChannelName[]) {
  if (!channels.length) return [];
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outboundMessages.id })
      .from(outboundMessages)
      .where(
        and(
          eq(outboundMessages.status, 'pending'),
          lte(outboundMessages.nextAttemptAt, sql`now()`),
          inArray(outboundMessages.channel, channels),
        ),
      )
      .orderBy(outboundMessages.id)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(outboundMessages)
      .set({ status: 'sending', attempts: sql`${outboundMessages.attempts} + 1`, claimedAt: sql`now()` })
      .where(inArray(outboundMessages.id, due.map((d) => d.id)))
      .returning();
  });
}

export async function markOutbound(
  db: Db,
  id: number,
  result:
    | { status: 'sent'; platformMessageId?: string }
    | { status: 'failed' | 'waiting'; error: string }
    | { status: 'pending'; error: string; retryAt: Date },
): Promise<void> {
  if (result.status === 'sent') {
    await db
      .update(outboundMessages)
      .set({ status: 'sent', sentAt: sql`now()`, platformMessageId: result.platformMessageId ?? null, lastError: null })
      .where(eq(outboundMessages.id, id));
  } else if (result.status === 'pending') {
    await db
      .update(outboundMessages)
      .set({ status: 'pending', lastError: result.error, nextAttemptAt: result.retryAt })
      .where(eq(outboundMessages.id, id));
  } else {
    await db.update(outboundMessages).set({ status: result.status, lastError: result.error }).where(eq(outboundMessages.id, id));
  }
}

/**
 * Takes back rows left 'sending' by a dead process: claimed longer ago than the lease, or every one with
 * `all` (at start, when this process holds the database alone). They are sent again by the worker. A row
 * whose request had reached the platform before the crash is then sent twice: no platform send we use
 * takes an idempotency key, and we prefer a rare duplicate to a staff answer never delivered.
 */
export async function recoverSending(db: Db, leaseMs: number, all = false, exclude: number[] = []): Promise<number> {
  const stale = all ? sql`true` : sql`coalesce(${outboundMessages.claimedAt}, ${outboundMessages.createdAt}) < now() - make_interval(secs => ${leaseMs / 1000})`;
  // Rows this process is still sending (a long wait for the platform's pace) are not taken from it.
  const mine = exclude.length ? sql`${outboundMessages.id} <> all(${sql.param(exclude)}::bigint[])` : sql`true`;
  const rows = await db
    .update(outboundMessages)
    .set({ status: 'pending', nextAttemptAt: sql`now()`, claimedAt: null, lastError: 'taken back after a crash (was sending)' })
    .where(and(eq(outboundMessages.status, 'sending'), stale, mine))
    .returning({ id: outboundMessages.id });
  if (rows.length) outboundSignal.emit();
  return rows.length;
}

/** Puts a user's waiting messages back in the queue (they came back into reach). */
export async function requeueWaiting(db: Db, channel: ChannelName, userId: string): Promise<number> {
  const rows = await db
    .update(outboundMessages)
    .set({ status: 'pending', nextAttemptAt: sql`now()` })
    .where(and(eq(outboundMessages.channel, channel), eq(outboundMessages.userId, userId), eq(outboundMessages.status, 'waiting')))
    .returning({ id: outboundMessages.id });
  if (rows.length) outboundSignal.emit();
  return rows.length;
}

/**
 * Drops a user's held messages that no longer matter now that they wrote again: each kind has its
 * relevance (core/outbound-policy.ts HELD_RELEVANCE_MS; an earlier reply — a menu, a greeting, an answer —
 * never goes late). Returns how many were dropped.
 */
export async function dropStaleWaiting(db: Db, channel: ChannelName, userId: string): Promise<number> {
  const stale = or(
    ...Object.entries(HELD_RELEVANCE_MS).map(([kind, ms]) =>
      and(eq(outboundMessages.kind, kind as OutboundKind), sql`${outboundMessages.createdAt} <= now() - make_interval(secs => ${ms / 1000})`),
    ),
  );
  const rows = await db
    .update(outboundMessages)
    .set({ status: 'dropped', lastError: 'no longer relevant when the person wrote again' })
    .where(and(eq(outboundMessages.channel, channel), eq(outboundMessages.userId, userId), eq(outboundMessages.status, 'waiting'), stale))
    .returning({ id: outboundMessages.id });
  return rows.length;
}

export type DeliveryStatus = 'sent' | 'pending' | 'sending' | 'waiting' | 'failed' | 'dropped';

/**
 * Where the staff answer queued at `answeredAt` for this person stands (the outbox row, not the answer's
 * existence): the inbox says "delivered" only for 'sent'. Null when no such row exists (answered before
 * answers were queued, or on a channel without one).
 */
export async function staffAnswerDelivery(db: Db, channel: string, userId: string, answeredAt: Date): Promise<{ status: DeliveryStatus; sentAt: Date | null } | null> {
  const [row] = await db
    .select({ status: outboundMessages.status, sentAt: outboundMessages.sentAt })
    .from(outboundMessages)
    .where(
      and(
        eq(outboundMessages.channel, channel),
        eq(outboundMessages.userId, userId),
        eq(outboundMessages.kind, 'staff'),
        // Queued in the answer's transaction: created at the answer's time or just after.
        sql`${outboundMessages.createdAt} >= ${answeredAt.toISOString()}::timestamptz - interval '1 second'`,
      ),
    )
    .orderBy(outboundMessages.id)
    .limit(1);
  return row ? { status: row.status, sentAt: row.sentAt } : null;
}

/** In-process wake-up for the worker, so a queued message leaves at once instead of at the next poll. */
export const outboundSignal = {
  listeners: new Set<() => void>(),
  emit() {
    for (const l of this.listeners) l();
  },
};
