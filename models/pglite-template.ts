// A new PGlite store starts as a copy of an empty one made once per installation, not by initdb: initdb
// in PGlite's WebAssembly takes about 10 s of CPU (and 750 MB of memory), a copy a fraction of a second
// (issue 17, first start). The template is an initdb'ed store and nothing else (no schema: migrations
// still run on the copy), kept under node_modules/.cache for the installed PGlite version, made by
// `npm run build` (scripts/build.mjs, so by `npm ci`) or else by the first store that needs it. In-memory
// stores (the tests) load the same template as a tar file.
//
// Copying a store is PostgreSQL's own file-system level backup of a cleanly stopped cluster: every copy
// has the template's system identifier, which matters only to replication (PGlite has none).
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PGLITE_ENTRY = require.resolve('@electric-sql/pglite');
const PGLITE_VERSION = pgliteVersion();

export const TEMPLATE_DIR = path.join(ROOT, 'node_modules', '.cache', 'motcua', `pglite-${PGLITE_VERSION}`);
/** The installed PGlite's version (its package.json is not among its exports: found from its entry). */
function pgliteVersion(): string {
  for (let dir = path.dirname(PGLITE_ENTRY); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
  }
  throw new Error(`no package.json above ${PGLITE_ENTRY}`);
}

const STORE = 'store';
const TAR = 'store.tar';
// Written last: a template without it is incomplete (a make interrupted) and is made again.
const DONE = 'done';

export interface PgliteTemplate {
  /** The template store (a folder to copy). */
  dir: string;
  /** The same store as PGlite's tar dump (loadDataDir, for in-memory stores). */
  tar: string;
}

// Run by a separate node process (initdb's memory goes back to the system when it exits): makes the
// store, dumps it as a tar, stops it cleanly.
const MAKE_SCRIPT = `
const [module, dir, tar, conf] = process.argv.slice(1);
const { writeFile } = await import('node:fs/promises');
const { PGlite } = await import(module);
const db = await PGlite.create({ dataDir: dir, postgresqlconf: conf });
const dump = await db.dumpDataDir('none');
await writeFile(tar, Buffer.from(await dump.arrayBuffer()));
await db.close();
`;

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, (err, _out, stderr) => (err ? reject(new Error(stderr.trim() || err.message)) : resolve()));
  });
}

function ready(): PgliteTemplate | undefined {
  return existsSync(path.join(TEMPLATE_DIR, DONE)) ? { dir: path.join(TEMPLATE_DIR, STORE), tar: path.join(TEMPLATE_DIR, TAR) } : undefined;
}

let making: Promise<PgliteTemplate | undefined> | undefined;
// Set when making failed in this process: not tried again at every store opened (tests open many).
let failed = false;

/**
 * The template, made now when there is none yet; undefined when it cannot be made here (a read-only
 * install): the caller then runs initdb itself. Several processes may make it at once: each builds in a
 * folder of its own and the first to finish puts its own in place.
 */
export function pgliteTemplate(conf: string): Promise<PgliteTemplate | undefined> {
  const existing = ready();
  if (existing || failed) return Promise.resolve(existing);
  making ??= (async () => {
    let work: string | undefined;
    try {
      mkdirSync(path.dirname(TEMPLATE_DIR), { recursive: true });
      work = mkdtempSync(`${TEMPLATE_DIR}.making-`);
      const module = pathToFileURL(PGLITE_ENTRY).href;
      await run(['--input-type=module', '-e', MAKE_SCRIPT, module, path.join(work, STORE), path.join(work, TAR), conf]);
      writeFileSync(path.join(work, DONE), '');
      // mkdtemp makes it private; the server may run as another user than the one who installed.
      chmodSync(work, 0o755);
      // Unless another process put its template in place first: then theirs serves.
      if (!ready()) {
        rmSync(TEMPLATE_DIR, { recursive: true, force: true });
        try {
          renameSync(work, TEMPLATE_DIR);
          work = undefined;
        } catch {
          // Another process's rename won the race.
        }
      }
      return ready();
    } catch {
      failed = true;
      return undefined;
    } finally {
      if (work) rmSync(work, { recursive: true, force: true });
      making = undefined;
    }
  })();
  return making;
}

/** Fills an empty store folder from the template; PG_VERSION last, so a copy cut short is made again. */
export function copyTemplate(template: PgliteTemplate, dir: string): void {
  cpSync(template.dir, dir, { recursive: true, filter: (src) => path.basename(src) !== 'PG_VERSION' || path.dirname(src) !== template.dir });
  cpSync(path.join(template.dir, 'PG_VERSION'), path.join(dir, 'PG_VERSION'));
}
