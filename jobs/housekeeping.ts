// Housekeeping: forgets old inbound event ids so the dedupe table stays small on an office PC
// that runs for years. Runs hourly on every instance (the delete is idempotent).
import type { Config } from '../core/config';
import { logger } from '../core/logger';
import type { Db } from '../models/db';
import { pruneInboundEvents } from '../models/repos/sessions';
import { pruneInboundQueue } from '../models/repos/inbound';
import { NOT_STARTED, startPeriodic, type Periodic } from './periodic';

// A week is well past every platform's re-delivery window (at most 24 h, docs/channels.md).
export const EVENT_ID_RETENTION_DAYS = 7;
// Every hour, at minute 17 (away from the hour's other jobs).
const HOUSEKEEPING_CRON = '17 * * * *';

export function startHousekeeping(deps: { db: Db; config: Config }): Periodic {
  if (!deps.config.JOBS_ENABLED) return NOT_STARTED;
  return startPeriodic('housekeeping', HOUSEKEEPING_CRON, async () => {
    const events = await pruneInboundEvents(deps.db, EVENT_ID_RETENTION_DAYS);
    if (events) logger.info({ pruned: events }, 'old inbound event ids pruned');
    // Handled webhook events (their raw form) are kept as long as their ids, then forgotten.
    const queued = await pruneInboundQueue(deps.db, EVENT_ID_RETENTION_DAYS);
    if (queued) logger.info({ pruned: queued }, 'old handled webhook events pruned');
  });
}
