// `npm run db:restore -- FILE [--force]`: restores a db:backup file into the configured database
// (an empty DATA_DIR, or the empty PostgreSQL database of DATABASE_URL). Refuses a database that holds
// data unless --force, which replaces it. The assistant must be stopped (PGlite) or not yet started.
// Messages: cli:db.restore.*.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cliArgsOrExit } from '../../core/cli';
import { configOrExit } from '../boot';
import { DatabaseBusyError, openDatabase } from '../db';
import { BackupFileError, fileLines } from '../backup/format';
import { restoreDatabase, TargetNotEmptyError } from '../backup/restore';
import { progressBar } from './progress';

const { values, positionals, t } = await cliArgsOrExit({ command: 'db:restore', options: { force: { type: 'boolean', default: false } }, positionals: true });
const file = positionals[0];
if (!file || positionals.length > 1) {
  console.error(t('cli:db.restore.one_file'));
  process.exit(2);
}
if (!existsSync(file)) {
  console.error(t('cli:db.restore.no_such_file', { file: path.resolve(file) }));
  process.exit(2);
}
const config = configOrExit();
const where = config.DATABASE_URL ? t('cli:db.restore.where_postgres') : t('cli:db.restore.where_embedded', { dir: path.resolve(config.DATA_DIR, 'pglite') });
const started = performance.now();
let database;
try {
  database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
} catch (e) {
  console.error(e instanceof DatabaseBusyError ? t('cli:db.busy') : t('cli:db.restore.cannot_open', { where, reason: (e as Error).message }));
  process.exit(1);
}
const bar = progressBar(t('cli:db.restore.progress'), t('cli:db.rows'));
try {
  const r = await restoreDatabase(database, fileLines(file), { force: values.force, progress: (e) => bar.update(e) });
  bar.stop();
  const rows = r.tables.reduce((s, t) => s + t.rows, 0);
  console.log(t('cli:db.restore.restored', { file: path.resolve(file), createdAt: r.header.createdAt, engine: r.header.engine, where }));
  for (const t of r.tables.filter((x) => x.rows)) console.log(`  ${t.name.padEnd(32)} ${t.rows}`);
  const upgraded = r.upgradedBy ? t('cli:db.restore.upgraded', { count: r.upgradedBy }) : '';
  console.log(t('cli:db.restore.totals', { tables: r.tables.length, rows, upgraded, ms: Math.round(performance.now() - started) }));
} catch (e) {
  bar.stop();
  if (e instanceof TargetNotEmptyError) console.error(t('cli:db.restore.not_empty', { tables: e.tables.map((x) => `${x.name}: ${x.rows}`).join(', ') }));
  else if (e instanceof BackupFileError) console.error(t('cli:db.restore.bad_file', { reason: e.message }));
  else console.error(t('cli:db.restore.failed', { error: (e as Error).message }));
  process.exitCode = 1;
} finally {
  await database.close();
}
