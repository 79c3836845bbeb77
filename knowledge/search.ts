// Retrieval over the catalog: BM25 with prefix and fuzzy terms (bm25.ts, MiniSearch's scoring) over
// one small document per phrasing of a procedure (its name, each alias, each FAQ variant), folded and
// accented. A procedure's score is its best phrasing plus a little for other phrasings that also match.
import { Bm25Index } from './bm25';
import type { Procedure } from './catalog';
import { TextPipeline, withBigrams, type Processed } from './text';

export { withBigrams };

export interface PhraseDoc {
  id: number;
  code: string;
  kind: 'name' | 'alias' | 'faq';
  text: string;
  accented: string;
  /** Number of distinct words of the phrasing (for coverage). */
  n: number;
}

/** What is searched: terms (words, in-sentence word pairs, concepts), each with its weight. */
export interface Query {
  terms: string[];
  /** Single words and concepts of the message (evidence counts these, not pairs). */
  words: Set<string>;
  accented: string[];
  /** Weight of a term: 1 in the question, less in the background story (default 1). */
  weights?: Map<string, number>;
  /** Words that may be matched by prefix or with a typo (default: all): the question's, not the story's. */
  fuzzy?: Set<string>;
}

/** The query of one processed text, all of it weighing the same. */
export function queryOf(q: Processed): Query {
  return {
    terms: [...withBigrams(q.terms.slice(0, MAX_QUERY_WORDS)), ...q.concepts],
    words: new Set([...q.terms, ...q.concepts]),
    accented: q.accented,
  };
}

export interface Candidate {
  code: string;
  name: string;
  score: number;
  /** Most distinct query words (unigrams) matched by one phrasing of this procedure. */
  matchedWords: number;
  /** A specific word pair of the query matched a phrasing (stronger evidence than a lone word). */
  pairMatch: boolean;
  /** One phrasing matched two specific words of the query and at least half of its own words. */
  phraseMatch: boolean;
  /** Specific query terms (words, pairs, concepts) matched by the best phrasing. */
  matched: string[];
  /** A concept of the situations (a life situation said in other words) matched a phrasing. */
  conceptMatch: boolean;
  /** A phrasing of this procedure was said in full (every one of its words is in the message). */
  exact: boolean;
  /** Every query term the best phrasing matched, generic ones included (does it cover a span?). */
  hits: string[];
  /** The query terms each other phrasing of this procedure matched (does the catalog say a span elsewhere?). */
  otherHits: string[][];
}

// How phrasings of one procedure add up: the best counts fully, others a little (bounded),
// so a procedure with many FAQ variants does not win on volume alone.
const OTHER_PHRASES_WEIGHT = 0.15;
const OTHER_PHRASES_CAP = 0.3;
// Names are the official wording; aliases are what citizens say; FAQ variants are whole questions.
const KIND_BOOST: Record<PhraseDoc['kind'], number> = { name: 1.1, alias: 1.0, faq: 0.85 };
// Word pairs carry more meaning than single syllables ("khai sinh" vs "sinh").
const PAIR_BOOST = 1.6;
// Accented words only refine (bản vs bán); folded words carry the match.
const ACCENTED_BOOST = 0.35;
// Fuzzy/prefix only on longer words: short syllables would match everything.
const PREFIX_MIN = 5;
/** Share of a phrasing's score kept at low coverage of its words by the message (1 at full coverage). */
const COVERAGE_FLOOR = 0.3;
/** A phrasing said in full by the message is what the citizen named. */
const EXACT_PHRASE_BONUS = 1.25;
const FUZZY_MIN = 6;
/** Words of a message used for retrieval; a rambling message names its procedure early on. */
export const MAX_QUERY_WORDS = 40;
/** A term used by more than this share of procedures is generic ("đăng ký", "giấy"). */
const GENERIC_SHARE = 0.25;
/** Share of a phrasing a matching pair must cover (with the other matched words) to count. */
const MIN_PAIR_COVERAGE = 0.34;
/** Shortest word that can name a procedure alone when only that procedure uses it. */
const UNIQUE_WORD_MIN = 5;
/** Two words of a phrasing count as evidence when they are at least this share of it. */
const MIN_PHRASE_COVERAGE = 0.5;
/** Accented words only refine the folded match; a few are enough and each costs a lookup. */
const MAX_ACCENTED_WORDS = 12;

const FOLDED_WORD = /^[ -~]+$/;
/** A concept of the situations ("@chet") weighs like a specific word pair, and is evidence alone. */
const CONCEPT_BOOST = 1.6;
const CONCEPT_WORDS = 2;

/** A procedure's phrasings matched by one search, added up. */
interface Aggregate {
  best: number;
  rest: number;
  words: number;
  pair: boolean;
  phrase: boolean;
  concept: boolean;
  exact: boolean;
  matched: string[];
  hits: string[];
  otherHits: string[][];
}

/** What a matched query term is worth as evidence (`search`). */
interface TermEvidence {
  /** Shared by too many procedures: no evidence at all. */
  generic: boolean;
  /** Words of evidence it counts for (a concept 2, a unique long word 2, a pair with a generic word 1). */
  words: number;
  pair: boolean;
  concept: boolean;
}
const GENERIC_TERM: TermEvidence = { generic: true, words: 0, pair: false, concept: false };
const CONCEPT_TERM: TermEvidence = { generic: false, words: CONCEPT_WORDS, pair: false, concept: true };
const PAIR_TERM: TermEvidence = { generic: false, words: 0, pair: true, concept: false };
const PAIR_GENERIC_TERM: TermEvidence = { generic: false, words: 1, pair: true, concept: false };

function signature(terms: string[]): string {
  return [...new Set(terms)].sort().join(' ');
}

export class ProcedureIndex {
  readonly byCode = new Map<string, Procedure>();
  private readonly bm25: Bm25Index;
  /** The phrasings, by their number in the BM25 index (read by test/knowledge/bm25.test.ts). */
  readonly docs: readonly PhraseDoc[];
  /** Folded words of the catalog (the Telex repair aims at these). */
  readonly vocabulary = new Set<string>();
  /** Terms shared by too many procedures to tell them apart. */
  private readonly generic = new Set<string>();
  /** Long words used by one procedure only: evidence worth two words. */
  private readonly unique = new Set<string>();
  /** How many procedures use each term, and the terms of each procedure (topic changes). */
  private readonly df = new Map<string, number>();
  readonly termsOf = new Map<string, Set<string>>();

  constructor(
    procedures: Procedure[],
    readonly pipeline: TextPipeline,
  ) {
    const docs: PhraseDoc[] = [];
    let id = 0;
    // Vocabulary first: the catalog's own words are what the Telex repair aims at.
    const raw = procedures.filter((p) => p.active);
    for (const p of raw) {
      this.byCode.set(p.code, p);
      for (const phrase of [p.name, ...p.aliases, ...p.faq]) {
        for (const w of pipeline.process(phrase, { repair: false }).words) this.vocabulary.add(w);
      }
    }
    pipeline.addVocabulary(this.vocabulary);
    // What the catalog holds is never referred to another office (referrals.ts).
    pipeline.dropReferralsHeldBy(raw.flatMap((p) => [p.name, ...p.aliases].map((ph) => pipeline.process(ph, { repair: false }).words)));
    // A phrasing that reduces to the same words for several procedures ("khai sinh") says nothing
    // about the specific ones: keep it only for the procedure with the shortest official name.
    const owner = new Map<string, { code: string; nameWords: number }>();
    const phrasesOf = (p: Procedure) => [p.name, ...p.aliases, ...p.faq];
    for (const p of raw) {
      const nameWords = pipeline.process(p.name, { repair: false }).terms.length;
      for (const phrase of phrasesOf(p)) {
        const sig = signature(pipeline.process(phrase, { repair: false }).terms);
        const cur = owner.get(sig);
        if (!cur || nameWords < cur.nameWords) owner.set(sig, { code: p.code, nameWords });
      }
    }
    for (const p of raw) {
      const phrases: [PhraseDoc['kind'], string][] = [
        ['name', p.name],
        ...p.aliases.map((a): [PhraseDoc['kind'], string] => ['alias', a]),
        ...p.faq.map((f): [PhraseDoc['kind'], string] => ['faq', f]),
      ];
      for (const [kind, phrase] of phrases) {
        const pr = pipeline.process(phrase, { repair: false });
        if (!pr.terms.length) continue;
        if (kind !== 'name' && owner.get(signature(pr.terms))?.code !== p.code) continue;
        docs.push({
          id: id++,
          code: p.code,
          kind,
          text: [...withBigrams(pr.terms), ...pr.concepts].join(' '),
          accented: pr.accented.join(' '),
          n: new Set([...pr.terms, ...pr.concepts]).size,
        });
      }
    }
    this.docs = docs;
    // Coverage counts the folded single words a phrasing matched (accented words and pairs are extra
    // evidence, not coverage).
    this.bm25 = new Bm25Index(docs.map((d) => [d.text, d.accented]), 2, (t) => !t.includes('_') && FOLDED_WORD.test(t));
    // How many procedures use each term: a term most procedures share ("đăng ký") is no evidence.
    const perCode = new Map<string, Set<string>>();
    for (const d of docs) {
      const set = perCode.get(d.code) ?? new Set<string>();
      for (const t of d.text.split(' ')) set.add(t);
      perCode.set(d.code, set);
    }
    const df = this.df;
    for (const [code, set] of perCode) {
      this.termsOf.set(code, set);
      for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
    }
    const limit = Math.max(2, perCode.size * GENERIC_SHARE);
    for (const [t, n] of df) {
      if (n > limit) this.generic.add(t);
      // A long word only one procedure uses ("connuôi", "khuyết") names it on its own.
      if (n === 1 && !t.includes('_') && t.length >= UNIQUE_WORD_MIN && !/\d/.test(t)) this.unique.add(t);
    }

  }

  /** Number of procedures whose phrasings use this term (0 for a word the catalog does not know). */
  docFreq(t: string): number {
    return this.df.get(t) ?? 0;
  }

  /** A term some procedures use and most do not: it can tell procedures apart. */
  isSpecific(t: string): boolean {
    return this.docFreq(t) > 0 && !this.generic.has(t);
  }

  private unknownWord(t: string): boolean {
    return !t.includes('_') && !/\d/.test(t) && !this.vocabulary.has(t);
  }

  get size(): number {
    return this.byCode.size;
  }

  search(q: Query, limit = 5): Candidate[] {
    if (!q.terms.length) return [];
    const terms = [...new Set(q.terms)];
    const queryWords = q.words;
    const weights = q.weights;
    const all = [...terms, ...[...new Set(q.accented)].slice(0, MAX_ACCENTED_WORDS)];
    // Terms are single words (no spaces); split as the index splits its documents.
    const results = this.bm25.search(all.join(' ').split(' '), {
      boost: [1, ACCENTED_BOOST],
      // A word the catalog knows needs neither: this keeps a message well under a millisecond.
      prefix: (t) => t.length >= PREFIX_MIN && this.unknownWord(t) && (!q.fuzzy || q.fuzzy.has(t)),
      fuzzy: (t) => (t.length >= FUZZY_MIN && this.unknownWord(t) && (!q.fuzzy || q.fuzzy.has(t)) ? 1 : false),
      maxFuzzy: 1,
      boostTerm: (t) => (t.includes('_') && !t.startsWith('@') ? PAIR_BOOST : t.startsWith('@') ? CONCEPT_BOOST : 1) * (weights?.get(t) ?? 1),
    });
    // What each matched query term is worth as evidence, read once per search (a term is matched by
    // many phrasings).
    const evidence = new Map<string, TermEvidence>();
    const evidenceOf = (t: string): TermEvidence => {
      let e = evidence.get(t);
      if (e) return e;
      if (this.generic.has(t)) e = GENERIC_TERM;
      else if (t.startsWith('@')) e = CONCEPT_TERM;
      else if (t.includes('_')) {
        // A specific pair with a generic word ("chứng thực", "giấy phép") is one more word of evidence.
        const [x, y] = t.split('_');
        e = this.generic.has(x!) || this.generic.has(y!) ? PAIR_GENERIC_TERM : PAIR_TERM;
      } else e = { words: queryWords.has(t) ? (this.unique.has(t) ? 2 : 1) : 0, pair: false, concept: false, generic: false };
      evidence.set(t, e);
      return e;
    };
    const agg = new Map<string, Aggregate>();
    for (const r of results) {
      const doc = this.docs[r.doc]!;
      const code = doc.code;
      let a = agg.get(code);
      if (!a) {
        a = { best: 0, rest: 0, words: 0, pair: false, phrase: false, concept: false, exact: false, matched: [], hits: [], otherHits: [] };
        agg.set(code, a);
      }
      // Evidence counts within one phrasing: two words scattered over different phrasings are chance.
      let words = 0;
      let pair = false;
      const matchedHere: string[] = [];
      for (const t of r.queryTerms) {
        const e = evidenceOf(t);
        if (e.generic) continue;
        matchedHere.push(t);
        words += e.words;
        if (e.concept) a.concept = true;
        if (e.pair) pair = true;
      }
      a.words = Math.max(a.words, words);
      // Coverage: a phrasing whose words are all in the message beats a longer one that only
      // contains them ("đăng ký kết hôn" vs "đăng ký kết hôn lưu động").
      // Folded single words only (accented words and pairs are extra evidence, not coverage).
      const coverage = Math.min(1, r.counted / Math.max(1, doc.n));
      if (words >= 2 && coverage >= MIN_PHRASE_COVERAGE) a.phrase = true;
      if (coverage === 1 && words >= 2) a.exact = true;
      // A pair lost in a long phrasing ("thường xuyên" in a 12-word name) is weaker evidence.
      if (pair && coverage >= MIN_PAIR_COVERAGE) a.pair = true;
      // The kind boost multiplies the whole phrasing score (same as MiniSearch's boostDocument, cheaper).
      const kind = KIND_BOOST[doc.kind ?? 'faq'];
      const score = kind * r.score * (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * coverage) * (coverage === 1 ? EXACT_PHRASE_BONUS : 1);
      if (score > a.best) {
        a.rest += a.best;
        a.best = score;
        a.matched = matchedHere;
        if (a.hits.length) a.otherHits.push(a.hits);
        a.hits = r.queryTerms;
      } else {
        a.rest += score;
        a.otherHits.push(r.queryTerms);
      }
    }
    // Ranked on the scores alone; only the few kept become candidates.
    const ranked: { code: string; a: Aggregate; score: number }[] = [];
    for (const [code, a] of agg) ranked.push({ code, a, score: a.best + Math.min(a.rest * OTHER_PHRASES_WEIGHT, a.best * OTHER_PHRASES_CAP) });
    ranked.sort((x, y) => y.score - x.score || x.code.localeCompare(y.code));
    return ranked.slice(0, limit).map(({ code, a, score }) => ({
      code,
      name: this.byCode.get(code)!.name,
      score,
      matchedWords: a.words,
      pairMatch: a.pair,
      phraseMatch: a.phrase,
      matched: a.matched,
      conceptMatch: a.concept,
      exact: a.exact,
      hits: a.hits,
      otherHits: a.otherHits,
    }));
  }
}
