// `npm start`: runs the built server (dist/main.js), building it first when it is missing or older
// than a source it was made from (a `git pull` without `npm ci`, an edit). The check is a few hundred
// stat calls; the build about a second.
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { build, isStale, OUT_FILE } from './build.mjs';

if (isStale()) {
  process.stderr.write('Building dist/main.js (sources changed since the last build)…\n');
  await build();
}
// Stack traces in logs point at the TypeScript sources (dist/main.js.map).
process.setSourceMapsEnabled(true);
await import(pathToFileURL(OUT_FILE).href);
