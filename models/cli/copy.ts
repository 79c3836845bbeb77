// `npm run db:copy -- --to postgres://… [--force]`: copies everything from the embedded database
// (DATA_DIR) to an empty PostgreSQL database, then compares row counts table by table. Afterwards,
// start the assistant with DATABASE_URL set to that address: it continues where PGlite stopped.
// Messages: cli:db.copy.*.
import path from 'node:path';
import { cliArgsOrExit } from '../../core/cli';
import { configOrExit } from '../boot';
import { DatabaseBusyError, openDatabase, type Database } from '../db';
import { copyDatabase } from '../backup/copy';
import { BackupFileError } from '../backup/format';
import { TargetNotEmptyError } from '../backup/restore';
import { progressBar } from './progress';

const { values: args, t } = await cliArgsOrExit({ command: 'db:copy', options: { to: { type: 'string' }, force: { type: 'boolean', default: false } } });
if (!args.to || !/^postgres(ql)?:\/\/\S+$/.test(args.to)) {
  console.error(t('cli:db.copy.bad_target'));
  process.exit(2);
}
const config = configOrExit();
const started = performance.now();
let source: Database | undefined;
let target: Database | undefined;
try {
  source = await openDatabase({ dataDir: config.DATA_DIR });
} catch (e) {
  console.error(e instanceof DatabaseBusyError ? t('cli:db.busy') : t('cli:db.copy.cannot_open_source', { dir: path.resolve(config.DATA_DIR), reason: (e as Error).message }));
  process.exit(1);
}
try {
  target = await openDatabase({ databaseUrl: args.to, poolSize: 2 });
} catch (e) {
  await source.close();
  console.error(t('cli:db.copy.unreachable', { target: args.to.replace(/:[^:@/]*@/, ':***@'), reason: (e as Error).message }));
  process.exit(1);
}
const reading = progressBar(t('cli:db.copy.reading'), t('cli:db.rows'));
const writing = progressBar(t('cli:db.copy.writing'), t('cli:db.rows'));
try {
  const r = await copyDatabase(source, target, {
    force: args.force,
    reading: (e) => reading.update(e),
    writing: (e) => {
      reading.stop();
      writing.update(e);
    },
  });
  writing.stop();
  console.log(`${t('cli:db.copy.table').padEnd(32)} ${'PGlite'.padStart(7)} ${'PostgreSQL'.padStart(11)}`);
  const different = t('cli:db.copy.different');
  for (const row of r.tables) console.log(`${row.name.padEnd(32)} ${String(row.source).padStart(7)} ${String(row.target).padStart(11)}${row.source === row.target ? '' : different}`);
  if (!r.same) {
    console.error(t('cli:db.copy.counts_differ'));
    process.exitCode = 1;
  } else {
    console.log(t('cli:db.copy.done', { rows: r.tables.reduce((sum, row) => sum + row.source, 0), ms: Math.round(performance.now() - started) }));
  }
} catch (e) {
  reading.stop();
  writing.stop();
  if (e instanceof TargetNotEmptyError) console.error(t('cli:db.copy.not_empty', { tables: e.tables.map((x) => `${x.name}: ${x.rows}`).join(', ') }));
  else if (e instanceof BackupFileError) console.error(t('cli:db.copy.bad_file', { reason: e.message }));
  else console.error(t('cli:db.copy.failed', { error: (e as Error).message }));
  process.exitCode = 1;
} finally {
  await source.close();
  await target.close();
}
