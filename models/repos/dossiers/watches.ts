// Watches ("Báo cho tôi khi có kết quả"), telling watchers once of a result, and who is in touch
// about a dossier.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db';
import { dossierLookups, dossiers, dossierWatches } from '../../schema/dossiers';
import { outboundMessages } from '../../schema/core';
import { outboundSignal } from '../outbound';
import type { Reply } from '../../../core/types';
import type { DossierRow } from './records';

/** Adds a watch; false when the user already watched this dossier. */
export async function watchDossier(db: Db, code: string, channel: string, userId: string): Promise<boolean> {
  const rows = await db
    .insert(dossierWatches)
    .values({ dossierCode: code, channel, userId })
    .onConflictDoNothing()
    .returning({ id: dossierWatches.id });
  return rows.length > 0;
}

/**
 * The (channel, userId) pairs that verified the dossier (right code and digits) or watch it:
 * the applicant has a channel with us. Used e.g. for the satisfaction-rating invitation.
 */
export async function dossierContacts(db: Db, code: string): Promise<{ channel: string; userId: string }[]> {
  const verified = await db
    .selectDistinct({ channel: dossierLookups.channel, userId: dossierLookups.userId })
    .from(dossierLookups)
    .where(and(eq(dossierLookups.dossierCode, code), eq(dossierLookups.success, true)));
  const watching = await db
    .select({ channel: dossierWatches.channel, userId: dossierWatches.userId })
    .from(dossierWatches)
    .where(eq(dossierWatches.dossierCode, code));
  const seen = new Map<string, { channel: string; userId: string }>();
  for (const c of [...verified, ...watching]) seen.set(`${c.channel}\u0000${c.userId}`, c);
  return [...seen.values()];
}

// Codes per query when looking up watches after a large import.
const WATCH_QUERY_BATCH = 1_000;

/**
 * Tells the watchers of these dossiers that have not been told of a result yet. The message is
 * composed first (compose may query the database), then, in one transaction per watch, the watch
 * is marked only if still unmarked and the message queued: a watcher is told exactly once even
 * if two imports race.
 */
export async function notifyResultWatches(
  db: Db,
  codes: string[],
  resultStatuses: readonly number[],
  compose: (w: { channel: string; userId: string; dossier: DossierRow }) => Promise<Reply[]>,
): Promise<number> {
  let queued = 0;
  for (let i = 0; i < codes.length; i += WATCH_QUERY_BATCH) {
    const part = codes.slice(i, i + WATCH_QUERY_BATCH);
    const rows = await db
      .select({ watch: dossierWatches, dossier: dossiers })
      .from(dossierWatches)
      .innerJoin(dossiers, eq(dossiers.code, dossierWatches.dossierCode))
      .where(
        and(
          inArray(dossierWatches.dossierCode, part),
          isNull(dossierWatches.notifiedStatus),
          inArray(dossiers.status, [...resultStatuses]),
        ),
      );
    for (const r of rows) {
      const replies = await compose({ channel: r.watch.channel, userId: r.watch.userId, dossier: r.dossier });
      const done = await db.transaction(async (tx) => {
        const claimed = await tx
          .update(dossierWatches)
          .set({ notifiedStatus: r.dossier.status })
          .where(and(eq(dossierWatches.id, r.watch.id), isNull(dossierWatches.notifiedStatus)))
          .returning({ id: dossierWatches.id });
        if (!claimed.length) return false;
        await tx.insert(outboundMessages).values({ channel: r.watch.channel, userId: r.watch.userId, kind: 'notification', replies });
        return true;
      });
      if (done) queued++;
    }
  }
  // Same wake-up enqueueOutbound gives, once the rows are committed.
  if (queued) outboundSignal.emit();
  return queued;
}
