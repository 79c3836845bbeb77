// The BM25 index (knowledge/bm25.ts) scores exactly as MiniSearch 7, which the understanding was tuned
// with: same documents, same order, same scores to the last bit, same matched terms, with prefix and
// fuzzy terms, over the sample catalog's phrasings and queries read from the tuning set's messages.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { useSampleIndex } from '../helpers/knowledge';
import { Bm25Index, type Bm25Query } from '../../knowledge/bm25';
import { readQaFile } from '../../knowledge/eval';

const here = path.dirname(fileURLToPath(import.meta.url));
const sample = useSampleIndex();

describe('Bm25Index', () => {
  it('gives MiniSearch’s results, scores and matched terms on the catalog’s phrasings', () => {
    const docs = sample.index.docs;
    const mini = new MiniSearch<{ id: number; text: string; accented: string }>({
      fields: ['text', 'accented'],
      tokenize: (s) => (s ? s.split(' ') : []),
      processTerm: (t) => t || null,
    });
    mini.addAll(docs.map((d) => ({ id: d.id, text: d.text, accented: d.accented })));
    const bm25 = new Bm25Index(docs.map((d) => [d.text, d.accented]), 2);
    // Prefix and fuzzy on more words than the search asks for, so both paths are exercised often.
    const opts: Bm25Query = {
      boost: [1, 0.35],
      prefix: (t) => t.length >= 4,
      fuzzy: (t) => (t.length >= 5 ? 1 : t.length === 4 ? 0.3 : false),
      maxFuzzy: 1,
      boostTerm: (t) => (t.includes('_') ? 1.6 : t.length % 3 ? 1 : 0.6),
    };
    const messages = readQaFile(path.join(here, 'eval-tuning.jsonl')).slice(0, 120).map((it) => it.text);
    let compared = 0;
    for (const text of messages) {
      const p = sample.index.pipeline.process(text);
      const words = p.terms.slice(0, 40);
      const query = [...words, ...words.slice(1).map((w, i) => `${words[i]}_${w}`), ...p.concepts, ...new Set(p.accented)];
      const mine = bm25.search(query, opts);
      const theirs = mini.search(query.join(' '), {
        combineWith: 'OR',
        boost: { text: opts.boost[0]!, accented: opts.boost[1]! },
        prefix: (t) => opts.prefix(t),
        fuzzy: (t) => opts.fuzzy(t),
        maxFuzzy: opts.maxFuzzy,
        boostTerm: (t) => opts.boostTerm(t),
      });
      expect(mine.map((h) => h.doc), text).toEqual(theirs.map((r) => r.id));
      expect(mine.map((h) => h.score), text).toEqual(theirs.map((r) => r.score));
      expect(mine.map((h) => h.queryTerms), text).toEqual(theirs.map((r) => r.queryTerms));
      expect(mine.map((h) => [...h.terms].sort()), text).toEqual(theirs.map((r) => [...r.terms].sort()));
      compared += theirs.length;
    }
    expect(compared).toBeGreaterThan(5_000);
  });
});
