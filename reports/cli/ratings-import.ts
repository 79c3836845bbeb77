// npm run ratings:import -- FILE.csv|FILE.xlsx
// Imports satisfaction forms (paper forms typed in, kiosk exports). One rating per dossier:
// a dossier already rated keeps its first rating.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';
import { loadConfig, type Config } from '../../core/config';
import { openDatabase, DatabaseBusyError, type Db } from '../../models/db';
import { countKnownDossiers, importRatings } from '../../models/repos/ratings';
import { parseRatingsFile, RATING_HEADERS } from '../ratings-import';
import type { CliIO } from './report';

const HELP = `Usage: npm run ratings:import -- FILE [--dry-run]

Imports satisfaction rating forms (TT 01/2018/TT-VPCP) from a .csv or .xlsx file whose first row has
the headers:
  ${RATING_HEADERS.join(', ')}
chi_so_N: 0, 1 or 2 points (empty = no data); ngay_danh_gia: YYYY-MM-DD or DD/MM/YYYY (the form
counts in the report period of this date); muc_do: rat_hai_long | hai_long | binh_thuong | khong_hai_long.
One rating per dossier: a dossier already rated is skipped. Lines with errors are listed and skipped;
fix them and run the import again.

Options:
  --dry-run   check the file, write nothing
  -h, --help  this help

Database: DATABASE_URL (PostgreSQL) or the embedded database in DATA_DIR (stop the assistant first).`;

const MAX_ERRORS_SHOWN = 20;

export async function runRatingsImport(argv: string[], deps: { db?: Db; config?: Config; io?: CliIO } = {}): Promise<number> {
  const io = deps.io ?? { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), tty: Boolean(process.stderr.isTTY) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    io.stderr(`${(e as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  const file = parsed.positionals[0];
  if (!file) {
    io.stderr(`Give the file to import.\n\n${HELP}\n`);
    return 2;
  }
  let data;
  try {
    data = await parseRatingsFile(file);
  } catch (e) {
    io.stderr(`${file}: ${(e as Error).message}\n`);
    return 1;
  }
  for (const err of data.errors.slice(0, MAX_ERRORS_SHOWN)) io.stderr(`  line ${err.line}: ${err.message}\n`);
  if (data.errors.length > MAX_ERRORS_SHOWN) io.stderr(`  … and ${data.errors.length - MAX_ERRORS_SHOWN} more line(s) with errors\n`);
  if (parsed.values['dry-run']) {
    io.stdout(`checked ${file}: ${data.ratings.length} valid form(s), ${data.errors.length} line(s) with errors, ${data.repeated} repeated dossier(s)\n`);
    return data.errors.length ? 1 : 0;
  }

  const config = deps.config ?? loadConfig();
  let database;
  let db = deps.db;
  try {
    if (!db) {
      database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      await database.migrate();
      db = database.db;
    }
    const bar = io.tty ? new cliProgress.SingleBar({ format: 'ratings [{bar}] {value}/{total}', stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
    bar?.start(data.ratings.length, 0);
    const result = await importRatings(db, data.ratings, (done) => bar?.update(done));
    bar?.stop();
    const known = await countKnownDossiers(db, data.ratings.map((r) => r.dossierCode));
    io.stdout(
      `imported ${result.inserted} rating(s) from ${file}; ${result.duplicates} already rated (kept the first), ` +
        `${data.repeated} repeated in the file, ${data.errors.length} line(s) with errors skipped; ` +
        `${data.ratings.length - known} form(s) name a dossier not in the database\n`,
    );
    return data.errors.length ? 1 : 0;
  } catch (e) {
    if (e instanceof DatabaseBusyError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await database?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runRatingsImport(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`ratings import failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
