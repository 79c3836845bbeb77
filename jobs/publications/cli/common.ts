// What the publication command-line tools share: the publication's number, opening the database.
// Messages: cli:publications.*, Vietnamese unless --lang en (core/cli.ts).
import type { TFunction } from 'i18next';
import { configOrExit, databaseOrExit } from '../../../models/boot';
import { logger } from '../../../core/logger';

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The publication number given as the first argument; exits with the usage when it is not one. */
export function publicationId(positionals: string[], t: TFunction, usageKey: string): number {
  const id = Number(positionals[0]);
  if (!Number.isInteger(id) || id <= 0) {
    console.error(t('cli:publications.bad_id', { usage: t(usageKey) }));
    process.exit(2);
  }
  return id;
}

export async function openForCli() {
  const config = configOrExit();
  // Quieter than the server by default: the command prints its own progress and outcome.
  logger.level = config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL;
  const database = await databaseOrExit(config);
  return { config, database, db: database.db };
}
