// Commune information that is not a procedure (office hours, Saturday hours, address and map,
// hotline, who signs, how to pay fees, parking): questions and answers written by staff in the
// admin (table faq_entries), matched on the same folded words as procedures (normalize.ts).
// The answer path asks here only when nothing else answered (handlers/menu.ts fallback), so a
// staff entry never hides a procedure.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../models/db';
import { faqEntries } from '../models/schema/daily';
import { fold, wordsOf } from './normalize';
import { CATALOG_RECHECK_MS } from './store';

export type FaqEntry = typeof faqEntries.$inferSelect;

// Words that carry no topic in a question ("cho em hỏi … với ạ"), folded.
const FILLER = new Set([
  'a', 'ah', 'ak', 'nhe', 'nha', 'oi', 'vay', 'the', 'la', 'thi', 'ma', 'va', 'cua', 'cho', 'toi', 'em', 'anh', 'chi', 'minh', 'xin',
  'hoi', 'biet', 'vui', 'long', 'duoc', 'khong', 'ko', 'k', 'co', 'gi', 'nao', 'nhi', 'ha', 'voi', 'can', 'muon', 'o', 'tai', 'de',
  'bac', 'chu', 'co', 'ban', 'ad', 'admin', 'please', 'the', 'is', 'what', 'when', 'where', 'how', 'do', 'i', 'to', 'a', 'an', 'of',
]);
// Share of an entry's phrasing the message must contain (and a little of the message itself):
// "giờ làm việc thứ bảy" matches "thứ bảy xã có làm việc không", not "đăng ký khai sinh thứ bảy".
export const FAQ_MIN_SCORE = 0.6;
const PHRASING_WEIGHT = 0.7;

export function contentWords(text: string): string[] {
  return wordsOf(fold(text)).filter((w) => !FILLER.has(w));
}

/** Every phrasing of an entry: the question and one variant per line. */
export function phrasingsOf(e: Pick<FaqEntry, 'question' | 'variants'>): string[] {
  return [e.question, ...e.variants.split('\n')].map((s) => s.trim()).filter(Boolean);
}

/** Content words of each phrasing of an entry (what rankFaq compares a message with). */
function phrasingWords(e: Pick<FaqEntry, 'question' | 'variants'>): string[][] {
  return phrasingsOf(e)
    .map((p) => [...new Set(contentWords(p))])
    .filter((pw) => pw.length > 0);
}

function rank<E>(text: string, entries: readonly { entry: E; phrasings: string[][] }[]): { entry: E; score: number }[] {
  const words = new Set(contentWords(text));
  if (!words.size) return [];
  const out: { entry: E; score: number }[] = [];
  for (const { entry, phrasings } of entries) {
    let best = 0;
    for (const pw of phrasings) {
      const hit = pw.filter((w) => words.has(w)).length;
      const score = PHRASING_WEIGHT * (hit / pw.length) + (1 - PHRASING_WEIGHT) * (hit / words.size);
      if (score > best) best = score;
    }
    if (best >= FAQ_MIN_SCORE) out.push({ entry, score: best });
  }
  return out.sort((x, y) => y.score - x.score);
}

/** Entries matching the text, best first, with their score (0–1). */
export function rankFaq<E extends Pick<FaqEntry, 'question' | 'variants'>>(text: string, entries: readonly E[]): { entry: E; score: number }[] {
  return rank(text, entries.map((entry) => ({ entry, phrasings: phrasingWords(entry) })));
}

export function activeFaq(db: Db): Promise<FaqEntry[]> {
  return db.select().from(faqEntries).where(eq(faqEntries.active, true)).orderBy(asc(faqEntries.id));
}

// The active entries of a database with their phrasings' words, kept between turns (a turn that falls
// back would otherwise read and fold every entry): read again after a change the admin makes in this
// process (forgetFaq), and at most CATALOG_RECHECK_MS after a change made elsewhere (another instance,
// a direct write), as the catalog's index is (knowledge/store.ts).
type Ranked = { entry: FaqEntry; phrasings: string[][] };
const caches = new WeakMap<object, { reading: Promise<Ranked[]>; at: number }>();

function cachedFaq(db: Db): Promise<Ranked[]> {
  const cached = caches.get(db);
  if (cached && Date.now() - cached.at < CATALOG_RECHECK_MS) return cached.reading;
  const reading = activeFaq(db).then((rows) => rows.map((entry) => ({ entry, phrasings: phrasingWords(entry) })));
  const slot = { reading, at: Date.now() };
  caches.set(db, slot);
  // A failed read is not kept: the next question tries again.
  reading.catch(() => {
    if (caches.get(db) === slot) caches.delete(db);
  });
  return reading;
}

/** Staff changed the entries (admin): the next question reads them again. */
export function forgetFaq(db: Db): void {
  caches.delete(db);
}

/** The staff answer for a question, or null. */
export async function faqAnswer(db: Db, text: string): Promise<FaqEntry | null> {
  if (!text.trim()) return null;
  return rank(text, await cachedFaq(db))[0]?.entry ?? null;
}
