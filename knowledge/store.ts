// One search index per database handle, kept fresh: rebuilt at once after a change made in this
// process (catalog.ts calls refreshKnowledge), and within CATALOG_RECHECK_MS after a change made by
// another process on the same database (a cheap count/max(updated_at) signature check).
import { sql } from 'drizzle-orm';
import type { Db } from '../models/db';
import { procedures } from '../models/schema/procedures';
import { ProcedureIndex } from './search';
import { statSync } from 'node:fs';
import { OFFTOPIC_FILE, REFERRALS_DIR, SITUATIONS_DIR, STOPWORDS_FILE, SYNONYMS_FILE, TextPipeline } from './text';
import { dataFiles } from './situations';

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
 * The staff-editable data files (synonyms, situations, referrals) as size and time of change: an
 * edit rebuilds the index like a catalog change (and so empties the analysis cache).
 */
function dataSignature(): string {
  const files = [SYNONYMS_FILE, STOPWORDS_FILE, OFFTOPIC_FILE, ...dataFiles(SITUATIONS_DIR), ...dataFiles(REFERRALS_DIR)];
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

async function build(db: Db, holder: Holder): Promise<ProcedureIndex> {
  const signature = await signatureOf(db);
  const rows = await db.select().from(procedures);
  // A fresh pipeline per build: the vocabulary follows the catalog, and synonym edits apply.
  const index = new ProcedureIndex(rows, TextPipeline.fromFiles());
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
