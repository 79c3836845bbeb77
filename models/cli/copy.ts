// `npm run db:copy -- --to postgres://… [--force]`: copies everything from the embedded database
// (DATA_DIR) to an empty PostgreSQL database, then compares row counts table by table. Afterwards,
// start the assistant with DATABASE_URL set to that address: it continues where PGlite stopped.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { configOrExit } from '../boot';
import { DatabaseBusyError, openDatabase, type Database } from '../db';
import { copyDatabase } from '../backup/copy';
import { BackupFileError } from '../backup/format';
import { TargetNotEmptyError } from '../backup/restore';
import { progressBar } from './progress';

const HELP = `Usage: npm run db:copy -- --to postgres://user:password@host:5432/dbname [--force]
Copies every table of the embedded database under DATA_DIR to an empty PostgreSQL database: the schema
by the same migrations, the rows in one transaction, the id sequences set past the copied rows. Stop the
assistant first (the copy must hold the last message). --force replaces data already in the target.
Then set DATABASE_URL to the same address (env file) and start the assistant.`;

let args;
try {
  args = parseArgs({ options: { to: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } } }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
if (!args.to || !/^postgres(ql)?:\/\/\S+$/.test(args.to)) {
  console.error(`--to must be a PostgreSQL address like postgres://user:password@127.0.0.1:5432/motcua\n\n${HELP}`);
  process.exit(2);
}
const config = configOrExit();
const started = performance.now();
let source: Database | undefined;
let target: Database | undefined;
try {
  source = await openDatabase({ dataDir: config.DATA_DIR });
} catch (e) {
  console.error(e instanceof DatabaseBusyError ? `${e.message}` : `Cannot open the embedded database in ${path.resolve(config.DATA_DIR)}: ${(e as Error).message}`);
  process.exit(1);
}
try {
  target = await openDatabase({ databaseUrl: args.to, poolSize: 2 });
} catch (e) {
  await source.close();
  console.error(`Cannot reach ${args.to.replace(/:[^:@/]*@/, ':***@')}: ${(e as Error).message}. Create the database first (createdb motcua) and check the address.`);
  process.exit(1);
}
const reading = progressBar('Reading ');
const writing = progressBar('Writing ');
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
  console.log('table                             PGlite  PostgreSQL');
  for (const t of r.tables) console.log(`${t.name.padEnd(32)} ${String(t.source).padStart(7)} ${String(t.target).padStart(11)}${t.source === t.target ? '' : '  DIFFERENT'}`);
  if (!r.same) {
    console.error('Row counts differ: do not switch to PostgreSQL; report this.');
    process.exitCode = 1;
  } else {
    console.log(`Copied ${r.tables.reduce((s, t) => s + t.source, 0)} rows in ${Math.round(performance.now() - started)} ms. ` +
      'Now set DATABASE_URL to this address in the environment file and start the assistant.');
  }
} catch (e) {
  reading.stop();
  writing.stop();
  if (e instanceof TargetNotEmptyError || e instanceof BackupFileError) console.error(`Nothing copied: ${e.message}`);
  else console.error(`Copy failed, nothing copied: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await source.close();
  await target.close();
}
