// Starts the publication work of a running assistant: the bulletin worker (always: it drains what any
// instance queued) sending through the outbox, and the weekly scheduled run (jobs/publications, when
// JOBS_ENABLED), which only drafts and enqueues rows: jobs never send.
import type { Config } from '../../core/config';
import type { Db } from '../../models/db';
import type { Outbox } from '../outbox';
import type { ChannelName } from '../../core/types';
import { DeliveryWorker, type DeliverySender } from './bulletins';
import { scheduleWeeklyPublication } from '../../jobs/publications/scheduler';
import { onSettingsChanged } from '../../models/repos/settings';

/**
 * The outbox as the bulletin worker's sender: the channel's pacing (shared with replies), the paid quota
 * for a billable send, one try per call (the delivery rows do the retrying).
 */
export function outboxDeliverySender(outbox: Outbox, channels: readonly ChannelName[]): DeliverySender {
  return {
    channels: channels.filter((c) => outbox.has(c)),
    send: (channel, userId, replies, opts) => outbox.sendNow(channel, userId, replies, { kind: 'broadcast', sendAs: opts.sendAs, attempts: 1 }),
  };
}

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
