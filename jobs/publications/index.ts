// Starts the publication work of a running assistant: the delivery worker (always: it drains what
// any instance queued) and the weekly scheduled run (when JOBS_ENABLED).
import type { Config } from '../../core/config';
import type { Db } from '../../models/db';
import type { Outbox } from '../../bot/outbox';
import type { ChannelName } from '../../core/types';
import { outboxDeliverySender } from './senders';
import { DeliveryWorker } from './worker';
import { scheduleWeeklyPublication } from './scheduler';
import { onSettingsChanged } from '../../models/repos/settings';

export async function startPublications(deps: {
  db: Db;
  config: Config;
  outbox: Outbox;
  channels: readonly ChannelName[];
  exclusive: boolean;
}): Promise<{ worker: DeliveryWorker; stop: () => Promise<void> }> {
  const worker = new DeliveryWorker(deps.db, outboxDeliverySender(deps.outbox, deps.channels), {
    exclusive: deps.exclusive,
    leaseMs: deps.config.PUBLICATION_LEASE_SECONDS * 1000,
    zaloPaidQuota: deps.config.ZALO_PUBLICATION_PAID_QUOTA,
  });
  await worker.start();
  const schedule = () => (deps.config.JOBS_ENABLED ? scheduleWeeklyPublication(deps.db, deps.config, () => worker.wake()) : undefined);
  let stopCron = schedule();
  // The schedule edited in the admin's settings takes effect without a restart.
  const off = onSettingsChanged(async (keys, config) => {
    if (config !== deps.config || !keys.includes('WEEKLY_PUBLICATION_CRON')) return;
    await stopCron?.();
    stopCron = schedule();
  });
  return {
    worker,
    async stop() {
      off();
      await stopCron?.();
      await worker.stop();
    },
  };
}
