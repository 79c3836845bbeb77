// `npm run dossiers:import -- FILE [--skip-invalid] [--lang vi|en]`: imports an export of the
// provincial one-stop system (CSV or XLSX). Opens DATA_DIR itself (PGlite: stop the server first)
// or the DATABASE_URL server.
import cliProgress from 'cli-progress';
import { configOrExit, databaseOrExit } from '../../../models/boot';
import { cliArgsOrExit } from '../../../core/cli';
import { logger } from '../../../core/logger';
import { createHandlers } from '../..';
import { registerDossierNotifier } from '..';
import { importDossierFile, ImportFileError } from '../importer';
import { describeProblem } from '../records';

// Bad rows listed in full up to this many; the rest are counted (a broken file can have thousands).
const MAX_LISTED_PROBLEMS = 50;
// Below this many rows a progress bar only flickers.
const PROGRESS_MIN_ROWS = 2_000;

const { values, positionals, t } = await cliArgsOrExit({
  command: 'dossiers:import',
  options: { 'skip-invalid': { type: 'boolean', default: false } },
  positionals: true,
  // The messages are the dossier import's own, shared with the admin's import page.
  helpKey: 'dossiers:import.help',
});
const file = positionals[0];
if (!file) {
  console.error(t('dossiers:import.no_file'));
  process.exit(2);
}

const config = configOrExit();
logger.level = config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL;
const database = await databaseOrExit(config);
// The handlers register their status listeners (result notifications, rating invitations),
// so an import from the command line tells citizens just as the API does.
createHandlers({ db: database.db, config });
let notified = 0;
// Same notifier, now also counting what it queued for the summary.
registerDossierNotifier(config, (n) => {
  notified += n;
});

const tty = Boolean(process.stdout.isTTY);
let bar: cliProgress.SingleBar | undefined;
let barPhase: string | undefined;
const started = Date.now();
let exitCode = 0;
try {
  const summary = await importDossierFile(database.db, file, {
    skipInvalid: values['skip-invalid'],
    onProgress: (phase, done, total) => {
      if (!tty || total < PROGRESS_MIN_ROWS) return;
      if (phase !== barPhase) {
        bar?.stop();
        barPhase = phase;
        bar = new cliProgress.SingleBar(
          { format: `${t(`dossiers:import.${phase === 'reading' ? 'reading' : 'applying'}`)} [{bar}] {percentage}% | {value}/{total} | ETA {eta}s`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar!.update(done);
    },
  });
  bar?.stop();
  if (summary.unknownColumns.length) console.warn(t('dossiers:import.unknown_columns', { columns: summary.unknownColumns.join(', ') }));
  for (const p of summary.problems.slice(0, MAX_LISTED_PROBLEMS)) {
    console.error(t('dossiers:import.row_problem', { row: p.row, problems: p.problems.map((x) => describeProblem(t, x, summary.labels)).join('; ') }));
  }
  if (summary.problems.length > MAX_LISTED_PROBLEMS) {
    console.error(t('dossiers:import.more_problems', { count: summary.problems.length - MAX_LISTED_PROBLEMS }));
  }
  if (!summary.applied) {
    console.error(t('dossiers:import.nothing_applied', { count: summary.rejected }));
    exitCode = 1;
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(
    t('dossiers:import.summary', {
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      seconds: seconds.toFixed(1),
      rate: Math.round(summary.total / Math.max(seconds, 0.001)),
    }),
  );
  if (notified) console.log(t('dossiers:import.notified', { count: notified }));
} catch (e) {
  bar?.stop();
  if (e instanceof ImportFileError) {
    console.error(t(`dossiers:import.${e.key}`, e.params));
    exitCode = 1;
  } else throw e;
} finally {
  await database.close();
}
process.exit(exitCode);
