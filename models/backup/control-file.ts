// How a command-line tool reaches the running server that holds the embedded store: on listening,
// the server writes DATA_DIR/pglite/server.json (pid, port, a random token; readable by its user
// only) and removes it on stop. db:backup posts to 127.0.0.1:port/internal/backup with the token.
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const CONTROL_FILE = 'server.json';
export const BACKUP_ENDPOINT = '/internal/backup';

export interface ControlInfo {
  pid: number;
  port: number;
  token: string;
}

export function newControlToken(): string {
  return randomBytes(32).toString('hex');
}

export async function writeControlFile(storeDir: string, info: ControlInfo): Promise<void> {
  await writeFile(path.join(storeDir, CONTROL_FILE), JSON.stringify(info), { mode: 0o600 });
}

export async function removeControlFile(storeDir: string, pid = process.pid): Promise<void> {
  const info = await readControlFile(storeDir);
  if (info?.pid === pid) await rm(path.join(storeDir, CONTROL_FILE), { force: true });
}

/** The running server's control info, or null when none is running (a stale file is ignored). */
export async function readControlFile(storeDir: string): Promise<ControlInfo | null> {
  try {
    const info = JSON.parse(await readFile(path.join(storeDir, CONTROL_FILE), 'utf8')) as ControlInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null;
  }
}
