// `npm start`: runs the built server (dist/main.js), building it first when it is missing or older
// than a source it was made from (a `git pull` without `npm ci`, an edit). The check is a few hundred
// stat calls; the build about a second. Where the build cannot be written (a read-only install), the
// TypeScript runs through tsx as before, with a warning: slower to start, same program.
import { Blob } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { build, isStale, OUT_FILE, ROOT } from './build.mjs';

// The .env file's lines, read once (core/config.ts reads it again for the program: this script runs
// before the program's modules and cannot import them).
const envLines = existsSync('.env') ? readFileSync('.env', 'utf8').split('\n') : [];

// A variable as the program will see it: the environment's, else the .env file's (core/config.ts).
function setting(name) {
  if (process.env[name] !== undefined) return process.env[name];
  const line = envLines.find((l) => l.trimStart().startsWith(`${name}=`));
  return line?.slice(line.indexOf('=') + 1).trim().replace(/^(['"])(.*)\1$/, '$2') || undefined;
}

// PGlite's WebAssembly runs on V8's baseline compiler (Liftoff) only. With tier-up on, V8 recompiles
// with its optimising compiler every function the start runs often (PostgreSQL's own start, its
// catalog caches, the start's queries): about 0.8 s of CPU on background threads at every start, which
// a loaded machine takes from the main thread, and 80 MB of resident memory (code and compiler memory)
// kept afterwards. Measured (issue 17, restarts on PGlite, load average 13-15, own scheduling group):
// restart 1.66 -> 1.05 s wall, 1.79 -> 1.01 s CPU; RSS idle 291 -> 207 MB, under load about 400 ->
// 355 MB; the price is about 12 % more main-thread CPU per web chat turn (1.32 -> 1.47 ms median).
// PGLITE_WASM_TIER_UP=1 keeps V8's default: slower starts and more memory, less CPU a turn.
if (setting('PGLITE_WASM_TIER_UP') !== '1') v8.setFlagsFromString('--liftoff-only');

// The old generation grows to 1.5 times what the last full collection left, not V8's default of up to 4
// times on a machine with a few GB: under load a turn's objects that live across two young-generation
// collections (about 25 KB a turn, 15 MB/s at 700 turns/s) piled up as garbage until the heap reached
// about 4 x 47 MB, and that was most of the resident memory's rise under load. Measured (issue 17,
// bench:webchat's load on PGlite, --trace-gc): full collections every 1.4 s instead of every 5-10 s,
// about 15 ms of CPU each (1-2 % of a core), p99 unchanged; peak RSS 326-383 -> 261 MB. A flag given in
// NODE_OPTIONS or on the command line wins.
const V8_HEAP_GROWING = '--heap-growing-percent=50';
if (![...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--heap-growing-percent'))) {
  v8.setFlagsFromString(V8_HEAP_GROWING);
}

// PGlite's WebAssembly (9 MB) and its file bundle, read and compiled (on V8's background threads) while
// the program's modules load, instead of after: models/db.ts takes them from here. Skipped when
// DATABASE_URL names a PostgreSQL server.
if (!setting('DATABASE_URL')) {
  const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  globalThis[Symbol.for('motcua.pglitePreload')] = Promise.all([
    readFile(path.join(dist, 'pglite.wasm')).then((bytes) => globalThis.WebAssembly.compile(bytes)),
    readFile(path.join(dist, 'pglite.data')),
  ]).then(([pgliteWasmModule, data]) => ({ pgliteWasmModule, fsBundle: new Blob([data]) }));
  // A failure here is PGlite's to report when it loads the files itself.
  globalThis[Symbol.for('motcua.pglitePreload')].catch(() => undefined);
}

let entry = OUT_FILE;
try {
  if (isStale()) {
    process.stderr.write('Building dist/main.js (sources changed since the last build)…\n');
    await build();
  }
  // Stack traces in logs point at the TypeScript sources (dist/main.js.map).
  process.setSourceMapsEnabled(true);
} catch (e) {
  process.stderr.write(`Cannot build dist/main.js (${e.message.split('\n')[0]}): running the TypeScript through tsx; run \`npm run build\` as the owner of the files.\n`);
  const { register } = await import('tsx/esm/api');
  register();
  entry = path.join(ROOT, 'bot/main.ts');
}
if (entry === OUT_FILE) {
  // The code that runs, for the memo of the understanding (knowledge/phrase-memo.ts): a hash of the
  // bundle's files read now, just before they are loaded (about 3 ms). On globalThis, not in the
  // environment: a child process running other code must not inherit it.
  const h = createHash('sha256');
  for (const f of readdirSync(path.dirname(OUT_FILE)).filter((n) => n.endsWith('.js')).sort()) {
    h.update(`\0${f}\0`).update(readFileSync(path.join(path.dirname(OUT_FILE), f)));
  }
  globalThis[Symbol.for('motcua.codeId')] = h.digest('hex');
}
// When its event loop has nothing left to wait for, Node waits for V8's background tasks to finish
// (NodePlatform::DrainTasks), among them the optimising compiles of PGlite's WebAssembly, which run
// for a second or more after it starts; the start's steps awaited in between (a file written, a module
// imported) then sat behind them: 0.13–0.25 s of a restart, the main thread in a futex wait until a V8
// worker thread ended (strace, issue 17). A timer kept until the server listens keeps the loop busy;
// the compiles go on beside it.
const keepLoopBusy = setInterval(() => undefined, 60_000);
try {
  await import(pathToFileURL(entry).href);
} finally {
  clearInterval(keepLoopBusy);
}
