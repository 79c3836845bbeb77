// Start-up steps shared by the server and the command-line tools: configuration, database, migrations.
import { ConfigError, loadConfig, type Config } from '../core/config';
import { DatabaseBusyError, openDatabase, type Database } from './db';
import { seedDatabase } from './seed';
import { backupBeforeMigration } from './backup/pre-migration';

/** Loads the configuration or exits with a message naming the bad variable. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

/** Opens and migrates the configured database; a held PGlite store or bad URL exits cleanly. */
export async function databaseOrExit(config: Config, opts: { seed?: boolean } = {}): Promise<Database> {
  try {
    const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
    await database.migrate({ beforeApplying: () => backupBeforeMigration(database, config).then(() => undefined) });
    if (opts.seed !== false) await seedDatabase(database.db);
    return database;
  } catch (e) {
    if (e instanceof DatabaseBusyError) {
      console.error(e.message);
      process.exit(1);
    }
    const where = config.DATABASE_URL ? 'DATABASE_URL' : `DATA_DIR (${config.DATA_DIR})`;
    console.error(`Cannot open the database given by ${where}: ${(e as Error).message}`);
    process.exit(1);
  }
}
