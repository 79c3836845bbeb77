// Before a start applies migrations that change tables already holding data, a backup is written to
// BACKUP_DIR: the way back if the upgrade goes wrong (README "Upgrading").
import path from 'node:path';
import { backupDir, type Config } from '../../core/config';
import { logger } from '../../core/logger';
import type { Database } from '../db';
import { backupFileName, PRE_MIGRATION_PREFIX, writeBackupFile } from './files';
import { pendingChangesToExistingTables } from './migrations';

/** Runs under the migration lock; returns the file written, or null when none was needed. */
export async function backupBeforeMigration(database: Database, config: Config): Promise<string | null> {
  if (!config.BACKUP_BEFORE_MIGRATION) return null;
  const { changing } = await pendingChangesToExistingTables(database.db);
  if (!changing.length) return null;
  const file = path.resolve(backupDir(config), backupFileName(PRE_MIGRATION_PREFIX));
  logger.info({ migrations: changing, file }, 'migrations change existing tables: backing up first');
  await writeBackupFile(database, file);
  logger.info({ file }, 'pre-migration backup written');
  return file;
}
