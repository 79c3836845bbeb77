// `npm start`: runs the built server (dist/main.js), building it first when it is missing or older
// than a source it was made from (a `git pull` without `npm ci`, an edit). The check is a few hundred
// stat calls; the build about a second. Where the build cannot be written (a read-only install), the
// TypeScript runs through tsx as before, with a warning: slower to start, same program.
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
await import(pathToFileURL(entry).href);
