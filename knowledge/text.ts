// The text pipeline shared by the catalog index and the messages: normalise, fold, repair Telex
// slips, rewrite abbreviations/synonyms (data/synonyms), drop openers and question words.
// Catalog texts and messages go through the same steps, so both sides meet on the same keys.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalTones, fold, normalizeText, repairWord, wordsOf } from './normalize';
import { decodeKeystrokes, isEnglishWord, isKeptWord, type DecodedMessage } from './telex';
import type { Intent, Referral } from '../core/types';
import { altOf, marked as markedWord, PatternSet, type WordClasses } from './patterns';
import { loadSituations, type Combination, type Meaning, type ParseProblem } from './situations';
import { ExampleIndex, loadExamples } from './examples';
import { catalogHolds, loadReferrals, matchReferrals, type ReferralMatch, type ReferralRule } from './referrals';

export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'data');
export const SYNONYMS_FILE = path.join(DATA_DIR, 'synonyms', 'vi.txt');
export const STOPWORDS_FILE = path.join(DATA_DIR, 'synonyms', 'stopwords.txt');
export const OFFTOPIC_FILE = path.join(DATA_DIR, 'synonyms', 'offtopic.txt');
export const SITUATIONS_DIR = path.join(DATA_DIR, 'situations');
export const REFERRALS_DIR = path.join(DATA_DIR, 'referrals');
/** Example messages with their right answer (knowledge/examples.ts). */
export const EXAMPLES_DIR = path.join(DATA_DIR, 'examples');

/**
 * The word classes of data/situations that name people ($người_thân, $người_lớn, $con_nhỏ,
 * $người_nhận; folded names): a regional word folding like one of their words needs its marks.
 */
const PERSON_CLASSES = ['nguoi_than', 'nguoi_lon', 'con_nho', 'nguoi_nhan'];

// Longest synonym / stop phrase in words; longer lines in the files are ignored (and reported).
const MAX_PHRASE_WORDS = 8;

export interface SynonymRule {
  /** Folded words of the variant. */
  from: string[];
  /** Folded words of the meaning. */
  to: string[];
  /** Keep the variant's words and add the meaning ("+="), rather than replace ("="). */
  keep: boolean;
  /**
   * The variant's words as written where they carry marks (null: written without): a word marked in
   * both the data and the message must be the same word ("hen = nhé" is not "hẹn", "hổng" is not "hỏng").
   */
  marks?: (string | null)[];
  /**
   * A regional or colloquial word (the "a | b = c" lines of data/situations): where it is said, the
   * words as typed carry its marks ("o mo" said as "ở mô" is no "mờ").
   */
  regional?: boolean;
  /**
   * Written with marks, and folding into another phrase of the data written with other marks ("mệ tui"
   * and "mẹ tui"): typed without marks it is the other one as often, so only the marked typing counts.
   */
  marksRequired?: boolean;
}

/** Parses the synonyms file format: `a | b | c = meaning` or `a | b += meaning`. */
export function parseSynonyms(text: string): SynonymRule[] {
  const rules: SynonymRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const keep = line.includes('+=');
    const [left, right] = keep ? line.split('+=') : line.split('=');
    if (!left || right === undefined) continue;
    const to = wordsOf(fold(right));
    for (const variant of left.split('|')) {
      const { words: from, marks } = altOf(variant);
      if (from.length && from.length <= MAX_PHRASE_WORDS) rules.push({ from, to, keep, marks });
    }
  }
  return rules;
}

/** Off-topic phrases: separated by | or new lines, with their diacritics. */
export function parseOffTopic(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, ''))
    .flatMap((l) => l.split('|'))
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Words that name a paper ("giấy", "phiếu", "sổ"), folded and as written. */
const PAPER = new Set(['giay', 'giấy', 'phieu', 'phiếu', 'so', 'sổ']);
/** Words that say what a thing is for ("để", "đặng"), folded and as written. */
const PURPOSE = new Set(['de', 'để', 'đặng']);
/**
 * Words of its own a situation must say beside an off-topic phrase it overlaps to make the phrase
 * part of it: "vay … lãi thấp" beside "cho vay" is still anybody's loan, "vay … để tự tạo việc làm" is
 * the employment fund (set on the tuning sets: fewer let a bank loan through as the fund).
 */
const SITUATION_OWN_WORDS = 3;

/** Accented stop words: lines of the stop list starting with "!" (kept with their marks). */
export function parseAccentedStopwords(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trimStart().startsWith('!'))
    .flatMap((l) => l.trim().slice(1).split('|'))
    .map((w) => canonicalTones(normalizeText(w)))
    .filter(Boolean);
}

/** Parses the stop list: phrases separated by | or new lines. */
export function parseStopwords(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((l) => !l.trimStart().startsWith('!'))
    .map((l) => l.replace(/#.*$/, ''))
    .flatMap((l) => l.split('|'))
    .map((p) => wordsOf(fold(p)))
    .filter((w) => w.length > 0 && w.length <= MAX_PHRASE_WORDS);
}

export interface Processed {
  /** NFC, lower case, canonical tone placement, diacritics kept. */
  normalized: string;
  /** Folded words after Telex repair (before synonyms and stop words). */
  words: string[];
  /** Folded words after synonyms, for intent rules (joined with spaces). */
  key: string;
  /** Content words used for retrieval (stop words dropped). */
  terms: string[];
  /** Accented content words (messages typed with diacritics). */
  accented: string[];
  hasDiacritics: boolean;
  /** The message names something the commune does not handle (weather, loans, football…). */
  offTopic: boolean;
  /**
   * The off-topic phrases said (as matched) and the text without them: does the rest still name a
   * procedure? (understand.ts decides; absent when nothing off-topic is said).
   */
  offTopicSaid?: { spans: string[]; rest: string };
  /** Concept tokens of the situations said ("@chet"), kept apart from the words (no word pairs). */
  concepts: string[];
  /** Intents the situations point to ("#feedback" for a complaint told as a story). */
  intents: Intent[];
  /** Referral table entries whose patterns matched, with the span of `referralWords` they cover. */
  referrals: ReferralMatch[];
  /**
   * The words the referral table read: `words` with the regional variants replaced ("hổng có" =
   * "không có", "ở mô" = "ở đâu"), and their marks as written; absent when no variant was said.
   */
  referralWords?: { words: string[]; written?: (string | null)[] };
  /** `words` as written where they carry marks (one to one; null: written without), when they align. */
  written?: (string | null)[];
}

class PhraseTable<T> {
  private readonly byFirst = new Map<string, { words: string[]; value: T }[]>();
  add(words: string[], value: T) {
    const list = this.byFirst.get(words[0]!) ?? [];
    list.push({ words, value });
    // Longest phrase first, so "chưa lấy chồng" wins over "lấy chồng".
    list.sort((a, b) => b.words.length - a.words.length);
    this.byFirst.set(words[0]!, list);
  }
  match(words: string[], i: number, accept?: (value: T) => boolean): { words: string[]; value: T } | undefined {
    const list = this.byFirst.get(words[i]!);
    if (!list) return undefined;
    return list.find((e) => e.words.every((w, k) => words[i + k] === w) && (!accept || accept(e.value)));
  }
}

export class TextPipeline {
  private readonly synonyms = new PhraseTable<SynonymRule>();
  private readonly stops = new PhraseTable<true>();
  private readonly stopSingles = new Set<string>();
  private vocabulary = new Set<string>();

  private readonly offTopicFolded = new PhraseTable<true>();
  private readonly offTopicAccented = new PhraseTable<true>();

  private readonly accentedStops: Set<string>;
  situations = new PatternSet<Meaning>();
  /** Concepts that together mean more ("@người_có_công + @người_mất"), in a clause or across a message. */
  combinations: Combination[] = [];
  referralSet = new PatternSet<ReferralRule>();
  referralList: Referral[] = [];
  /** The example messages' index (the second opinion, second-opinion.ts). */
  examples = new ExampleIndex([]);
  /** Lines of the data files that could not be read (shown by `npm run ask`). */
  problems: ParseProblem[] = [];

  constructor(rules: SynonymRule[], stopPhrases: string[][], offTopic: string[] = [], accentedStops: string[] = []) {
    this.accentedStops = new Set(accentedStops);
    for (const o of offTopic) {
      const accented = wordsOf(canonicalTones(normalizeText(o)));
      if (!accented.length) continue;
      this.offTopicAccented.add(accented, true);
      // Without marks, a lone marked word is too often another ("mưa" is "mua", "thuốc" "thuộc"):
      // only phrases, or words that have no marks, are looked for in messages typed without them.
      const folded = wordsOf(fold(o));
      if (folded.length > 1 || folded[0] === accented[0]) this.offTopicFolded.add(folded, true);
    }
    for (const r of rules) this.synonyms.add(r.from, r);
    for (const p of stopPhrases) {
      if (p.length === 1) this.stopSingles.add(p[0]!);
      else this.stops.add(p, true);
    }
    for (const r of rules) for (const w of [...r.from, ...r.to]) this.vocabulary.add(w);
    for (const p of stopPhrases) for (const w of p) this.vocabulary.add(w);
  }

  static fromFiles(): TextPipeline {
    const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : '');
    // Word classes ($người_thân) are shared: situations define them, referrals may use them.
    const classes: WordClasses = new Map();
    const situations = loadSituations(SITUATIONS_DIR, classes);
    const regional = parseSynonyms(situations.synonymLines.join('\n')).map((r) => ({ ...r, regional: true }));
    const pipeline = new TextPipeline(
      markAmbiguous(
        [...parseSynonyms(read(SYNONYMS_FILE)), ...regional],
        [...classes.values()].flat(),
        PERSON_CLASSES.flatMap((c) => classes.get(c) ?? []),
      ),
      parseStopwords(read(STOPWORDS_FILE)),
      parseOffTopic(read(OFFTOPIC_FILE)),
      parseAccentedStopwords(read(STOPWORDS_FILE)),
    );
    const referrals = loadReferrals(REFERRALS_DIR, classes);
    pipeline.situations = situations.set;
    pipeline.combinations = situations.combinations;
    pipeline.referralSet = referrals.set;
    pipeline.referralList = referrals.list;
    const examples = loadExamples(EXAMPLES_DIR);
    pipeline.examples = new ExampleIndex(examples.examples);
    pipeline.problems = [...situations.problems, ...referrals.problems, ...examples.problems];
    return pipeline;
  }

  /** Words the Telex repair may aim at (catalog words, intent words, synonyms). */
  addVocabulary(words: Iterable<string>) {
    for (const w of words) if (w.length > 1 && !/\d/.test(w)) this.vocabulary.add(w);
  }

  /**
   * The catalog holds these phrasings (folded words of names and citizen phrasings): referral
   * patterns that say one of them are dropped (referrals.ts, catalogHolds).
   */
  dropReferralsHeldBy(phrasings: string[][]): number {
    return catalogHolds(this.referralSet, phrasings);
  }

  /** A word of the synonyms, stop words or intent vocabulary. */
  isKnown(word: string): boolean {
    return this.vocabulary.has(word);
  }

  isStopword(word: string): boolean {
    return this.stopSingles.has(word);
  }

  /** Full processing of one text (a message or a catalog phrase). */
  process(input: string, opts: { repair?: boolean; message?: DecodedMessage } = {}): Processed {
    // Messages typed in Telex/VNI without an input method are decoded first (catalog texts never are),
    // once: `message` says that `input` is (a sentence of) a message decoded already (decodeMessage).
    const decoded = opts.repair === false || opts.message ? input : decodeKeystrokes(input);
    // Marks the decoder guessed ("ddocj" → "đọc") are not the marks of a word typed with them.
    const typedMarks = opts.message ? !opts.message.guessed : decoded === input;
    const typed = opts.message?.typed ?? input;
    const normalized = canonicalTones(normalizeText(decoded));
    const folded = fold(normalized);
    const hasDiacritics = folded !== normalized.replace(/\s+/g, ' ');
    const known = (w: string) => this.vocabulary.has(w);
    let words = wordsOf(folded);
    // The folded and accented word lists align one to one (folding keeps the word boundaries).
    const accentedWords = hasDiacritics ? wordsOf(normalized) : words;
    const aligned = accentedWords.length === words.length;
    // A word typed with its marks ("trạm") was typed with an input method: no Telex letter inside it
    // is a slip, and removing one would make another word of it ("tram" → "tam", then "ở tạm").
    let marked = aligned && hasDiacritics ? words.map((w, i) => accentedWords[i] !== w) : undefined;
    // The words as written, one to one with the folded ones (patterns.ts keeps apart words that only
    // fold alike).
    let written = aligned && hasDiacritics ? accentedWords.map(markedWord) : undefined;
    // Where each word stands among the accented words (the same index until function words are dropped).
    let accentedAt = words.map((_, i) => i);
    if (hasDiacritics && this.accentedStops.size && aligned) {
      // Drop words whose accented form is a function word colliding with a procedure word
      // once folded ("hơn" vs "hôn").
      const keep = words.map((_, i) => !this.accentedStops.has(accentedWords[i]!));
      accentedAt = accentedAt.filter((_, i) => keep[i]);
      words = words.filter((_, i) => keep[i]);
      marked = marked?.filter((_, i) => keep[i]);
      written = written?.filter((_, i) => keep[i]);
    }
    // Words the keystroke decoder keeps as typed (English, names: "Lee", "boss") are no slips either.
    // Nor are common English words in an English message or one typed with marks ("there", "been").
    if (opts.repair !== false) words = words.map((w, i) => (isKeptWord(w) || isEnglishWord(w, typed) ? w : repairWord(w, known, marked?.[i] ?? false)));
    // A word repaired into another is no longer the word as written.
    if (written) written = written.map((m, i) => (m && fold(m) === words[i] ? m : null));
    // The rewritten words keep the marks of the words they copy (a synonym's meaning has none).
    const rewrittenMarks: (string | null)[] | undefined = written ? [] : undefined;
    const rewritten = this.rewrite(words, written, rewrittenMarks, typedMarks);
    // Situations and referrals match the words as typed and as rewritten ("sổ đỏ" and its meaning).
    const concepts = new Set<string>();
    const intents = new Set<Intent>();
    const extra: string[] = [];
    const said = new Set<string>();
    const take = (meaning: Meaning) => {
      for (const c of meaning.concepts) concepts.add(c);
      for (const it of meaning.intents) intents.add(it);
      // A situation's catalog words steer a citizen's story to one procedure; a catalog phrasing
      // (processed without repair) takes the concepts only, so no procedure gains another's words.
      // Once each: repeated words would only crowd the question out of the query's word budget.
      const key = meaning.words.join(' ');
      if (opts.repair !== false && key && !said.has(key)) {
        said.add(key);
        extra.push(...meaning.words);
      }
    };
    // A regional word typed without marks is the word its line writes ("ở mô" is no "mờ"): the words
    // as typed are matched with the marks the regional lines give them.
    const rawMarks = this.regionalMarks(words, written, typedMarks);
    // Words of the rewritten message that tell only a circumstance (a "nền" line matched on them).
    const background = new Set<number>();
    // Spans of the message as typed that a situation's concept covers ("vay … lãi thấp để tự tạo việc
    // làm"): an off-topic phrase they reach past is part of a life situation the catalog knows.
    const situated: [number, number][] = [];
    const lists = rewritten.length === words.length && rewritten.every((w, i) => w === words[i]) ? [words] : [words, rewritten];
    for (const list of lists) {
      for (const m of this.situations.matchAll(list, list === words ? rawMarks : rewrittenMarks)) {
        take(m.value);
        if (list === words && m.value.concepts.length && !m.value.background) situated.push([m.start, m.end]);
        if (m.value.background && list === lists.at(-1)) for (let k = m.start; k < m.end; k++) background.add(k);
      }
    }
    // Checked in file order against the concepts said so far, so a combination may build on another's.
    for (const c of this.combinations) if (c.all.every((x) => concepts.has(x))) take(c.value);
    // The referral table is written in common words: it reads the regional variants as their meaning,
    // so "nỏ có lương hưu" is the exception "không có lương hưu" and "ly hôn ở mô" asks where.
    const plain = opts.repair === false ? undefined : this.regionalRead(words, written, typedMarks);
    const referrals = plain ? matchReferrals(this.referralSet, plain.words, plain.written) : [];
    const asked = background.size ? rewritten.filter((_, i) => !background.has(i)) : rewritten;
    const terms = this.dropStops(extra.length ? [...asked, ...this.rewrite(extra)] : asked);
    // An accented word of the background only goes when no other word of the message says it.
    const left = new Set(asked);
    const told = new Set(rewritten.filter((w, i) => background.has(i) && !left.has(w)));
    const accented = hasDiacritics
      ? accentedWords.filter((w) => !this.stopSingles.has(fold(w)) && /[^ -~]/.test(w) && !told.has(fold(w)))
      : [];
    const offTopicSaid = hasDiacritics
      ? this.phrasesSaid(this.offTopicAccented, accentedWords, situated.map(([a, b]) => [accentedAt[a]!, accentedAt[b - 1]! + 1]))
      : this.phrasesSaid(this.offTopicFolded, words, situated);
    return {
      normalized, words, key: rewritten.join(' '), terms, accented, hasDiacritics, offTopic: offTopicSaid !== undefined,
      offTopicSaid, concepts: [...concepts], intents: [...intents], referrals, written,
      ...(plain && plain.words !== words ? { referralWords: plain } : {}),
    };
  }

  /**
   * What the combinations add to concepts said across a message's clauses: the concepts and the
   * terms of their catalog words (as `process` makes them), for those not all said in one clause.
   */
  combine(concepts: Set<string>): { all: string[]; concepts: string[]; intents: Intent[]; terms: string[] }[] {
    return this.combinations
      .filter((c) => c.all.every((x) => concepts.has(x)))
      .map((c) => ({ all: c.all, concepts: c.value.concepts, intents: c.value.intents, terms: c.value.words.length ? this.dropStops(this.rewrite(c.value.words)) : [] }));
  }

  /**
   * The words' marks as written, completed where a regional line rewrites words typed without marks
   * (found as the first rewriting pass finds them) with the marks of that line's variant.
   */
  private regionalMarks(words: string[], marks: (string | null)[] | undefined, typed: boolean): (string | null)[] | undefined {
    let out: (string | null)[] | undefined;
    for (let i = 0; i < words.length; ) {
      const m = this.synonyms.match(words, i, (r) => accepts(r, marks, i, typed));
      if (!m) {
        i++;
        continue;
      }
      if (m.value.regional && m.value.marks?.some(Boolean)) {
        out ??= marks ? [...marks] : words.map(() => null);
        for (let k = 0; k < m.words.length; k++) out[i + k] ??= m.value.marks[k] ?? null;
      }
      i += m.words.length;
    }
    return out ?? marks;
  }

  /**
   * The words with only the regional variants rewritten (one pass, as the first pass of `rewrite`
   * finds them), with the marks as written of the words kept; the same arrays when none is said.
   * A variant whose words carry marks counts only typed with them: "so hong" is "sổ hồng" as often
   * as "sổ hông" (không).
   */
  private regionalRead(words: string[], marks: (string | null)[] | undefined, typed: boolean): { words: string[]; written?: (string | null)[] } {
    const out: string[] = [];
    const outMarks: (string | null)[] = [];
    let changed = false;
    for (let i = 0; i < words.length; ) {
      const m = this.synonyms.match(words, i, (r) => r.regional === true && accepts(r, marks, i, typed) && typedWithMarks(r, marks, i));
      if (!m) {
        outMarks.push(marks?.[i] ?? null);
        out.push(words[i++]!);
        continue;
      }
      changed = true;
      if (m.value.keep) {
        out.push(...m.words);
        outMarks.push(...m.words.map((_, k) => marks?.[i + k] ?? null));
      }
      out.push(...m.value.to);
      outMarks.push(...m.value.to.map(() => null));
      i += m.words.length;
    }
    return changed ? { words: out, written: marks ? outMarks : undefined } : { words, written: marks };
  }

  /** The phrases of the table said in the words, and the words left around them (none said: undefined). */
  private phrasesSaid(table: PhraseTable<true>, words: string[], situated: [number, number][]): { spans: string[]; rest: string } | undefined {
    const spans: string[] = [];
    const rest: string[] = [];
    // A situation that overlaps the phrase and says more than it ("cho vay" in "cho vay lãi thấp để tự
    // tạo việc làm"); one inside it is a coincidence of its words ("báo thôi" in "dự báo thời tiết").
    const partOfSituation = (i: number, n: number) =>
      situated.some(([a, b]) => a < i + n && i < b && Math.max(0, i - a) + Math.max(0, b - i - n) >= SITUATION_OWN_WORDS);
    for (let i = 0; i < words.length; ) {
      const m = table.match(words, i);
      // "giấy khám bệnh", "phiếu tiêm phòng": a paper named after the off-topic thing is a paper.
      if (m && (PAPER.has(words[i - 1] ?? '') || partOfSituation(i, m.words.length))) {
        rest.push(...m.words);
        i += m.words.length;
      } else if (m) {
        spans.push(m.words.join(' '));
        i += m.words.length;
        // What the off-topic thing is for is no question of its own ("ngày tốt để cưới vợ"): the
        // rest of the clause after "để" goes with it.
        if (m.words.length > 1 && PURPOSE.has(words[i] ?? '')) i = words.length;
      } else rest.push(words[i++]!);
    }
    return spans.length ? { spans, rest: rest.join(' ') } : undefined;
  }

  /**
   * Rewrites variants to their meaning. A second pass lets an expansion complete a longer
   * variant ("nhập hk" → "nhập hộ khẩu" → "đăng ký thường trú"); additive rules run once.
   */
  private rewrite(words: string[], marks?: (string | null)[], marksOut?: (string | null)[], typed = true): string[] {
    const between: (string | null)[] | undefined = marks ? [] : undefined;
    const once = this.rewritePass(words, true, marks, between, typed);
    return this.rewritePass(once, false, between, marksOut, typed);
  }

  /**
   * One pass; `marks` (one per word) are carried to `marksOut` for the words copied as they are, and
   * keep apart, when `typed`, variants that only fold alike.
   */
  private rewritePass(words: string[], additive: boolean, marks?: (string | null)[], marksOut?: (string | null)[], typed = true): string[] {
    const out: string[] = [];
    for (let i = 0; i < words.length; ) {
      const m = this.synonyms.match(words, i, (r) => accepts(r, marks, i, typed));
      if (m && (additive || !m.value.keep)) {
        if (m.value.keep) {
          out.push(...m.words);
          marksOut?.push(...m.words.map((_, k) => marks?.[i + k] ?? null));
        }
        out.push(...m.value.to);
        marksOut?.push(...m.value.to.map(() => null));
        i += m.words.length;
      } else {
        marksOut?.push(marks?.[i] ?? null);
        out.push(words[i++]!);
      }
    }
    return out;
  }

  private dropStops(words: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < words.length; ) {
      const m = this.stops.match(words, i);
      if (m) {
        i += m.words.length;
        continue;
      }
      const w = words[i++]!;
      if (!this.stopSingles.has(w)) out.push(w);
    }
    return out;
  }
}

/** Every word of the variant written with marks was typed with those marks. */
function typedWithMarks(rule: SynonymRule, marks: (string | null)[] | undefined, i: number): boolean {
  return !rule.marks || rule.marks.every((a, k) => !a || marks?.[i + k] === a);
}

/**
 * May the rule rewrite the words from i: said as written (when typed), or with its marks when they are
 * required. Marks the keystroke decoder gave are the keys typed: the variant's word with keys left out
 * ("ddocj" đọc for "độc thân"), not with keys added ("ddeer" để is no "đẻ").
 */
function accepts(rule: SynonymRule, marks: (string | null)[] | undefined, i: number, typed: boolean): boolean {
  if (rule.marksRequired && !(typed && marks && rule.marks?.every((a, k) => !a || marks[i + k] === a))) return false;
  return sameAsWritten(rule, marks, i, typed ? undefined : keysLeftOut);
}

/** The letters of a word, each with its marks (đ is d with a stroke). */
function lettersOf(word: string): { base: string; marks: Set<string> }[] {
  const out: { base: string; marks: Set<string> }[] = [];
  for (const ch of word.normalize('NFD')) {
    if (/\p{M}/u.test(ch) && out.length) out[out.length - 1]!.marks.add(ch);
    else out.push({ base: ch === 'đ' ? 'd' : ch, marks: new Set(ch === 'đ' ? ['đ'] : []) });
  }
  return out;
}

/** Is `decoded` the word `written` with some of its marks' keys left out (none added)? */
function keysLeftOut(written: string, decoded: string): boolean {
  const a = lettersOf(written);
  const b = lettersOf(decoded);
  return a.length === b.length && b.every((l, j) => l.base === a[j]!.base && [...l.marks].every((m) => a[j]!.marks.has(m)));
}

/**
 * Flags the variants written with marks that fold into another phrase of the data written with other
 * marks (a synonym's variant or a word class's phrase): "mệ tui" (Central, "bà") and "mẹ tui"; and the
 * regional variants with a word that folds like a marked word of a class ("chừ tui" / "chú tui").
 */
export function markAmbiguous(
  rules: SynonymRule[],
  phrases: { words: string[]; marks: (string | null)[] }[],
  people: { words: string[]; marks: (string | null)[] }[] = [],
): SynonymRule[] {
  // Folded phrase → its marked forms → what each means (a class phrase means itself).
  const forms = new Map<string, Map<string, string>>();
  const add = (words: string[], marks: (string | null)[] | undefined, meaning: string) => {
    if (!marks?.some(Boolean)) return;
    const key = words.join(' ');
    const byForm = forms.get(key) ?? new Map<string, string>();
    byForm.set(words.map((w, k) => marks[k] ?? w).join(' '), meaning);
    forms.set(key, byForm);
  };
  for (const p of phrases) add(p.words, p.marks, p.words.join(' '));
  for (const r of rules) add(r.from, r.marks, r.to.join(' '));
  // Marked words of the classes of people by folded word ("chú", "má", "bà" of $người_thân): a regional
  // word folding like one of them ("chừ", "mạ", "bả") is that word as often when typed without marks.
  const classWords = new Map<string, Set<string>>();
  // (First words only: "chừ muốn" / "chú muốn", not "ở mô" / "ở mợ".)
  for (const p of people) {
    const [w, m] = [p.words[0], p.marks[0]];
    if (w && m) classWords.set(w, (classWords.get(w) ?? new Set()).add(m));
  }
  const foldsLikeClassWord = (r: SynonymRule) => {
    const [w, m] = [r.from[0]!, r.marks![0]];
    return r.regional === true && !!m && [...(classWords.get(w) ?? [])].some((x) => x !== m);
  };
  return rules.map((r) => {
    if (!r.marks?.some(Boolean)) return r;
    const mine = r.to.join(' ');
    const form = r.from.map((w, k) => r.marks![k] ?? w).join(' ');
    const others = [...(forms.get(r.from.join(' ')) ?? new Map<string, string>())].filter(([f]) => f !== form);
    return others.some(([, m]) => m !== mine) || foldsLikeClassWord(r) ? { ...r, marksRequired: true } : r;
  });
}

/**
 * Does the message, from word i, say the rule's variant as written? A word typed with marks is the
 * variant's word only when written with the same marks: "hen = nhé" is no "hẹn", "hổng" no "hỏng"
 * (a variant written without marks is the unmarked typing of its word). Words typed without marks
 * match either way.
 */
function sameAsWritten(rule: SynonymRule, marks: (string | null)[] | undefined, i: number, alike?: (written: string, said: string) => boolean): boolean {
  if (!marks || !rule.marks) return true;
  return rule.marks.every((a, k) => {
    const b = marks[i + k];
    return !b || a === b || (a !== null && alike !== undefined && alike(a, b));
  });
}

/** Unigrams plus adjacent-pair bigrams ("khai_sinh"): Vietnamese meaning lives in word pairs. */
export function withBigrams(terms: string[]): string[] {
  const out = [...terms];
  for (let i = 0; i + 1 < terms.length; i++) out.push(`${terms[i]}_${terms[i + 1]}`);
  return out;
}
