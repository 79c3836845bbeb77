// The build: bot/main.ts and everything it imports of ours, bundled into dist/main.js, so `npm start`
// runs plain JavaScript instead of compiling TypeScript at every start (tsx). Run by `npm ci`
// (prepare) and by `npm start` when a source file changed since the last build (scripts/start.mjs).
//
// esbuild, not tsc: our imports carry no extension ('./app'), which Node's ESM loader refuses, and one
// bundle is also quicker to load than two hundred files. Packages stay external (node_modules), so
// the heavy ones imported with import() are still loaded only when first used.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(ROOT, 'dist');
export const OUT_FILE = path.join(OUT_DIR, 'main.js');
const META_FILE = path.join(OUT_DIR, 'inputs.json');

// Our modules find their files (locales/, data/, models/migrations, public/ and views/) next to their
// own source: `import.meta.url` of a bundled module would be dist/main.js, so each source's
// import.meta.url is replaced by its source file's URL, computed from the bundle's own location (the
// package may be moved or copied as a whole after the build).
const sourceUrl = {
  name: 'source-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return { contents: text, loader: 'ts' };
      const rel = path.relative(OUT_DIR, args.path).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
      const contents = text
        .replaceAll('import.meta.url', url)
        .replaceAll('import.meta.dirname', `decodeURIComponent(new URL('.', ${url}).pathname).replace(/\\/$/, '')`);
      return { contents, loader: 'ts' };
    });
  },
};

export async function build() {
  // Loaded here: a start with an up-to-date bundle does not load esbuild at all.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'bot/main.ts')],
    outfile: OUT_FILE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceUrl],
  });
  // The sources the bundle was made from (relative to the package root): start.mjs rebuilds when one
  // is newer than the bundle. This script and package.json count too.
  const inputs = [...Object.keys(result.metafile.inputs).map((p) => path.relative(ROOT, path.resolve(p))), 'scripts/build.mjs', 'package.json'];
  writeFileSync(META_FILE, JSON.stringify(inputs));
}

/** True when there is no bundle, or a source it was made from changed (or went away) since. */
export function isStale() {
  if (!existsSync(OUT_FILE) || !existsSync(META_FILE)) return true;
  const built = statSync(OUT_FILE).mtimeMs;
  const inputs = JSON.parse(readFileSync(META_FILE, 'utf8'));
  return inputs.some((file) => {
    try {
      return statSync(path.join(ROOT, file)).mtimeMs > built;
    } catch {
      return true;
    }
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await build();
  process.stdout.write(`built ${path.relative(ROOT, OUT_FILE)} in ${Math.round(performance.now() - started)} ms\n`);
}
