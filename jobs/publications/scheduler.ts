// The weekly run (node-cron, Asia/Ho_Chi_Minh, WEEKLY_PUBLICATION_CRON): drafts last week's
// publication for officials to approve, and starts sending what officials approved or scheduled.
// Only one instance does a run: the run holds a PostgreSQL advisory lock for its transaction and
// any other instance that fires at the same time skips. Even without it a second run adds nothing
// (deliveries are unique per publication and subscriber; a week with a publication is not drafted again).
import cron from 'node-cron';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../models/db';
import type { Config } from '../../core/config';
import { publications } from '../../models/schema/publications';
import { dueScheduled, publicationsInState, startSending, transitionPublication } from '../../models/repos/publications';
import { logger } from '../../core/logger';
import { draftWeeklyPublication } from './prefill';
import { PUBLICATION_TZ, previousIsoWeek } from './week';

/** Advisory lock key of the weekly publication job (any constant unique among our jobs). */
export const WEEKLY_JOB_LOCK = 80_240_001;

export interface WeeklyRunResult {
  skipped: boolean;
  drafted?: number;
  started: { id: number; enqueued: number }[];
}

export async function runWeeklyPublicationJob(db: Db, config: Pick<Config, 'COMMUNE_NAME' | 'PUBLIC_URL'>, now = new Date()): Promise<WeeklyRunResult> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const got = (await tx.execute(sql`select pg_try_advisory_xact_lock(${WEEKLY_JOB_LOCK}) as ok`)) as unknown as { rows: { ok: boolean }[] };
    if (!got.rows[0]?.ok) return { skipped: true, started: [] };
    const result: WeeklyRunResult = { skipped: false, started: [] };

    const week = previousIsoWeek(now);
    const [existing] = await tx
      .select({ id: publications.id })
      .from(publications)
      .where(and(eq(publications.week, week.week), ne(publications.state, 'cancelled')));
    if (!existing) {
      const p = await draftWeeklyPublication(tx, week.week, { createdBy: 'system', communeName: config.COMMUNE_NAME, publicUrl: config.PUBLIC_URL });
      result.drafted = p.id;
    }
    // Approved publications go out at the next run; scheduled ones when their time has come.
    for (const p of await publicationsInState(tx, 'approved')) await transitionPublication(tx, p.id, 'scheduled', 'system');
    for (const p of await dueScheduled(tx)) {
      const { enqueued } = await startSending(tx, p.id, 'system');
      result.started.push({ id: p.id, enqueued });
    }
    return result;
  });
}

/** Schedules the weekly run; returns a stop function. `onStarted` wakes the local delivery worker. */
export function scheduleWeeklyPublication(db: Db, config: Pick<Config, 'COMMUNE_NAME' | 'WEEKLY_PUBLICATION_CRON'>, onStarted?: () => void) {
  if (!cron.validate(config.WEEKLY_PUBLICATION_CRON)) {
    throw new Error(`WEEKLY_PUBLICATION_CRON "${config.WEEKLY_PUBLICATION_CRON}" is not a valid cron expression (e.g. "0 8 * * 1").`);
  }
  const task = cron.schedule(
    config.WEEKLY_PUBLICATION_CRON,
    async () => {
      try {
        const r = await runWeeklyPublicationJob(db, config);
        logger.info({ skipped: r.skipped, drafted: r.drafted ?? null, started: r.started.map((s) => s.id) }, 'weekly publication run');
        if (r.started.length) onStarted?.();
      } catch (err) {
        logger.error({ err }, 'weekly publication run failed');
      }
    },
    { timezone: PUBLICATION_TZ, name: 'weekly-publication', noOverlap: true },
  );
  return async () => {
    await task.stop();
  };
}
