// Publication deliveries: the worker's queue. Rows are claimed with FOR UPDATE SKIP LOCKED so that
// several workers (instances) never take the same row; each claim gets a fresh attempt key, and an
// outcome is recorded only by the claim holding that key (a worker whose claim went stale and was
// taken over cannot overwrite the newer attempt's result).
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { publicationDeliveries, type DeliveryState } from '../schema/publications';
import type { ChannelName } from '../../core/types';

/** Allowed moves of a delivery; every update below derives its WHERE state from this table. */
export const DELIVERY_TRANSITIONS: Readonly<Record<DeliveryState, readonly DeliveryState[]>> = {
  pending: ['sending', 'unsubscribed', 'superseded'],
  sending: ['sent', 'pending', 'waiting', 'failed', 'unsubscribed'],
  waiting: ['pending', 'unsubscribed', 'superseded'],
  failed: ['pending'], // an operator may retry failed ones
  sent: [],
  unsubscribed: [],
  superseded: [],
};

/** The states a delivery may be in to move to `to` (the single check every update uses). */
export function fromStates(to: DeliveryState): DeliveryState[] {
  return (Object.keys(DELIVERY_TRANSITIONS) as DeliveryState[]).filter((s) => DELIVERY_TRANSITIONS[s].includes(to));
}

const stateAllows = (to: DeliveryState): SQL => inArray(publicationDeliveries.state, fromStates(to));

export interface ClaimedDelivery {
  id: number;
  publicationId: number;
  subscriberId: number;
  channel: ChannelName;
  userId: string;
  attempts: number;
  attemptKey: string;
  /** When the subscriber last wrote to us (drives the messaging windows); null when never. */
  lastInboundAt: Date | null;
  lang: 'vi' | 'en';
}

type Rows<T> = { rows: T[] };

/** Claims up to `limit` due rows of one channel: pending → sending with a new attempt key. */
export async function claimDeliveries(db: Db, channel: ChannelName, limit: number): Promise<ClaimedDelivery[]> {
  const res = (await db.execute(sql`
    with due as (
      select id from publication_deliveries
      where state = 'pending' and channel = ${channel} and next_attempt_at <= now()
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update publication_deliveries d
    set state = 'sending', attempts = d.attempts + 1, attempt_key = gen_random_uuid()::text,
        claimed_at = now(), updated_at = now()
    from due
    where d.id = due.id
    returning d.id, d.publication_id, d.subscriber_id, d.channel, d.user_id, d.attempts, d.attempt_key,
      (select coalesce(s.last_inbound_at, s.created_at) from sessions s
        where s.channel = d.channel and s.user_id = d.user_id) as last_inbound_at,
      (select s.lang from sessions s where s.channel = d.channel and s.user_id = d.user_id) as lang`)) as unknown as Rows<
    Record<string, unknown>
  >;
  return res.rows
    .map((r) => ({
      id: Number(r.id),
      publicationId: Number(r.publication_id),
      subscriberId: Number(r.subscriber_id),
      channel: r.channel as ChannelName,
      userId: String(r.user_id),
      attempts: Number(r.attempts),
      attemptKey: String(r.attempt_key),
      lastInboundAt: r.last_inbound_at ? new Date(r.last_inbound_at as string) : null,
      lang: (r.lang === 'en' ? 'en' : 'vi') as 'vi' | 'en',
    }))
    .sort((a, b) => a.id - b.id);
}

/** The outcome of one claimed row, recorded by the claim that holds `attemptKey`. */
export interface ClaimOutcome {
  id: number;
  attemptKey: string;
  to: 'sent' | 'pending' | 'waiting' | 'failed' | 'unsubscribed';
  platformMessageId?: string;
  paid?: boolean;
  error?: string;
  /** For 'pending': when to try again. */
  retryAt?: Date;
}

/**
 * Records a batch of outcomes in one statement. Each row moves only if it is still 'sending' under
 * the same attempt key; the target states are checked against DELIVERY_TRANSITIONS first.
 */
export async function markOutcomes(db: Db, marks: ClaimOutcome[]): Promise<number> {
  if (!marks.length) return 0;
  for (const m of marks) {
    if (!DELIVERY_TRANSITIONS.sending.includes(m.to)) throw new Error(`delivery cannot move from sending to ${m.to}`);
  }
  const values = sql.join(
    marks.map(
      (m) =>
        sql`(${m.id}::bigint, ${m.attemptKey}::text, ${m.to}::text, ${m.platformMessageId ?? null}::text, ${m.paid ? 1 : 0}::int, ${m.error?.slice(0, 500) ?? null}::text, ${m.retryAt?.toISOString() ?? null}::timestamptz)`,
    ),
    sql`, `,
  );
  const res = (await db.execute(sql`
    update publication_deliveries d
    set state = v.state, updated_at = now(), last_error = v.error,
        sent_at = case when v.state = 'sent' then now() else d.sent_at end,
        platform_message_id = coalesce(v.mid, d.platform_message_id),
        paid = greatest(d.paid, v.paid),
        next_attempt_at = coalesce(v.retry_at, d.next_attempt_at)
    from (values ${values}) as v(id, key, state, mid, paid, error, retry_at)
    where d.id = v.id and d.attempt_key = v.key and d.state = 'sending'
    returning d.id`)) as unknown as Rows<{ id: number }>;
  return res.rows.length;
}

/** Records one non-success outcome of a claimed row. */
export async function markClaimed(
  db: Db,
  id: number,
  attemptKey: string,
  to: Exclude<DeliveryState, 'sent' | 'sending' | 'superseded'>,
  extra: { error?: string; retryAt?: Date } = {},
): Promise<boolean> {
  const rows = await db
    .update(publicationDeliveries)
    .set({
      state: to,
      lastError: extra.error ?? null,
      updatedAt: sql`now()`,
      ...(extra.retryAt ? { nextAttemptAt: extra.retryAt } : {}),
    })
    .where(and(eq(publicationDeliveries.id, id), eq(publicationDeliveries.attemptKey, attemptKey), stateAllows(to), eq(publicationDeliveries.state, 'sending')))
    .returning({ id: publicationDeliveries.id });
  return rows.length > 0;
}

/**
 * Puts back claims whose worker died (still 'sending' after the lease). They are sent again with
 * the same idempotency key (see jobs/publications/worker.ts for the at-least-once choice).
 */
export async function recoverStale(db: Db, leaseMs: number, exclude: readonly number[] = []): Promise<number> {
  const rows = await db
    .update(publicationDeliveries)
    .set({ state: 'pending', nextAttemptAt: sql`now()`, updatedAt: sql`now()`, lastError: 'worker stopped during send; retried' })
    .where(
      and(
        eq(publicationDeliveries.state, 'sending'),
        stateAllows('pending'),
        sql`${publicationDeliveries.claimedAt} <= now() - make_interval(secs => ${leaseMs / 1000})`,
        ...(exclude.length ? [sql`${publicationDeliveries.id} not in (${sql.join(exclude.map((id) => sql`${id}`), sql`, `)})`] : []),
      ),
    )
    .returning({ id: publicationDeliveries.id });
  return rows.length;
}

/**
 * Waiting deliveries whose subscriber has written since they were put on hold go back to the queue
 * (the window is open again). Optionally for one user only (called from their conversation turn).
 */
export async function reviveWaiting(db: Db, only?: { channel: ChannelName; userId: string }): Promise<number> {
  const res = (await db.execute(sql`
    update publication_deliveries d
    set state = 'pending', next_attempt_at = now(), updated_at = now()
    from sessions s
    where d.state = 'waiting' and s.channel = d.channel and s.user_id = d.user_id
      and s.last_inbound_at > d.updated_at
      ${only ? sql`and d.channel = ${only.channel} and d.user_id = ${only.userId}` : sql``}
    returning d.id`)) as unknown as Rows<{ id: number }>;
  return res.rows.length;
}

/** A subscriber left: whatever was not yet sent to them will not be. */
export async function cancelForSubscriber(db: Db, subscriberId: number): Promise<number> {
  const rows = await db
    .update(publicationDeliveries)
    .set({ state: 'unsubscribed', updatedAt: sql`now()` })
    .where(and(eq(publicationDeliveries.subscriberId, subscriberId), inArray(publicationDeliveries.state, ['pending', 'waiting']), stateAllows('unsubscribed')))
    .returning({ id: publicationDeliveries.id });
  return rows.length;
}

/** Failed deliveries of a publication go back to the queue (operator action). */
export async function retryFailed(db: Db, publicationId: number): Promise<number> {
  const rows = await db
    .update(publicationDeliveries)
    .set({ state: 'pending', nextAttemptAt: sql`now()`, updatedAt: sql`now()`, attempts: 0 })
    .where(and(eq(publicationDeliveries.publicationId, publicationId), eq(publicationDeliveries.state, 'failed'), stateAllows('pending')))
    .returning({ id: publicationDeliveries.id });
  return rows.length;
}
