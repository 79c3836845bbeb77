// npm run ratings:import -- FILE.csv|FILE.xlsx [--dry-run] [--skip-invalid]
// Imports satisfaction forms (paper forms typed in, kiosk exports). One rating per dossier: a dossier
// already rated keeps its first rating. Each form is checked against the dossiers; a file with a bad
// line is refused whole unless --skip-invalid, and a bad line is never counted. Messages in Vietnamese
// (cli:ratings.import.*) unless --lang en.
import cliProgress from 'cli-progress';
import { cliArgs, processIO, runAsProgram, type CliIO } from '../../core/cli';
import { loadConfig, type Config } from '../../core/config';
import { DatabaseBusyError, type Db } from '../../models/db';
import { toolDatabase } from './database';
import { importRatings } from '../../models/repos/ratings';
import { checkAgainstDossiers, parseRatingsFile, RATING_HEADERS } from '../ratings-import';
import { todayIn } from '../period';

const MAX_ERRORS_SHOWN = 20;

export async function runRatingsImport(argv: string[], deps: { db?: Db; config?: Config; io?: CliIO; today?: string } = {}): Promise<number> {
  const io = deps.io ?? processIO;
  const cli = await cliArgs(
    {
      command: 'ratings:import',
      options: { 'dry-run': { type: 'boolean', default: false }, 'skip-invalid': { type: 'boolean', default: false } },
      positionals: true,
      helpValues: { headers: RATING_HEADERS.join(', ') },
    },
    argv,
    io,
  );
  if (typeof cli === 'number') return cli;
  const { values, t } = cli;
  const file = cli.positionals[0];
  if (!file) {
    io.stderr(`${t('cli:ratings.import.no_file')}\n`);
    return 2;
  }
  let fileData;
  try {
    fileData = await parseRatingsFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(`${code === 'ENOENT' ? t('cli:ratings.import.not_found', { file }) : t('cli:ratings.import.unreadable', { file, reason: (e as Error).message })}\n`);
    return 1;
  }

  const config = deps.config ?? loadConfig();
  const skip = values['skip-invalid'];
  let close: (() => Promise<void>) | undefined;
  try {
    const opened = await toolDatabase(deps.db, config);
    close = opened.close;
    const db = opened.db;
    const data = await checkAgainstDossiers(db, fileData, deps.today ?? todayIn(config.TZ_DISPLAY));
    for (const err of data.errors.slice(0, MAX_ERRORS_SHOWN)) io.stderr(`${t('cli:ratings.import.line_error', { line: err.line, message: err.message })}\n`);
    if (data.errors.length > MAX_ERRORS_SHOWN) io.stderr(`${t('cli:ratings.import.more_errors', { count: data.errors.length - MAX_ERRORS_SHOWN })}\n`);
    const counts = { file, valid: data.ratings.length, errors: data.errors.length, repeated: data.repeated };
    if (values['dry-run']) {
      io.stdout(`${t('cli:ratings.import.checked', counts)}\n`);
      return data.errors.length ? 1 : 0;
    }
    if (data.errors.length && !skip) {
      io.stderr(`${t('cli:ratings.import.refused', counts)}\n`);
      return 1;
    }
    const bar = io.tty
      ? new cliProgress.SingleBar({ format: `${t('cli:ratings.import.progress')} [{bar}] {value}/{total}`, stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    bar?.start(data.ratings.length, 0);
    const result = await importRatings(db, data.ratings, (done) => bar?.update(done));
    bar?.stop();
    io.stdout(`${t('cli:ratings.import.done', { ...counts, inserted: result.inserted, duplicates: result.duplicates })}\n`);
    return 0;
  } catch (e) {
    if (e instanceof DatabaseBusyError) {
      io.stderr(`${t('cli:db.busy')}\n`);
      return 1;
    }
    throw e;
  } finally {
    await close?.();
  }
}

runAsProgram(import.meta.url, runRatingsImport, 'cli:ratings.import.failed');
