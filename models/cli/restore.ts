// `npm run db:restore -- FILE [--force]`: restores a db:backup file into the configured database
// (an empty DATA_DIR, or the empty PostgreSQL database of DATABASE_URL). Refuses a database that holds
// data unless --force, which replaces it. The assistant must be stopped (PGlite) or not yet started.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { configOrExit } from '../boot';
import { DatabaseBusyError, openDatabase } from '../db';
import { BackupFileError, fileLines } from '../backup/format';
import { restoreDatabase, TargetNotEmptyError } from '../backup/restore';
import { progressBar } from './progress';

const HELP = `Usage: npm run db:restore -- FILE [--force]
Restores a backup written by npm run db:backup into the database of DATABASE_URL, or into the
embedded database under DATA_DIR. The target must be empty (a new DATA_DIR, or a new PostgreSQL
database: createdb motcua); --force replaces the data already there. Stop the assistant first.
A backup from an older version is upgraded by this version's migrations after the data is in.`;

let parsed;
try {
  parsed = parseArgs({ options: { force: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals: true });
} catch (e) {
  console.error(`${(e as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (parsed.values.help) {
  console.log(HELP);
  process.exit(0);
}
const file = parsed.positionals[0];
if (!file || parsed.positionals.length > 1) {
  console.error(`Give one backup file.\n\n${HELP}`);
  process.exit(2);
}
if (!existsSync(file)) {
  console.error(`No such file: ${path.resolve(file)}`);
  process.exit(2);
}
const config = configOrExit();
const where = config.DATABASE_URL ? 'the PostgreSQL database of DATABASE_URL' : `the embedded database in ${path.resolve(config.DATA_DIR, 'pglite')}`;
const started = performance.now();
let database;
try {
  database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
} catch (e) {
  console.error(e instanceof DatabaseBusyError ? `${e.message}` : `Cannot open ${where}: ${(e as Error).message}`);
  process.exit(1);
}
const bar = progressBar('Restoring');
try {
  const r = await restoreDatabase(database, fileLines(file), { force: parsed.values.force, progress: (e) => bar.update(e) });
  bar.stop();
  const rows = r.tables.reduce((s, t) => s + t.rows, 0);
  console.log(`Restored ${path.resolve(file)} (taken ${r.header.createdAt} on ${r.header.engine}) into ${where}:`);
  for (const t of r.tables.filter((x) => x.rows)) console.log(`  ${t.name.padEnd(32)} ${t.rows}`);
  console.log(
    `  ${r.tables.length} tables, ${rows} rows` +
      (r.upgradedBy ? `; then ${r.upgradedBy} newer migration(s) applied` : '') +
      ` (${Math.round(performance.now() - started)} ms). Start the assistant: npm start`,
  );
} catch (e) {
  bar.stop();
  if (e instanceof TargetNotEmptyError || e instanceof BackupFileError) console.error(`Nothing restored: ${e.message}`);
  else console.error(`Restore failed, nothing restored: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
