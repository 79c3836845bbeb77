// `npm run db:backup -- [--out FILE]`: a consistent backup of the database, on either engine, while
// the assistant runs. On PostgreSQL it reads one snapshot directly; on the embedded store it asks the
// running server (which holds the store) or, when none runs, opens the store itself. Messages: cli:db.backup.*.
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cliArgsOrExit } from '../../core/cli';
import { backupDir } from '../../core/config';
import { configOrExit } from '../boot';
import { DatabaseBusyError, openDatabase } from '../db';
import { BACKUP_ENDPOINT, readControlFile } from '../backup/control-file';
import { backupFileName, NIGHTLY_PREFIX, writeBackupFile } from '../backup/files';
import { verifyBackupFile, type BackupHeader } from '../backup/format';
import { progressBar } from './progress';

const { values: args, t } = await cliArgsOrExit({ command: 'db:backup', options: { out: { type: 'string' } } });
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
    throw new Error(t('cli:db.backup.server_silent', { port, reason: (e as Error).message }), { cause: e });
  }
  if (!res.ok || !res.body) throw new Error(t('cli:db.backup.server_refused', { status: res.status }));
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
    throw new Error(t('cli:db.backup.no_store', { dir: path.resolve(config.DATA_DIR) }));
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  const bar = progressBar(t('cli:db.backup.progress'), t('cli:db.rows'));
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
    t('cli:db.backup.done', {
      file: out,
      tables: header.tables.length,
      rows,
      kb: (size / 1024).toFixed(0),
      engine: header.engine,
      via: server ? t('cli:db.backup.via_server') : '',
      migration: last?.tag ?? t('cli:db.backup.no_migration'),
      ms: Math.round(performance.now() - started),
    }),
  );
} catch (e) {
  // A backup file found broken (BackupFileError) and any other failure: nothing was written.
  console.error(e instanceof DatabaseBusyError ? t('cli:db.backup.busy') : t('cli:db.backup.failed', { error: (e as Error).message }));
  process.exit(1);
}
