// Shared bits of the publication command-line tools: arguments, help, opening the database.
import { configOrExit, databaseOrExit } from '../../../models/boot';
import { logger } from '../../../core/logger';
import { initI18n } from '../../../core/i18n';

export interface Args {
  positional: string[];
  flags: Record<string, string | true>;
}

export function parseArgs(argv: string[]): Args {
  const out: Args = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) out.flags[k] = v;
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out.flags[k] = argv[++i]!;
      else out.flags[k] = true;
    } else if (a === '-h') out.flags.help = true;
    else out.positional.push(a);
  }
  return out;
}

export function helpOrNull(args: Args, help: string): void {
  if (args.flags.help) {
    console.log(help.trim());
    process.exit(0);
  }
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

export function publicationId(args: Args, usage: string): number {
  const id = Number(args.positional[0]);
  if (!Number.isInteger(id) || id <= 0) fail(`Give the publication id (a number). Usage: ${usage}`);
  return id;
}

export const DB_NOTE = `With the embedded database (no DATABASE_URL) stop the server first: only one process can
hold DATA_DIR. With DATABASE_URL set it can run while the server runs.`;

export async function openForCli() {
  const config = configOrExit();
  // Quieter than the server by default: the command prints its own progress and outcome.
  logger.level = config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL;
  await initI18n();
  const database = await databaseOrExit(config);
  return { config, database, db: database.db };
}
