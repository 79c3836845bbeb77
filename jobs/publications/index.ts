// Starts the publication work of a running assistant: the delivery worker (always: it drains what
// any instance queued) and the weekly scheduled run (when JOBS_ENABLED).
import type { Config } from '../../core/config';
import type { Db } from '../../models/db';
import type { Outbox } from '../../bot/outbox';
import type { ChannelName } from '../../core/types';
import { outboxDeliverySender } from './senders';
import { DeliveryWorker } from './worker';
import { scheduleWeeklyPublication } from './scheduler';

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
  const stopCron = deps.config.JOBS_ENABLED ? scheduleWeeklyPublication(deps.db, deps.config, () => worker.wake()) : undefined;
  return {
    worker,
    async stop() {
      await stopCron?.();
      await worker.stop();
    },
  };
}
