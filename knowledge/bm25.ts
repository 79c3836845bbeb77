// BM25 over short documents of a few fields, with prefix and fuzzy terms: the scoring of MiniSearch 7
// (the library the understanding was tuned with), reproduced to the last bit, over flat postings whose
// BM25 parts are computed once when the index is built. MiniSearch builds option objects, a Map of
// result objects per query term and merges them, for every term of every search: most of the
// understanding's time on a long story (issue 12, speed). test/knowledge/bm25.test.ts checks that
// every score, order and matched term is MiniSearch's.
//
// Bit for bit: the same floating-point operations in the same order (a document's score sums its
// fields and derived terms within a query term first, then the query terms in turn), documents in the
// same order before the stable sort (first reached), and the prefix/fuzzy terms from the same radix
// tree (MiniSearch's own SearchableMap, filled in the same order).
import SearchableMap from 'minisearch/SearchableMap';

/** MiniSearch's defaults (k, b, d of its BM25+; weights of prefix and fuzzy terms). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/** As MiniSearch's calcBM25Score. */
function bm25Score(termFreq: number, matchingCount: number, totalCount: number, fieldLength: number, avgFieldLength: number): number {
  const { k, b, d } = BM25;
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}

/** The documents of one term in one field, in the order they were added, with their BM25 score. */
interface Postings {
  docs: Int32Array;
  raw: Float64Array;
}

export interface Bm25Hit {
  /** Position of the document in the list the index was built from. */
  doc: number;
  score: number;
  /** The query terms the document matched, in the order first matched. */
  queryTerms: string[];
  /** The document's terms matched (the query's own, prefix and fuzzy ones), each once. */
  terms: string[];
  /** How many of `terms` the index was told to count (`counted` of the constructor). */
  counted: number;
}

export interface Bm25Query {
  /** Boost of each field, in the order of the fields. */
  boost: number[];
  /** Also match the terms that start with this one. */
  prefix(term: string): boolean;
  /** Also match terms within this edit distance (false: none; below 1: a share of the term's length). */
  fuzzy(term: string): number | false;
  maxFuzzy: number;
  boostTerm(term: string): number;
}

/** One search's state (the per-document arrays are the index's, reused). */
interface SearchState {
  epoch: number;
  termEpoch: number;
  termBoost: number;
  boost: number[];
  /** Documents in the order first reached (MiniSearch's order before its stable sort). */
  order: number[];
  /** Documents reached by the current query term. */
  touched: number[];
  queryTermsOf: string[][];
  termsOf: string[][];
  countedOf: number[];
}

export class Bm25Index {
  /** Every term of the documents and its number (postings[n]): a radix tree for prefix and fuzzy terms. */
  private readonly terms = new SearchableMap<number>();
  /** The same, for the exact terms (a hash lookup, cheaper than walking the tree). */
  private readonly exact = new Map<string, number>();
  private readonly postings: (Postings | undefined)[][] = [];
  readonly size: number;
  // Per search, reused: the score of each document so far and within the current query term.
  private readonly total: Float64Array;
  private readonly partial: Float64Array;
  private readonly seen: Int32Array;
  private readonly inTerm: Int32Array;
  private epoch = 0;
  private termEpoch = 0;

  /** Terms that `counted` said to count, by number. */
  private readonly counts: Uint8Array;

  /**
   * `docs[i][f]`: the text of field f of document i, its terms separated by single spaces. `counted`:
   * the terms a hit counts among those it matched (read once per term here, not per hit).
   */
  constructor(docs: string[][], fieldCount: number, counted: (term: string) => boolean = () => false) {
    this.size = docs.length;
    const freqs: Map<number, number>[][] = [];
    const lengths = new Float64Array(docs.length * fieldCount);
    const avg = new Array<number>(fieldCount).fill(0);
    docs.forEach((doc, d) => {
      for (let f = 0; f < fieldCount; f++) {
        const text = doc[f] ?? '';
        const tokens = text ? text.split(' ') : [];
        // As MiniSearch: the field's length is its distinct tokens, the average kept as a running mean.
        const length = new Set(tokens).size;
        lengths[d * fieldCount + f] = length;
        avg[f] = (avg[f]! * d + length) / (d + 1);
        for (const t of tokens) {
          if (!t) continue;
          let id = this.exact.get(t);
          if (id === undefined) {
            id = freqs.length;
            this.terms.set(t, id);
            this.exact.set(t, id);
            freqs.push([]);
          }
          const byDoc = (freqs[id]![f] ??= new Map());
          byDoc.set(d, (byDoc.get(d) ?? 0) + 1);
        }
      }
    });
    for (const perField of freqs) {
      const out: (Postings | undefined)[] = [];
      for (let f = 0; f < fieldCount; f++) {
        const byDoc = perField[f];
        if (!byDoc) continue;
        const docsOf = new Int32Array(byDoc.size);
        const raw = new Float64Array(byDoc.size);
        let k = 0;
        for (const [d, tf] of byDoc) {
          docsOf[k] = d;
          raw[k++] = bm25Score(tf, byDoc.size, docs.length, lengths[d * fieldCount + f]!, avg[f]!);
        }
        out[f] = { docs: docsOf, raw };
      }
      this.postings.push(out);
    }
    this.counts = new Uint8Array(freqs.length);
    for (const [term, id] of this.exact) this.counts[id] = counted(term) ? 1 : 0;
    this.total = new Float64Array(docs.length);
    this.partial = new Float64Array(docs.length);
    this.seen = new Int32Array(docs.length);
    this.inTerm = new Int32Array(docs.length);
  }

  /** Is this a term of some document? */
  has(term: string): boolean {
    return this.exact.has(term);
  }

  /**
   * The documents matching any of the query's terms (OR), best first: MiniSearch's
   * `search(terms.join(' '), { combineWith: 'OR', ... })` with the tokenizer splitting on spaces.
   */
  search(query: string[], opts: Bm25Query): Bm25Hit[] {
    const { total, partial } = this;
    const epoch = ++this.epoch;
    const s: SearchState = { epoch, termEpoch: 0, termBoost: 1, boost: opts.boost, order: [], touched: [], queryTermsOf: [], termsOf: [], countedOf: [] };
    for (const q of query) {
      if (!q) continue;
      const fuzzy = opts.fuzzy(q);
      const prefix = opts.prefix(q);
      s.termBoost = opts.boostTerm(q);
      s.termEpoch = ++this.termEpoch;
      s.touched.length = 0;
      const exact = this.exact.get(q);
      if (exact !== undefined) this.score(s, q, exact, 1);
      const prefixMatches = prefix ? this.terms.atPrefix(q) : undefined;
      let fuzzyMatches: Map<string, [number, number]> | undefined;
      if (fuzzy) {
        const maxDistance = fuzzy < 1 ? Math.min(opts.maxFuzzy, Math.round(q.length * fuzzy)) : fuzzy;
        if (maxDistance) fuzzyMatches = this.terms.fuzzyGet(q, maxDistance);
      }
      if (prefixMatches) {
        for (const [term, id] of prefixMatches) {
          const distance = term.length - q.length;
          if (!distance) continue;
          // A term that is both a prefix and a fuzzy match is scored as a prefix match.
          fuzzyMatches?.delete(term);
          this.score(s, term, id, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance));
        }
      }
      if (fuzzyMatches) {
        for (const [term, [id, distance]] of fuzzyMatches) {
          if (!distance) continue;
          this.score(s, term, id, (FUZZY_WEIGHT * term.length) / (term.length + distance));
        }
      }
      for (const d of s.touched) {
        total[d] = total[d]! + partial[d]!;
        const qt = s.queryTermsOf[d]!;
        if (!qt.includes(q)) qt.push(q);
      }
    }
    const hits = s.order.map((d) => ({ doc: d, score: total[d]! * (s.queryTermsOf[d]!.length || 1), queryTerms: s.queryTermsOf[d]!, terms: s.termsOf[d]!, counted: s.countedOf[d]! }));
    return hits.sort((a, b) => b.score - a.score);
  }

  /** Adds the documents of one term (the query's, or a prefix or fuzzy one) to the current query term's scores. */
  private score(s: SearchState, derived: string, id: number, termWeight: number): void {
    const { total, partial, seen, inTerm } = this;
    const perField = this.postings[id]!;
    for (let f = 0; f < s.boost.length; f++) {
      const p = perField[f];
      if (!p) continue;
      const fieldBoost = s.boost[f]!;
      const docBoost = 1;
      const { docs, raw } = p;
      for (let k = 0; k < docs.length; k++) {
        const d = docs[k]!;
        const weighted = termWeight * s.termBoost * fieldBoost * docBoost * raw[k]!;
        if (seen[d] !== s.epoch) {
          seen[d] = s.epoch;
          total[d] = 0;
          s.order.push(d);
          s.queryTermsOf[d] = [];
          s.termsOf[d] = [];
          s.countedOf[d] = 0;
        }
        if (inTerm[d] !== s.termEpoch) {
          inTerm[d] = s.termEpoch;
          partial[d] = weighted;
          s.touched.push(d);
        } else partial[d] = partial[d]! + weighted;
        const matched = s.termsOf[d]!;
        if (!matched.includes(derived)) {
          matched.push(derived);
          s.countedOf[d]! += this.counts[id]!;
        }
      }
    }
  }
}
