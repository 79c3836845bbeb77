// The database a report tool works on: the one a test hands in, or the configured one (DATABASE_URL or
// the embedded store in DATA_DIR), opened and migrated; `close` closes only what was opened here.
import type { Config } from '../../core/config';
import { openDatabase, type Db } from '../../models/db';

export async function toolDatabase(given: Db | undefined, config: Config): Promise<{ db: Db; close: () => Promise<void> }> {
  if (given) return { db: given, close: async () => {} };
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await database.migrate();
  } catch (e) {
    await database.close();
    throw e;
  }
  return { db: database.db, close: () => database.close() };
}
