// Figures of the running system that live in the database: the outbound queue, delivery latency,
// the last backup. GET /metrics and the admin dashboard read the same function.
import { sql } from 'drizzle-orm';
import type { Db } from '../db';

// Latency is summarised over the deliveries of the last hour: long enough to hold a few messages
// in a quiet commune, short enough to show today's trouble.
export const LATENCY_WINDOW_MINUTES = 60;

export interface OpsFigures {
  /** Outbound rows per channel and status (pending, sending, sent, waiting, failed). */
  outbound: { channel: string; status: string; n: number }[];
  /** Rows waiting to be sent (pending or sending). */
  queueDepth: number;
  /** Seconds since the oldest row still pending was queued (0 when none). */
  oldestPendingSeconds: number;
  /** Seconds from queueing to the platform's acceptance, over the last hour's deliveries. */
  latency: { count: number; p50: number | null; p95: number | null };
  lastBackup: { file: string; at: Date } | null;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export async function opsFigures(db: Db): Promise<OpsFigures> {
  const outbound = await rows<{ channel: string; status: string; n: number }>(db, sql`
    select channel, status, count(*)::int as n from outbound_messages group by channel, status order by channel, status`);
  const [q] = await rows<{ depth: number; oldest: number | null }>(db, sql`
    select count(*)::int as depth,
           extract(epoch from now() - min(created_at) filter (where status = 'pending'))::float8 as oldest
    from outbound_messages where status in ('pending', 'sending')`);
  const [l] = await rows<{ n: number; p50: number | null; p95: number | null }>(db, sql`
    select count(*)::int as n,
           percentile_cont(0.5) within group (order by extract(epoch from sent_at - created_at))::float8 as p50,
           percentile_cont(0.95) within group (order by extract(epoch from sent_at - created_at))::float8 as p95
    from outbound_messages
    where status = 'sent' and sent_at >= now() - make_interval(mins => ${LATENCY_WINDOW_MINUTES})`);
  const [b] = await rows<{ value: string | null; updated_at: string | Date }>(db, sql`
    select value, updated_at from ops_state where key = 'last_backup'`);
  return {
    outbound: outbound.map((r) => ({ ...r, n: Number(r.n) })),
    queueDepth: Number(q?.depth ?? 0),
    oldestPendingSeconds: Math.max(0, Number(q?.oldest ?? 0)),
    latency: { count: Number(l?.n ?? 0), p50: l?.p50 == null ? null : Number(l.p50), p95: l?.p95 == null ? null : Number(l.p95) },
    lastBackup: b?.value ? { file: b.value, at: new Date(b.updated_at) } : null,
  };
}

/** Records a key of ops_state (now as its time). */
export async function setOpsState(db: Db, key: string, value: string | null): Promise<void> {
  await db.execute(sql`
    insert into ops_state (key, value, updated_at) values (${key}, ${value}, now())
    on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`);
}
