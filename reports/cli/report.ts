// npm run report -- --period 2024-Q2 [--json] [--out bao-cao.docx] [--xlsx bieu-06a.xlsx]
// Computes the quarterly report figures (TT 01/2020/TT-VPCP) and writes the documents.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';
import { loadConfig, type Config } from '../../core/config';
import { initI18n } from '../../core/i18n';
import { openDatabase, DatabaseBusyError, type Db } from '../../models/db';
import { PeriodError } from '../period';
import { TemplateError } from '../template';
import { periodFor, reportDocx, reportFigures, reportXlsx } from '../service';
import { vn, vn1 } from '../format';

const HELP = `Usage: npm run report -- (--period P | --from YYYY-MM-DD --to YYYY-MM-DD) [options]

Computes the figures of the TTHC-control report (Thông tư 01/2020/TT-VPCP) from the dossiers,
petitions and satisfaction ratings in the database, and writes the documents.

Periods (data from the 15th of the month before to the 14th, REPORT_CUTOFF_DAY):
  --period 2024-Q2     quarter   (15/03/2024 – 14/06/2024)
  --period 2024-06     month     (15/05/2024 – 14/06/2024)
  --period 2024-H1     half-year (15/12/2023 – 14/06/2024)
  --period 2024        year      (15/12/2023 – 14/12/2024)
  --from D --to D      any window, both days included

Options:
  --json               print the figures as JSON on stdout
  --out FILE.docx      write the report (Word), narrative from REPORT_TEMPLATE
  --xlsx FILE.xlsx     write form 06a (13 columns)
  --date YYYY-MM-DD    date printed on the report (default: today)
  --lang vi|en         language of the warnings (default vi)
  -h, --help           this help

Database: DATABASE_URL (PostgreSQL) or the embedded database in DATA_DIR. The embedded database is
one process at a time: stop the assistant first, or use PostgreSQL.`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** True on a terminal: show a progress bar instead of a summary line. */
  tty: boolean;
}

const defaultIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  tty: Boolean(process.stderr.isTTY),
};

/** Runs the command; returns the exit code. `db` and `config` are injectable for tests. */
export async function runReport(argv: string[], deps: { db?: Db; config?: Config; io?: CliIO } = {}): Promise<number> {
  const io = deps.io ?? defaultIO;
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        period: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        xlsx: { type: 'string' },
        date: { type: 'string' },
        lang: { type: 'string', default: 'vi' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    io.stderr(`${(e as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  const config = deps.config ?? loadConfig();
  const lang = args.lang === 'en' ? 'en' : 'vi';
  let period;
  try {
    if (args.period && (args.from || args.to)) throw new PeriodError('give either --period or --from/--to, not both');
    if (args.period) period = periodFor(args.period, config);
    else if (args.from && args.to) period = periodFor({ from: args.from, to: args.to }, config);
    else throw new PeriodError('a period is required: --period 2024-Q2, or --from and --to');
    if (args.date && !/^\d{4}-\d{2}-\d{2}$/.test(args.date)) throw new PeriodError('--date must be YYYY-MM-DD');
  } catch (e) {
    if (e instanceof PeriodError) {
      io.stderr(`${e.message}\nRun with --help for the accepted forms.\n`);
      return 2;
    }
    throw e;
  }
  if (!args.json && !args.out && !args.xlsx) args.json = true;

  await initI18n();
  const steps = 1 + (args.out ? 1 : 0) + (args.xlsx ? 1 : 0);
  const bar = io.tty ? new cliProgress.SingleBar({ format: 'report [{bar}] {value}/{total} {step}', stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(steps, 0, { step: 'figures' });
  const started = Date.now();

  let database;
  let db = deps.db;
  try {
    if (!db) {
      database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      await database.migrate();
      db = database.db;
    }
    const figures = await reportFigures(db, period, lang);
    bar?.increment(1, { step: args.out ? 'docx' : 'xlsx' });
    if (args.out) {
      await writeFile(args.out, await reportDocx(figures, config, args.date));
      bar?.increment(1, { step: 'xlsx' });
    }
    if (args.xlsx) {
      await writeFile(args.xlsx, await reportXlsx(figures, config));
      bar?.increment(1, { step: 'done' });
    }
    bar?.stop();
    if (args.json) io.stdout(`${JSON.stringify(figures, null, 2)}\n`);
    const d = figures.dossiers;
    const s = figures.satisfaction;
    io.stderr(
      `report ${figures.period.from}..${figures.period.to}: received ${vn(d.received.total)}, resolved ${vn(d.resolved.total)}, ` +
        `in process ${vn(d.in_process.total)}, ratings ${vn(s.forms)} (score ${vn1(s.score)}), ` +
        `${figures.warnings.length} warning(s)` +
        `${args.out ? `, wrote ${args.out}` : ''}${args.xlsx ? `, wrote ${args.xlsx}` : ''} in ${Date.now() - started} ms\n`,
    );
    for (const w of figures.warnings) io.stderr(`  ! ${w.message}\n`);
    return 0;
  } catch (e) {
    bar?.stop();
    if (e instanceof DatabaseBusyError || e instanceof TemplateError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await database?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runReport(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`report failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
