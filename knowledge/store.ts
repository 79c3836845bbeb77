// One search index per database handle, kept fresh: rebuilt at once after a change made in this
// process (catalog.ts calls refreshKnowledge), and within CATALOG_RECHECK_MS after a change made by
// another process on the same database (a cheap count/max(updated_at) signature check). The catalog's
// phrasings are read through a memo (phrase-memo.ts), kept on disk under the folder the server names.
import { sql } from 'drizzle-orm';
import type { Db } from '../models/db';
import { procedures } from '../models/schema/procedures';
import { ProcedureIndex } from './search';
import { statSync } from 'node:fs';
import { EXAMPLES_DIR, OFFTOPIC_FILE, REFERRALS_DIR, SITUATIONS_DIR, STOPWORDS_FILE, SYNONYMS_FILE, TextPipeline } from './text';
import { dataFiles } from './situations';
import { memoKey, PhraseMemo } from './phrase-memo';

/** How often analyze() checks whether another process changed the catalog ("a few seconds"). */
export const CATALOG_RECHECK_MS = 2000;

interface Holder {
  index?: ProcedureIndex;
  signature?: string;
  checkedAt: number;
  building?: Promise<ProcedureIndex>;
}

const holders = new WeakMap<object, Holder>();

/**
 * The staff-editable data files (synonyms, situations, referrals, example messages) as size and time of change: an
 * edit rebuilds the index like a catalog change (and so empties the analysis cache).
 */
function dataSignature(): string {
  const files = [SYNONYMS_FILE, STOPWORDS_FILE, OFFTOPIC_FILE, ...dataFiles(SITUATIONS_DIR), ...dataFiles(REFERRALS_DIR), ...dataFiles(EXAMPLES_DIR)];
  return files
    .map((f) => {
      try {
        const st = statSync(f);
        return `${st.size}:${st.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join(',');
}

async function signatureOf(db: Db): Promise<string> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`, m: sql<string>`coalesce(max(${procedures.updatedAt})::text, '')` })
    .from(procedures);
  return `${row?.n ?? 0}|${row?.m ?? ''}|${dataSignature()}`;
}

let cacheDir: string | undefined;
/** The folder the memo of the catalog's phrasings is kept in between starts (the server: DATA_DIR/cache). */
export function setKnowledgeCacheDir(dir: string | undefined): void {
  cacheDir = dir;
}

// The memo of this process: kept across builds while its key holds (data files and code unchanged).
let memo: PhraseMemo | undefined;
// The key of the memo each folder was last given by this process.
const savedIn = new Map<string, string>();

/** The index of these procedures, the pipeline's reading of their phrasings taken from the memo where it holds. */
function buildIndex(rows: (typeof procedures.$inferSelect)[]): ProcedureIndex {
  const key = memoKey();
  // A fresh pipeline per build: the vocabulary follows the catalog, and synonym edits apply.
  const pipeline = TextPipeline.fromFiles();
  // A data file changed while the pipeline read it: the key may not be what was read; no memo this time.
  if (memoKey() !== key) return new ProcedureIndex(rows, pipeline);
  if (memo?.key !== key) {
    memo = PhraseMemo.load(cacheDir, key);
    // Read from the folder under this key: it holds this memo already.
    if (cacheDir && memo.size) savedIn.set(cacheDir, key);
  }
  const m = memo;
  const { result, used } = m.during(pipeline, () => new ProcedureIndex(rows, pipeline));
  // Written when this build read phrasings afresh, or the folder does not hold this memo yet.
  if (cacheDir && (m.computed || savedIn.get(cacheDir) !== key)) {
    try {
      if (m.save(cacheDir, used)) savedIn.set(cacheDir, key);
    } catch {
      // A read-only or full folder: the next start reads the phrasings again, nothing worse.
    }
  }
  return result;
}

/** How the last build used the memo of phrasings (tests, bench:start). */
export function lastBuildMemo(): { computed: number; reused: number } | undefined {
  return memo && { computed: memo.computed, reused: memo.reused };
}

async function build(db: Db, holder: Holder): Promise<ProcedureIndex> {
  const signature = await signatureOf(db);
  const rows = await db.select().from(procedures);
  const index = buildIndex(rows);
  // The example messages' index is built just after, off this request's path (examples.ts, warm).
  setImmediate(() => index.pipeline.examples.warm());
  holder.index = index;
  holder.signature = signature;
  holder.checkedAt = Date.now();
  return index;
}

/** The current index for this database (built on first use, re-checked every few seconds). */
export async function getKnowledge(db: Db): Promise<ProcedureIndex> {
  let holder = holders.get(db);
  if (!holder) {
    holder = { checkedAt: 0 };
    holders.set(db, holder);
  }
  if (holder.building) return holder.building;
  if (holder.index && Date.now() - holder.checkedAt < CATALOG_RECHECK_MS) return holder.index;
  const h = holder;
  h.building = (async () => {
    try {
      if (h.index) {
        const sig = await signatureOf(db);
        h.checkedAt = Date.now();
        if (sig === h.signature) return h.index;
      }
      return await build(db, h);
    } finally {
      h.building = undefined;
    }
  })();
  return h.building;
}

/** Rebuilds now (after a change through the catalog API in this process). */
export async function refreshKnowledge(db: Db): Promise<void> {
  const holder = holders.get(db);
  if (!holder) return;
  if (holder.building) await holder.building.catch(() => undefined);
  await build(db, holder);
}
