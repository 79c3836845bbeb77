// One runner for the jobs that repeat on a schedule (node-cron): a pass at start, then one at each
// tick of the cron expression; a pass never overlaps the one before, and a failed pass is logged,
// not thrown. stop() waits for the pass in progress.
import cron from 'node-cron';
import { logger } from '../core/logger';
import { VN_TIME_ZONE } from '../core/clock';

export interface Periodic {
  stop(): Promise<void>;
}

export function startPeriodic(name: string, schedule: string, pass: () => Promise<void>): Periodic {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(pass).catch((err) => logger.error({ err, job: name }, 'periodic job failed'));
    return running;
  };
  void run();
  const task = cron.schedule(schedule, run, { name, timezone: VN_TIME_ZONE, noOverlap: true });
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}

/** No schedule: for jobs switched off (JOBS_ENABLED=false). */
export const NOT_STARTED: Periodic = { stop: async () => undefined };
