// `npm run db:backup -- [--out FILE]`: a consistent backup of the database, on either engine, while
// the assistant runs. On PostgreSQL it reads one snapshot directly; on the embedded store it asks the
// running server (which holds the store) or, when none runs, opens the store itself.
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { backupDir } from '../../core/config';
import { configOrExit } from '../boot';
import { DatabaseBusyError, openDatabase } from '../db';
import { BACKUP_ENDPOINT, readControlFile } from '../backup/control-file';
import { backupFileName, NIGHTLY_PREFIX, writeBackupFile } from '../backup/files';
import { BackupFileError, verifyBackupFile, type BackupHeader } from '../backup/format';
import { progressBar } from './progress';

const HELP = `Usage: npm run db:backup -- [--out FILE]
Writes a backup of the database (gzipped JSON lines, restorable on PGlite or PostgreSQL with
npm run db:restore) to FILE, by default BACKUP_DIR/motcua-<time>.jsonl.gz.
Works while the assistant runs: on PostgreSQL (DATABASE_URL) it reads one consistent snapshot; on the
embedded database (DATA_DIR) it asks the running server for it, or opens the store when none runs.`;

let args;
try {
  args = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } } }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
const config = configOrExit();
const out = path.resolve(args.out ?? path.join(backupDir(config), backupFileName(NIGHTLY_PREFIX)));
const started = performance.now();

async function viaServer(port: number, token: string): Promise<BackupHeader> {
  const part = `${out}.part`;
  await mkdir(path.dirname(out), { recursive: true, mode: 0o750 });
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}${BACKUP_ENDPOINT}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  } catch (e) {
    throw new Error(`the running assistant (port ${port}) did not answer: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok || !res.body) throw new Error(`the running assistant refused the backup (HTTP ${res.status})`);
  try {
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(part, { mode: 0o600 }));
    const header = await verifyBackupFile(part);
    await rename(part, out);
    return header;
  } catch (e) {
    await rm(part, { force: true });
    throw e;
  }
}

async function direct(): Promise<BackupHeader> {
  if (!config.DATABASE_URL && !existsSync(path.resolve(config.DATA_DIR, 'pglite', 'PG_VERSION'))) {
    throw new Error(`there is no embedded database in DATA_DIR (${path.resolve(config.DATA_DIR)}): check DATA_DIR, or set DATABASE_URL`);
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  const bar = progressBar('Backing up');
  try {
    return (await writeBackupFile(database, out, { progress: (e) => bar.update(e) }))!;
  } finally {
    bar.stop();
    await database.close();
  }
}

try {
  const server = config.DATABASE_URL ? null : await readControlFile(path.resolve(config.DATA_DIR, 'pglite'));
  const header = server ? await viaServer(server.port, server.token) : await direct();
  const rows = header.tables.reduce((s, t) => s + t.rows, 0);
  const size = (await stat(out)).size;
  const last = header.migrations.at(-1);
  console.log(
    `Backup written: ${out}\n  ${header.tables.length} tables, ${rows} rows, ${(size / 1024).toFixed(0)} kB, ` +
      `${header.engine}${server ? ' (from the running server)' : ''}, migration ${last?.tag ?? 'none'}, ` +
      `${Math.round(performance.now() - started)} ms`,
  );
} catch (e) {
  if (e instanceof DatabaseBusyError) {
    console.error(
      `${e.message}\nThe process holding it did not publish a backup endpoint (an older server, or another tool): ` +
        'wait for it to finish, or stop the assistant (systemctl stop motcua), back up, and start it again.',
    );
  } else if (e instanceof BackupFileError) {
    console.error(`Backup failed: ${e.message}`);
  } else {
    console.error(`Backup failed: ${(e as Error).message}`);
  }
  process.exit(1);
}
