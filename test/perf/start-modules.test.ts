// What `npm start` loads before /readyz answers (issue 17): the document writers (docx, exceljs), the
// Telegram library and the password hasher cost start time and resident memory the assistant needs
// only when a report, an export, a Telegram bot or a sign-in asks for them, so they are loaded then.
// The server runs as `npm start` runs it (scripts/start.mjs, the bundle in dist/) with a recorder
// preloaded (fixtures/record-modules.mjs); on PGlite in a new DATA_DIR, or on PostgreSQL when
// DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../helpers/ports';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RECORDER = path.join(import.meta.dirname, 'fixtures', 'record-modules.mjs');
// Loaded on first use only (import() in reports/service.ts, reports/xlsx.ts, bot/channels/telegram.ts,
// admin/passwords.ts).
const LAZY = ['docx', 'exceljs', 'telegraf', 'argon2'];
// Bundled into dist/ (scripts/build.mjs): read from the bundle, not file by file from node_modules.
const BUNDLED = ['express', 'i18next', 'zod', 'drizzle-orm'];
// A first start on PGlite (initdb) takes tens of seconds on a loaded machine.
const START_TIMEOUT_MS = 240_000;

const work = mkdtempSync(path.join(tmpdir(), 'start-modules-'));
// The bundle as `npm start` would find it (built when a source changed since the last build).
beforeAll(() => {
  const build = pathToFileURL(path.join(ROOT, 'scripts', 'build.mjs')).href;
  execFileSync(process.execPath, ['--input-type=module', '-e', `const b = await import(${JSON.stringify(build)}); if (b.isStale()) await b.build();`], { cwd: ROOT });
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The packages (node_modules/<name>) among the recorded files and URLs. */
function packagesIn(recordFile: string): Set<string> {
  const names = new Set<string>();
  for (const line of readFileSync(recordFile, 'utf8').split('\n')) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(decodeURIComponent(line));
    if (m) names.add(m[1]!);
  }
  return names;
}

describe('the start path', () => {
  it('loads neither docx, exceljs, telegraf nor argon2 before the server is ready, and express, i18next, zod and drizzle from the bundle', { timeout: START_TIMEOUT_MS + 30_000 }, async () => {
    const record = path.join(work, 'server.txt');
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? '/tmp',
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(work, 'data'),
      RECORD_MODULES_FILE: record,
    };
    if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', pathToFileURL(RECORDER).href, 'scripts/start.mjs'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      const end = Date.now() + START_TIMEOUT_MS;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the server exited: ${output}`);
        if (Date.now() > end) throw new Error(`the server was not ready in time: ${output}`);
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    const loaded = packagesIn(record);
    // The recorder saw the start: an ES module package and a CommonJS one the bundle leaves in node_modules.
    expect(loaded).toContain('node-cron');
    expect(loaded).toContain('pino');
    for (const name of LAZY) expect(loaded, name).not.toContain(name);
    for (const name of BUNDLED) expect(loaded, `${name} from node_modules`).not.toContain(name);
  });

  it('keeps the report writers in chunks of the bundle that load docx when imported', () => {
    const main = readFileSync(path.join(ROOT, 'dist', 'main.js'), 'utf8');
    const docxChunk = /import\("\.\/(docx-[A-Z0-9]+\.js)"\)/.exec(main)?.[1];
    expect(docxChunk, 'a dynamic import of the docx chunk in dist/main.js').toBeDefined();
    expect(readdirSync(path.join(ROOT, 'dist'))).toContain(docxChunk);
    // The chunk loads in plain Node and brings docx with it: the recorder does see a package loaded.
    const record = path.join(work, 'chunk.txt');
    const url = pathToFileURL(path.join(ROOT, 'dist', docxChunk!)).href;
    const out = execFileSync(
      process.execPath,
      ['--import', pathToFileURL(RECORDER).href, '--input-type=module', '-e', `const m = await import(${JSON.stringify(url)}); console.log(typeof m.renderDocx);`],
      { cwd: ROOT, env: { PATH: process.env.PATH!, RECORD_MODULES_FILE: record }, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('function');
    expect(packagesIn(record)).toContain('docx');
  });
});
