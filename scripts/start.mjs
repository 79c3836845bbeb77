// `npm start`: runs the built server (dist/main.js), building it first when it is missing or older
// than a source it was made from (a `git pull` without `npm ci`, an edit). The check is a few hundred
// stat calls; the build about a second. Where the build cannot be written (a read-only install), the
// TypeScript runs through tsx as before, with a warning: slower to start, same program.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { build, isStale, OUT_FILE, ROOT } from './build.mjs';

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
await import(pathToFileURL(entry).href);
