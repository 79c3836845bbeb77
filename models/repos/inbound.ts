// The inbound queue: platform webhook events stored before the webhook is answered, handled from here.
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { ChannelName, InboundEvent } from '../../core/types';

export interface QueuedEvent {
  queueId: number;
  event: InboundEvent;
}

/**
 * Stores events in one statement, each claimed by this process for `leaseMs`. Yields the queue id of each
 * event newly stored, or null for an event id already in the queue (a re-delivery: the sweep handles it if
 * its turn did not finish).
 */
export async function storeInbound(db: Db, events: InboundEvent[], leaseMs: number): Promise<(number | null)[]> {
  if (!events.length) return [];
  const values = sql.join(
    events.map((e) => sql`(${e.channel}, ${e.id}, ${e.userId}, ${JSON.stringify(e)}::jsonb, now() + make_interval(secs => ${leaseMs / 1000}), 1)`),
    sql`, `,
  );
  const result = (await db.execute(sql`
    insert into inbound_queue (channel, event_id, user_id, event, claimed_until, attempts) values ${values}
    on conflict (channel, event_id) do nothing
    returning id, channel, event_id`)) as unknown as { rows: { id: number | string; channel: string; event_id: string }[] };
  const ids = new Map(result.rows.map((r) => [`${r.channel}|${r.event_id}`, Number(r.id)]));
  return events.map((e) => ids.get(`${e.channel}|${e.id}`) ?? null);
}

/** Marks events handled (one statement for many). */
export async function markInboundDone(db: Db, queueIds: number[]): Promise<void[]> {
  if (queueIds.length) {
    await db.execute(sql`update inbound_queue set done_at = now(), claimed_until = null where id = any(${sql.param(queueIds)}::bigint[])`);
  }
  return queueIds.map(() => undefined);
}

/**
 * Claims events not done whose claim has lapsed (a dead process's, or a failed try), oldest first; with
 * `all`, every event not done (at start, when this process holds the database alone). SKIP LOCKED: two
 * instances never claim the same event. Events tried `maxAttempts` times are closed instead (logged by the caller).
 */
export async function claimInbound(
  db: Db,
  opts: { channels: ChannelName[]; limit: number; leaseMs: number; all?: boolean; maxAttempts: number },
): Promise<{ claimed: QueuedEvent[]; abandoned: number }> {
  if (!opts.channels.length) return { claimed: [], abandoned: 0 };
  const lapsed = opts.all ? sql`true` : sql`(claimed_until is null or claimed_until < now())`;
  return db.transaction(async (tx) => {
    const result = (await tx.execute(sql`
      update inbound_queue q set claimed_until = now() + make_interval(secs => ${opts.leaseMs / 1000}), attempts = q.attempts + 1,
        done_at = case when q.attempts >= ${opts.maxAttempts} then now() else null end
      where q.id in (
        select id from inbound_queue
        where done_at is null and ${lapsed} and channel = any(${sql.param(opts.channels)}::varchar[])
        order by id limit ${opts.limit}
        for update skip locked)
      returning q.id, q.event, q.done_at`)) as unknown as { rows: { id: number | string; event: InboundEvent & { receivedAt: string }; done_at: unknown }[] };
    const claimed: QueuedEvent[] = [];
    let abandoned = 0;
    for (const r of result.rows) {
      if (r.done_at) abandoned++;
      else claimed.push({ queueId: Number(r.id), event: { ...r.event, receivedAt: new Date(r.event.receivedAt) } });
    }
    return { claimed, abandoned };
  });
}

/** Forgets handled events after `olderThanDays` (the dedupe on the platform id lives in inbound_events). */
export async function pruneInboundQueue(db: Db, olderThanDays: number): Promise<number> {
  const result = (await db.execute(
    sql`delete from inbound_queue where done_at is not null and done_at < now() - make_interval(days => ${olderThanDays}) returning id`,
  )) as unknown as { rows: unknown[] };
  return result.rows.length;
}
