// The build: bot/main.ts and everything it imports of ours, bundled into dist/main.js, so `npm start`
// runs plain JavaScript instead of compiling TypeScript at every start (tsx). Run by `npm ci`
// (prepare) and by `npm start` when a source file changed since the last build (scripts/start.mjs).
//
// esbuild, not tsc: our imports carry no extension ('./app'), which Node's ESM loader refuses, and one
// bundle is also quicker to load than two hundred files. The small pure-JavaScript packages the server
// loads at every start (express and its eighty dependencies, drizzle, zod, i18next, prom-client, …) are
// bundled too: Node resolves, reads and (for CommonJS) scans each file of a package for its exports,
// and doing that for about four hundred files was a fifth of a restart (issue 17). The packages in
// EXTERNAL stay in node_modules: those imported with import() so they load only when first used, and
// those that find files of their own next to their code (PGlite's WebAssembly, pino's and node-cron's
// worker scripts, argon2's native module). Our own modules
// imported with import() (the report writers, which import docx) become chunks of their own
// (dist/chunk-*.js, next to main.js: the source-url rewrite below counts on every output file sitting in
// dist/): without code splitting esbuild would inline them and hoist their packages' imports
// to the top of dist/main.js, loading those packages at every start.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

// Bundling rewrites a package's import.meta.url and __dirname to dist/, so a package that reads a file
// of its own must stay here; so must those loaded lazily (test/perf/start-modules.test.ts) and the tools.
export const EXTERNAL = [
  '@electric-sql/pglite', 'pg', 'pino', 'pino-pretty', 'node-cron', 'argon2', 'docx', 'exceljs', 'telegraf', 'axios',
  'esbuild', 'tsx', 'drizzle-kit', 'vitest', 'playwright-core', 'autocannon',
];

// CommonJS packages in an ESM bundle call require() for Node's built-ins and the external packages.
const REQUIRE_SHIM = "import { createRequire as __motcuaCreateRequire } from 'node:module'; const require = __motcuaCreateRequire(import.meta.url);";

export async function build() {
  // Loaded here: a start with an up-to-date bundle does not load esbuild at all.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: { main: path.join(ROOT, 'bot/main.ts'), 'pglite-template': path.join(ROOT, 'models/cli/pglite-template.ts') },
    outdir: OUT_DIR,
    chunkNames: '[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: REQUIRE_SHIM },
    sourcemap: 'linked',
    // Stack traces need the mappings only; the sources' text would make the map several MB to read at start.
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceUrl],
  });
  // The sources the bundle was made from (relative to the package root): start.mjs rebuilds when one
  // is newer than the bundle. This script, package.json and package-lock.json count too.
  // Bundled packages are not checked file by file: installing or upgrading one changes package-lock.json.
  const ours = Object.keys(result.metafile.inputs).map((p) => path.relative(ROOT, path.resolve(p))).filter((p) => !p.startsWith('node_modules/'));
  const inputs = [...ours, 'scripts/build.mjs', 'package.json', 'package-lock.json'];
  writeFileSync(META_FILE, JSON.stringify(inputs));
  // Chunks of earlier builds (their names carry a hash of their content) go; a running server's
  // chunks that did not change stay.
  const outputs = new Set(Object.keys(result.metafile.outputs).map((p) => path.resolve(p)));
  for (const f of readdirSync(OUT_DIR)) {
    const file = path.join(OUT_DIR, f);
    if (/\.js(\.map)?$/.test(f) && !outputs.has(file)) rmSync(file);
  }
  // The empty PGlite store a first start copies (models/pglite-template.ts): made once per PGlite
  // version, about 10 s the first time; a build that finds it takes a fraction of a second here.
  execFileSync(process.execPath, [path.join(OUT_DIR, 'pglite-template.js')], { stdio: 'inherit' });
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
