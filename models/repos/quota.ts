// Paid sending quotas per period (outbound_quota): one atomic statement takes a unit, so instances sharing
// the database never spend more than the limit together.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { outboundQuota } from '../schema/channels';

/** Takes one unit of the period's quota; false when `limit` units are used already. */
export async function takeQuota(db: Db, key: string, period: string, limit: number): Promise<boolean> {
  if (limit <= 0) return false;
  const rows = await db
    .insert(outboundQuota)
    .values({ key, period, used: 1 })
    .onConflictDoUpdate({
      target: [outboundQuota.key, outboundQuota.period],
      set: { used: sql`${outboundQuota.used} + 1` },
      setWhere: sql`${outboundQuota.used} < ${limit}`,
    })
    .returning({ used: outboundQuota.used });
  return rows.length > 0;
}

/** Gives a unit back (the send it was taken for did not leave). */
export async function returnQuota(db: Db, key: string, period: string): Promise<void> {
  await db
    .update(outboundQuota)
    .set({ used: sql`greatest(${outboundQuota.used} - 1, 0)` })
    .where(and(eq(outboundQuota.key, key), eq(outboundQuota.period, period)));
}

export async function quotaUsed(db: Db, key: string, period: string): Promise<number> {
  const [row] = await db.select({ used: outboundQuota.used }).from(outboundQuota).where(and(eq(outboundQuota.key, key), eq(outboundQuota.period, period)));
  return row?.used ?? 0;
}
