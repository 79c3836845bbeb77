// The nightly backup (BACKUP_CRON, Asia/Ho_Chi_Minh): a db:backup file in BACKUP_DIR, the newest
// BACKUP_KEEP kept. On a shared PostgreSQL only one instance writes it (advisory lock; the others skip).
import path from 'node:path';
import cron from 'node-cron';
import { backupDir, type Config } from '../core/config';
import { logger } from '../core/logger';
import type { Database } from '../models/db';
import { backupFileName, NIGHTLY_PREFIX, pruneBackups, writeBackupFile } from '../models/backup/files';
import { setOpsState } from '../models/repos/ops';

/** Advisory lock key of the nightly backup (any constant unique among our jobs). */
export const BACKUP_JOB_LOCK = 80_240_002;
const BACKUP_TZ = 'Asia/Ho_Chi_Minh';

export interface BackupRun {
  file: string | null;
  pruned: string[];
}

/** One run: writes the file, records it for the dashboard, prunes old ones. */
export async function runNightlyBackup(database: Database, config: Config, now = new Date()): Promise<BackupRun> {
  const dir = path.resolve(backupDir(config));
  const file = path.join(dir, backupFileName(NIGHTLY_PREFIX, now));
  const header = await writeBackupFile(database, file, { advisoryLock: BACKUP_JOB_LOCK });
  if (!header) return { file: null, pruned: [] };
  await setOpsState(database.db, 'last_backup', file);
  return { file, pruned: await pruneBackups(dir, config.BACKUP_KEEP) };
}

export function startNightlyBackup(database: Database, config: Config): { stop(): Promise<void> } {
  if (!config.JOBS_ENABLED) return { stop: async () => undefined };
  if (!cron.validate(config.BACKUP_CRON)) {
    throw new Error(`BACKUP_CRON "${config.BACKUP_CRON}" is not a valid cron expression (e.g. "30 1 * * *").`);
  }
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(
    config.BACKUP_CRON,
    () => {
      running = runNightlyBackup(database, config)
        .then((r) => {
          if (r.file) logger.info({ file: r.file, pruned: r.pruned.length }, 'nightly backup written');
          else logger.info('nightly backup skipped: another instance is writing it');
        })
        .catch((err) => logger.error({ err }, `nightly backup failed: check BACKUP_DIR (${backupDir(config)}) exists and is writable`));
      return running;
    },
    { timezone: BACKUP_TZ, name: 'nightly-backup', noOverlap: true },
  );
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
