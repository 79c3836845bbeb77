// A memo of the text pipeline's reading of the catalog's phrasings (names, aliases, FAQ variants, read
// without Telex repair), kept between index builds in this process and, when a folder is given, on disk
// between starts. Building the index reads each phrasing four times (search.ts); from a full memo a
// restart builds it in about 0.1 s instead of 0.6–1.1 s (issue 17).
//
// Never stale: an entry is the output of process(phrase, { repair: false }), which depends only on the
// phrase, the data files (synonyms, stop words, situations, referrals) and the code. The memo's key is
// a hash of every file under data/ and of the code (the bundle `npm start` runs, else the sources of
// knowledge/ and core/) and Node's version; another key finds an empty memo. A phrasing the catalog
// gains is simply read and added.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { fileURLToPath } from 'node:url';
import type { Processed, TextPipeline } from './text';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
/** What the reading of a phrasing depends on besides the code: every staff-editable data file. */
export const MEMO_DATA_DIR = path.join(ROOT, 'data');
// The code the reading runs, when not run from the bundle: the understanding and the kernel it uses.
const CODE_DIRS = [HERE, path.join(ROOT, 'core')];
/**
 * Set by scripts/start.mjs on globalThis (not the environment, which child processes running other code
 * would inherit): a hash of the bundle it loads (dist/), so the code hashed is the code that runs.
 */
export const CODE_ID = Symbol.for('motcua.codeId');
const FILE = 'understanding-phrases.bin';
// Bumped when the file's layout changes.
const FORMAT = 1;

// Folders under data/ the catalog's phrasings do not depend on, left out of the key: what the server
// keeps there when DATA_DIR is the default ./data (the PGlite store, this memo's folder, the backups,
// changed at every start), and the example messages (read after the phrasings: a new one keeps the memo).
const UNREAD_DIRS = new Set(['pglite', 'cache', 'backups', 'examples']);
// A larger file is hashed by its size and time of change (no data file the pipeline reads is near this).
const CONTENT_HASH_MAX_BYTES = 4 * 1024 * 1024;

/**
 * sha256 over the files under these folders (or files): their paths and contents, in a fixed order. Left
 * out: the folders at the top of a root that the phrasings do not depend on (UNREAD_DIRS) and any folder holding a database store
 * (PG_VERSION).
 */
export function filesHash(roots: string[]): string {
  const h = createHash('sha256');
  const file = (p: string) => {
    const st = statSync(p);
    h.update(`\0file:${p}\0`);
    if (st.size > CONTENT_HASH_MAX_BYTES) h.update(`${st.size}:${st.mtimeMs}`);
    else h.update(readFileSync(p));
  };
  const walk = (p: string, top: boolean) => {
    let entries;
    try {
      entries = readdirSync(p, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') {
        h.update(`\0missing:${p}`);
        return;
      }
      file(p);
      return;
    }
    if (entries.some((e) => e.name === 'PG_VERSION' && e.isFile())) return;
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = path.join(p, e.name);
      if (e.isDirectory()) {
        if (!(top && UNREAD_DIRS.has(e.name))) walk(child, false);
      } else if (e.isFile()) file(child);
    }
  };
  for (const r of roots) walk(r, true);
  return h.digest('hex');
}

// The code is hashed once, when this module is first loaded: an edit after that is not the code running.
let codeId: string | undefined;
function codeHash(): string {
  const fromStart = (globalThis as Record<symbol, unknown>)[CODE_ID];
  codeId ??= typeof fromStart === 'string' && fromStart ? `bundle:${fromStart}` : filesHash(CODE_DIRS);
  return codeId;
}
codeHash();

/** The key of the memo for the data as it is now (hashed afresh each call) and the running code. */
export function memoKey(dataRoots: string[] = [MEMO_DATA_DIR]): string {
  return createHash('sha256').update(`${FORMAT}|${process.version}|${codeHash()}|${filesHash(dataRoots)}`).digest('hex');
}

export class PhraseMemo {
  /** Phrasings read by the pipeline in the last build (not found in the memo). */
  computed = 0;
  /** Phrasings found in the memo in the last build. */
  reused = 0;

  constructor(
    readonly key: string,
    private readonly entries = new Map<string, Processed>(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * Runs `build` with the pipeline reading catalog phrasings (no repair) through the memo; every other
   * call goes to the pipeline as before. The memo's results are frozen: a caller that changed one would
   * change it for every later build, so it fails loudly instead.
   */
  during<T>(pipeline: TextPipeline, build: () => T): { result: T; used: Set<string> } {
    const own = Object.prototype.hasOwnProperty.call(pipeline, 'process');
    const original = pipeline.process;
    const used = new Set<string>();
    this.computed = 0;
    this.reused = 0;
    pipeline.process = (input, opts = {}) => {
      if (opts.repair !== false) return original.call(pipeline, input, opts);
      used.add(input);
      let r = this.entries.get(input);
      if (r) this.reused++;
      else {
        r = deepFreeze(original.call(pipeline, input, opts));
        this.entries.set(input, r);
        this.computed++;
      }
      return r;
    };
    try {
      return { result: build(), used };
    } finally {
      if (own) pipeline.process = original;
      else delete (pipeline as Partial<Pick<TextPipeline, 'process'>>).process;
    }
  }

  /** Writes the phrasings of the last build (not older ones the catalog lost) to dir; false when it cannot. */
  save(dir: string, used: Set<string>): boolean {
    const entries = [...used].map((p) => [p, this.entries.get(p)!] as const);
    // Only plain data survives the file as it was: a result holding a class instance is not written.
    const bytes = serialize({ format: FORMAT, key: this.key, entries });
    if (!isDeepStrictEqual((deserialize(bytes) as { entries: unknown }).entries, entries)) return false;
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    // Whole or not at all: another instance on the same folder may read it meanwhile.
    renameSync(tmp, file);
    return true;
  }

  /** The memo saved in dir under this key, else an empty one. */
  static load(dir: string | undefined, key: string): PhraseMemo {
    const file = dir && path.join(dir, FILE);
    if (!file || !existsSync(file)) return new PhraseMemo(key);
    try {
      const saved = deserialize(readFileSync(file)) as { format?: number; key?: string; entries?: [string, Processed][] };
      if (saved.format !== FORMAT || saved.key !== key || !Array.isArray(saved.entries)) return new PhraseMemo(key);
      return new PhraseMemo(key, new Map(saved.entries.map(([p, r]) => [p, deepFreeze(r)])));
    } catch {
      // A damaged file is read afresh and replaced.
      return new PhraseMemo(key);
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
