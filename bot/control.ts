// POST /internal/backup: the running server writes a backup of the embedded store for db:backup
// (PGlite is one process: the tool cannot open the store while the server holds it). Served only
// to a direct local request carrying the token of DATA_DIR/pglite/server.json.
import { timingSafeEqual } from 'node:crypto';
import { createGzip } from 'node:zlib';
import express, { type Router } from 'express';
import { logger } from '../core/logger';
import type { Database } from '../models/db';
import { BACKUP_ENDPOINT, newControlToken, removeControlFile, writeControlFile } from '../models/backup/control-file';
import { dumpDatabase } from '../models/backup/dump';
import { lineSink } from '../models/backup/format';
import { isDirectLocal } from './metrics';

export interface BackupControl {
  router: Router;
  /** Writes the control file once the port is known (PGlite on disk only). */
  publish(port: number): Promise<void>;
  unpublish(): Promise<void>;
}

export function createBackupControl(database: Database): BackupControl {
  const token = newControlToken();
  const expected = Buffer.from(`Bearer ${token}`);
  const r = express.Router();
  r.post(BACKUP_ENDPOINT, async (req, res) => {
    const given = Buffer.from(req.get('authorization') ?? '');
    const local = isDirectLocal(req);
    if (!local || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(403).json({ error: { code: 'forbidden', message: 'local requests with the server token only' } });
      return;
    }
    res.status(200).type('application/gzip');
    const gzip = createGzip();
    gzip.pipe(res);
    try {
      const header = await dumpDatabase(database, lineSink(gzip));
      gzip.end();
      logger.info({ tables: header?.tables.length }, 'backup streamed to a local client');
    } catch (err) {
      // The client sees a file without its end line and says so.
      logger.error({ err }, 'backup for a local client failed');
      gzip.destroy();
      res.destroy();
    }
  });
  const dir = database.kind === 'pglite' ? database.dataDir : undefined;
  return {
    router: r,
    async publish(port) {
      if (dir) await writeControlFile(dir, { pid: process.pid, port, token });
    },
    async unpublish() {
      if (dir) await removeControlFile(dir);
    },
  };
}
