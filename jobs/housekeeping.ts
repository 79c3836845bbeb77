// Housekeeping: forgets old inbound event ids so the dedupe table stays small on an office PC
// that runs for years. Runs hourly on every instance (the delete is idempotent).
import type { Config } from '../core/config';
import { logger } from '../core/logger';
import type { Db } from '../models/db';
import { pruneInboundEvents } from '../models/repos/sessions';
import { pruneInboundQueue } from '../models/repos/inbound';

// A week is well past every platform's re-delivery window (at most 24 h, docs/channels.md).
export const EVENT_ID_RETENTION_DAYS = 7;
const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000;

export function startHousekeeping(deps: { db: Db; config: Config }): { stop(): Promise<void> } {
  if (!deps.config.JOBS_ENABLED) return { stop: async () => undefined };
  let running: Promise<void> = Promise.resolve();
  const pass = () => {
    running = running
      .then(() => pruneInboundEvents(deps.db, EVENT_ID_RETENTION_DAYS))
      .then((n) => {
        if (n) logger.info({ pruned: n }, 'old inbound event ids pruned');
      })
      // Handled webhook events (their raw form) are kept as long as their ids, then forgotten.
      .then(() => pruneInboundQueue(deps.db, EVENT_ID_RETENTION_DAYS))
      .then((n) => {
        if (n) logger.info({ pruned: n }, 'old handled webhook events pruned');
      })
      .catch((err) => logger.error({ err }, 'housekeeping failed'));
  };
  pass();
  const timer = setInterval(pass, HOUSEKEEPING_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
