// Understanding a citizen's message: intent and candidate procedures.
// The engine calls `analyze` at most once per turn (lazily).
import type { Analysis, Intent, Outcome, Referral } from '../core/types';
import type { Db } from '../models/db';
import { fold, normalizeText } from './normalize';
import { getKnowledge } from './store';
import { MAX_QUERY_WORDS, queryOf, withBigrams, type Candidate, type ProcedureIndex, type Query } from './search';
import { isAsk, isHearsay, isPrivateAsk, splitSentences } from './sentences';
import { combinationsSaid, type ReferralMatch } from './referrals';
import { asksHowTo, BENEFIT_AMOUNT, CITIZEN_RECEPTION, COMPLAINT_KINDS, COMPLAINT_PROCEDURE_ASKED, cueSaid, DOSSIER_CODE, FOLLOW_UP, GREETING_ONLY_MAX_TERMS, ordinalPick, SUBMISSION_SAID, toldComplaint } from './intents';
import type { Processed } from './text';
import { decodeMessage } from './telex';
import { LruCache } from './lru';
import { aboutLast, followsUp } from './follow-ups';
import { withSecondOpinion } from './second-opinion';
import { ANSWER_MIN_CONFIDENCE, confidenceOf, evidenceOf, outcomeFor, type Evidence } from './confidence';

// The thresholds are part of the confidence model (confidence.ts); re-exported for the handlers.
export { ANSWER_MIN_CONFIDENCE, CHOICES_MIN_CONFIDENCE, REVIEW_BELOW_CONFIDENCE } from './confidence';

export interface Understanding {
  analyze(text: string, memory: Record<string, unknown>): Promise<Analysis>;
}

// Phrases (folded) that mark an intent; checked in this order. (Kept for callers without a catalog.)
const INTENT_PHRASES: [Intent, RegExp][] = [
  ['unsubscribe', /\b(huy nhan tin|dung nhan tin|khong nhan tin|huy dang ky nhan|unsubscribe)\b/],
  ['subscribe', /\b(nhan tin|nhan ban tin|dang ky nhan|subscribe)\b/],
  ['human', /\b(gap can bo|nguoi that|nhan vien|tong dai vien|noi chuyen voi can bo)\b/],
  ['feedback', /\b(phan anh|kien nghi|gop y|khieu nai|to cao)\b/],
  ['dossier_status', /\b(tra cuu ho so|ho so .*(den dau|the nao|buoc nao)|ma ho so)\b/],
  ['rating', /\b(danh gia|cham diem)\b/],
  ['greeting', /^(xin chao|chao|hello|hi|alo|chao ban|chao ad)\b/],
];

/** Rule-based intents only; the knowledge module adds procedure search on top. */
export function detectBasicIntent(text: string): Intent {
  const key = fold(text);
  for (const [intent, re] of INTENT_PHRASES) if (re.test(key)) return intent;
  return 'unknown';
}

export function basicUnderstanding(): Understanding {
  return {
    async analyze(text) {
      return {
        intent: detectBasicIntent(text),
        normalized: normalizeText(text),
        procedures: [],
        numbers: extractNumbers(text),
        confident: false,
      };
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Thresholds of the catalog understanding. They are relative where possible (ratios of BM25
// scores), so they hold whatever the catalog size; absolute floors were set on a held-out half
// of the development questions (bench/qa.ts --holdout) and checked on the other half.

/** Only this much of a very long message is analysed: nobody asks two procedures in 2,000 characters. */
export const MAX_ANALYZE_CHARS = 2000;
/** Candidates searched before the story's are put behind the ask's (askFirst). */
const SEARCH_DEPTH = 10;
/**
 * Score kept by a candidate that matches only words of the background story when another, with
 * evidence of its own, matches what is asked ("đã đăng ký tạm trú… giờ làm khai sinh cho bé ở đây").
 */
const STORY_ONLY_FACTOR = 0.5;
/** Minimum score of any accepted match. */
const MIN_SCORE = 4;
/** Candidates shown in "Ý anh/chị là:" are those within this ratio of the winner. */
const OPTION_RATIO = 0.35;
export const MAX_CANDIDATES = 5;
/** "Ý anh/chị là:" offers at most this many choices (issue 12: a short list a citizen can read). */
export const MAX_CHOICES = 3;
/** A follow-up ("rồi nộp ở đâu vậy ạ") is short; a longer message is a new question. */
const FOLLOW_UP_MAX_WORDS = 14;
/** Weight of the background story against the sentences that ask (1). */
const BACKGROUND_WEIGHT = 0.6;

export type Aspect = keyof typeof FOLLOW_UP;

/** Which part of a procedure a message asks about (fee, time, where, documents, online), if any. */
export function aspectOf(key: string): Aspect | null {
  for (const a of ['fee', 'time', 'where', 'online', 'documents'] as Aspect[]) if (FOLLOW_UP[a].test(key)) return a;
  return null;
}

/** Memory keys the procedures handler writes and the understanding reads for follow-ups. */
export const MEMORY_LAST_PROCEDURE = 'procedures.last';
export const MEMORY_LAST_LIST = 'procedures.list';

/**
 * The session memory after a turn analysed as `a` (what the procedures handler remembers: the
 * procedure answered, or the list offered). Evaluation replays conversations with it.
 */
export function memoryAfter(a: Analysis, memory: Record<string, unknown>): Record<string, unknown> {
  if (a.intent === 'referral') return { ...memory, [MEMORY_LAST_PROCEDURE]: null, [MEMORY_LAST_LIST]: null };
  if ((a.intent !== 'procedure' && a.intent !== 'fee') || !a.procedures.length) return memory;
  if (a.outcome === 'choices') return { ...memory, [MEMORY_LAST_LIST]: a.procedures.slice(0, MAX_CHOICES).map((p) => p.code) };
  return { ...memory, [MEMORY_LAST_PROCEDURE]: a.procedures[0]!.code };
}

/** Numbers written in the text (pages, copies…), thousands separators understood; codes skipped. */
export function extractNumbers(text: string): number[] {
  const cleaned = text.replace(/\b\d\.\d{6}\b/g, ' ').replace(/[0-9a-z]+(?:[.-][0-9a-z]+){2,}/gi, ' ');
  return (cleaned.match(/\d{1,3}(?:\.\d{3})+(?!\d)|\d+/g) ?? []).map((n) => Number(n.replace(/\./g, ''))).filter((n) => n < 1e9);
}

function has(re: RegExp, key: string): boolean {
  return re.test(key);
}

export interface DetailedAnalysis extends Analysis {
  processed: Processed;
  candidates: Candidate[];
  /** What the confidence was computed from (tools and calibration). */
  evidence?: Evidence;
  /** A sentence of the message asks something (a question word, a request, "?"): not only a story. */
  asked?: boolean;
  /** The words of the sentences that ask, when the message also tells a story. */
  askWords?: string[];
  /** Set when the example messages overruled the rules (second-opinion.ts). */
  decidedBy?: 'examples';
}

/**
 * Is the best candidate real evidence, not a coincidence of one word? Vietnamese concepts are
 * mostly two syllables: a lone matching syllable ("nuôi" in "nuôi ong lấy mật"), a pair most procedures share ("đăng ký"),
 * or two words lost in a long phrasing are chance.
 */
function accepted(c: Candidate | undefined, offTopic: boolean): boolean {
  if (!c || c.score < MIN_SCORE) return false;
  if (c.pairMatch || c.conceptMatch) return true;
  if (offTopic) return false;
  return c.phraseMatch;
}

/** The message split into sentences, weighted: what is asked counts fully, the story less. */
interface Reading {
  query: Query;
  /** Terms said in a sentence that asks. */
  askTerms: Set<string>;
  /** The clauses that ask, as written. */
  askText: string;
  /** Referral matches, each with the weight of its sentence. */
  referrals: { referral: Referral; weight: number; residual: string; ask: boolean; span: string }[];
  intents: Set<Intent>;
  /** Intents of the situations said in a sentence that asks. */
  askIntents: Set<Intent>;
  sentences: number;
  /** A sentence asks something (a question word, a request, "?"): not only a story told. */
  asked: boolean;
  /** The clauses read as the question (the whole message when it is one clause). */
  askParts: Processed[];
}

/** The message processed clause by clause, and the whole of it (the clauses joined). */
function processClauses(index: ProcedureIndex, input: string): { whole: Processed; parts: { text: string; p: Processed }[] } {
  // Telex/VNI decoded once for the whole message, before the split: a short sentence alone has too
  // few keystroke words to tell a Telex message, and the readers of a sentence's text (questions,
  // negation, stories) see the words, not their keystrokes ("khoong" is "không").
  // Each sentence is processed as part of that decoded message, not decoded again (its guessed marks
  // would read as typed ones).
  const message = decodeMessage(input);
  const sentences = splitSentences(message.text);
  if (sentences.length <= 1) {
    const whole = index.pipeline.process(message.text, { message });
    return { whole, parts: [{ text: message.text, p: whole }] };
  }
  const parts = sentences.map((text) => ({ text, p: index.pipeline.process(text, { message }) }));
  const all = parts.map((x) => x.p);
  const whole: Processed = {
    normalized: all.map((x) => x.normalized).join(' '),
    words: all.flatMap((x) => x.words),
    key: all.map((x) => x.key).join(' '),
    terms: all.flatMap((x) => x.terms),
    accented: all.flatMap((x) => x.accented),
    hasDiacritics: all.some((x) => x.hasDiacritics),
    offTopic: all.some((x) => x.offTopic),
    offTopicSaid: all.some((x) => x.offTopicSaid)
      ? { spans: all.flatMap((x) => x.offTopicSaid?.spans ?? []), rest: all.map((x) => x.offTopicSaid?.rest ?? x.normalized).join('. ') }
      : undefined,
    concepts: [...new Set(all.flatMap((x) => x.concepts))],
    intents: [...new Set(all.flatMap((x) => x.intents))],
    referrals: all.flatMap((x) => x.referrals),
  };
  return { whole, parts };
}

/** Negations said just before a phrase ("không có", "ko", "hổng có", "chưa từng"). */
const NEGATION = new Set(['khong', 'ko', 'k', 'kg', 'hong', 'hok', 'chang', 'cha', 'chua']);

function negated(words: string[], start: number): boolean {
  const prev = words[start - 1];
  if (prev === undefined) return false;
  if (NEGATION.has(prev)) return true;
  if (!(prev === 'co' || prev === 'duoc' || prev === 'dc' || NOT_WANTED.has(prev))) return false;
  // "chưa từng có", "không hề có", "chưa bao giờ được": the negation may stand before a word of degree.
  let k = start - 2;
  if (words[k] === 'tung' || words[k] === 'he') k--;
  else if (words[k] === 'gio' && words[k - 1] === 'bao') k -= 2;
  return NEGATION.has(words[k] ?? '');
}
/** Not wanting or meaning to ("không muốn ra tòa", "chưa tính ly hôn"): the matter is not asked about. */
const NOT_WANTED = new Set(['muon', 'dinh', 'tinh', 'can', 'thich']);

function read(index: ProcedureIndex, parts: { text: string; p: Processed }[], whole: Processed, specific: (t: string) => boolean): Reading {
  const asks = parts.map((x) => isAsk(x.text, x.p.key));
  const asked = asks.some(Boolean);
  // An ask that names nothing ("vậy mấy đứa phải làm giấy gì?", "cái đó làm ở đâu") is about what
  // the sentence before it tells: that sentence is read as part of the question.
  // Naming is a word pair of the catalog, a situation or another office's matter ("giành quyền nuôi
  // con"): lone words ("sao", "phải") are no subject.
  const names = (p: Processed) =>
    p.concepts.length > 0 || p.referrals.some((m) => !m.part && !negated((p.referralWords ?? p).words, m.start)) || withBigrams(p.terms).some((t) => t.includes('_') && specific(t));
  // Questions that name nothing at all ("nộp đơn ở đâu ạ?") ask about the story as a whole, unless
  // the sentence read with them tells of a service heard of ("nghe nói có trợ giúp pháp lý"): they
  // ask for that.
  const namelessAsk = parts.length > 1 && asked && parts.every((x, i) => !asks[i] || !names(x.p));
  for (let i = parts.length - 1; i > 0; i--) {
    if (asks[i] && !asks[i - 1] && !names(parts[i]!.p)) asks[i - 1] = true;
  }
  const storyAsked = namelessAsk && parts.every((x, i) => !asks[i] || !isHearsay(x.p.key) || !names(x.p));
  // A message of one sentence, or one that asks nothing, is read whole (its last sentence stands for the ask).
  if (parts.length === 1) asks[0] = true;
  else if (!asked) asks[asks.length - 1] = true;
  const weights = new Map<string, number>();
  const terms: string[] = [];
  const words = new Set<string>();
  const accented: string[] = [];
  const askTerms = new Set<string>();
  const referrals: Reading['referrals'] = [];
  // Parts of combinations (`a + b` in data/referrals), with what each would be on its own.
  const comboParts: (ReferralMatch & { found: Reading['referrals'][number] })[] = [];
  const intents = new Set<Intent>(whole.intents);
  const askIntents = new Set<Intent>();
  // The question's clauses first, so a long story cannot push them past the word limit.
  const order = parts.map((_, i) => i).sort((x, y) => Number(asks[y]) - Number(asks[x]));
  let budget = MAX_QUERY_WORDS;
  for (const i of order) {
    const { p } = parts[i]!;
    const w = asks[i] ? 1 : BACKGROUND_WEIGHT;
    const clauseTerms = p.terms.slice(0, Math.max(0, budget));
    budget -= clauseTerms.length;
    for (const t of [...withBigrams(clauseTerms), ...p.concepts]) {
      if ((weights.get(t) ?? 0) < w) weights.set(t, w);
      terms.push(t);
      if (asks[i]) askTerms.add(t);
    }
    for (const t of [...clauseTerms, ...p.concepts]) words.add(t);
    accented.push(...p.accented);
    // "không có lương hưu": a matter said not to exist is not what is asked about.
    // (The words the referral table read: regional variants replaced, text.ts.)
    const rw = p.referralWords ?? p;
    const said = p.referrals.filter((m) => !negated(rw.words, m.start));
    // The clause without the words of any referral: does it still name a commune procedure?
    // (As written where marked, so that words which only fold alike stay apart when it is read again.)
    const residual = rw.words.map((w, k) => rw.written?.[k] ?? w).filter((_, k) => !said.some((m) => k >= m.start && k < m.end)).join(' ');
    for (const m of said) {
      const found = { referral: m.value, weight: w * m.size, residual, ask: asks[i]!, span: rw.words.slice(m.start, m.end).join(' ') };
      if (m.part) comboParts.push({ ...m, found });
      else referrals.push(found);
    }
    // A complaint told as a story (intents.ts) counts like a situation's: the ask decides.
    for (const it of toldComplaint(p, false, whole) ? [...p.intents, 'feedback' as const] : p.intents) {
      intents.add(it);
      if (asks[i]) askIntents.add(it);
    }
  }
  // Concepts told in different clauses that together mean more ("ba tôi là thương binh, mới qua
  // đời"): weighed like the weightiest clause that says one of them.
  for (const c of index.pipeline.combine(new Set(whole.concepts))) {
    if (parts.some((x) => c.all.every((k) => x.p.concepts.includes(k)))) continue;
    const from = parts.map((x, i) => (c.all.some((k) => x.p.concepts.includes(k)) ? i : -1)).filter((i) => i >= 0);
    const ask = from.some((i) => asks[i]);
    const w = ask ? 1 : BACKGROUND_WEIGHT;
    for (const t of [...withBigrams(c.terms), ...c.concepts]) {
      if ((weights.get(t) ?? 0) < w) weights.set(t, w);
      terms.push(t);
      words.add(t);
      if (ask) askTerms.add(t);
    }
    for (const it of c.intents) {
      intents.add(it);
      if (ask) askIntents.add(it);
    }
  }
  // A matter said in parts across a story ("đất bị thu hồi làm khu công nghiệp, tiền bồi thường tính
  // sao"): asked when a part is asked, weighed as all its words, beside the clause of its last part.
  for (const got of combinationsSaid(comboParts)) {
    const ask = got.some((m) => m.found.ask);
    const where = got.find((m) => m.found.ask) ?? got[got.length - 1]!;
    referrals.push({
      referral: where.found.referral,
      weight: (ask ? 1 : BACKGROUND_WEIGHT) * got.reduce((n, m) => n + m.size, 0),
      residual: where.found.residual,
      ask,
      span: got.map((m) => m.found.span).join(' '),
    });
  }
  // Told across clauses ("loa thôn phát từ 5h, to quá"): a complaint of the message, not of its ask.
  if (toldComplaint(whole, parts.length > 1)) intents.add('feedback');
  // Another office's matter told in the story is what is asked when the question says that matter
  // in its own words ("chồng tôi người Hàn, visa sắp hết hạn, gia hạn tạm trú ở đâu": a foreigner's
  // stay; "công ty chưa làm chế độ thai sản, hỏi bảo hiểm ở đâu": social insurance), or, for a
  // contested matter, when the question names nothing at all ("thuận tình ly hôn rồi, nộp đơn ở đâu").
  for (const r of referrals) {
    if (r.ask || !((storyAsked && r.referral.decisive) || echoesMatter(index, r.referral, askTerms))) continue;
    r.ask = true;
    r.weight /= BACKGROUND_WEIGHT;
  }
  const fuzzy = new Set([...askTerms].filter((t) => !t.includes('_')));
  const askText = parts.filter((_, i) => asks[i]).map((x) => x.text).join('. ');
  const askParts = parts.filter((_, i) => asks[i]).map((x) => x.p);
  return { query: { terms, words, accented, weights, fuzzy }, askTerms, askText, referrals, intents, askIntents, sentences: parts.length, asked, askParts };
}

/** The specific word pairs of each referral's matter (its name in the table), read once per index. */
const matterPairs = new WeakMap<ProcedureIndex, Map<string, Set<string>>>();

/**
 * Does the question say the matter of a referral told in the story, by a specific word pair of the
 * matter's own name ("tạm trú" of "gia hạn tạm trú của người nước ngoài", "bảo hiểm" of "bảo hiểm xã
 * hội")? Pairs several procedures share ("đăng ký", "chứng thực") do not count.
 */
function echoesMatter(index: ProcedureIndex, referral: Referral, askTerms: Set<string>): boolean {
  let byId = matterPairs.get(index);
  if (!byId) matterPairs.set(index, (byId = new Map()));
  let pairs = byId.get(referral.id);
  if (!pairs) {
    const terms = index.pipeline.process(referral.matter.vi, { repair: false }).terms;
    pairs = new Set(withBigrams(terms).filter((t) => t.includes('_') && index.isSpecific(t) && index.docFreq(t) <= ECHO_MAX_PROCEDURES));
    byId.set(referral.id, pairs);
  }
  // The matter must be the question's own subject: at least half of its specific pairs ("hợp đồng"
  // of "công chứng hợp đồng" is no echo of "hợp đồng tặng cho đất chứng thực ở xã").
  const asked = [...askTerms].filter((t) => t.includes('_') && !t.startsWith('@') && index.isSpecific(t));
  const echoed = asked.filter((t) => pairs.has(t)).length;
  return echoed > 0 && echoed >= asked.length * ECHO_MIN_SHARE;
}
/** Share of the question's specific word pairs that must belong to a story referral's matter. */
const ECHO_MIN_SHARE = 0.5;
/**
 * A pair of the matter's name that more procedures use tells no matter apart ("chứng thực", "hợp
 * đồng" of "công chứng hợp đồng", the commune's daily work); "tạm trú", "bảo hiểm" do.
 */
const ECHO_MAX_PROCEDURES = 2;

/**
 * The ask, not the story: when a candidate with evidence of its own matches the sentences that ask,
 * the candidates matching only the background weigh less. A question that names nothing ("thì làm
 * sao") leaves the story's procedure first: what the ask refers to comes from the story.
 */
function askFirst(found: Candidate[], reading: Reading, offTopic: boolean): Candidate[] {
  if (reading.sentences < 2 || !reading.askTerms.size) return found;
  // A word pair or a situation of the ask, not a lone word ("giấy", "lại").
  const asked = (c: Candidate) => c.matched.some((t) => reading.askTerms.has(t) && (t.includes('_') || t.startsWith('@')));
  if (!found.some((c) => asked(c) && accepted(c, offTopic))) return found;
  return found
    .map((c) => (asked(c) ? c : { ...c, score: c.score * STORY_ONLY_FACTOR }))
    .sort((x, y) => y.score - x.score || x.code.localeCompare(y.code));
}

/**
 * The analysis of a message: the rules' reading (below), with the example messages' second opinion
 * (second-opinion.ts) where they agree strongly on another answer.
 */
export function analyzeWith(index: ProcedureIndex, text: string, memory: Record<string, unknown>): DetailedAnalysis {
  const a = analyzeByRules(index, text, memory);
  if (DOSSIER_CODE.test(a.processed.words.join(' '))) return a;
  const examples = index.pipeline.examples;
  const vote = examples.vote(a.processed.words);
  const askVote = a.askWords?.length ? examples.vote(a.askWords) : undefined;
  return withSecondOpinion(index, a, vote, typeof memory[MEMORY_LAST_PROCEDURE] === 'string', askVote);
}

/** The rules' reading alone, without the example messages' second opinion (examples:from-eval labels with it). */
export function analyzeByRules(index: ProcedureIndex, text: string, memory: Record<string, unknown>): DetailedAnalysis {
  const input = text.length > MAX_ANALYZE_CHARS ? text.slice(0, MAX_ANALYZE_CHARS) : text;
  const { whole: p, parts } = processClauses(index, input);
  const key = p.key;
  const raw = p.words.join(' ');
  const numbers = extractNumbers(p.normalized);
  const reading = read(index, parts, p, (t) => index.isSpecific(t));
  // The words of the sentences that ask, when a story comes with them (the examples vote on them too).
  const askWords = reading.sentences > 1 && reading.askParts.length < reading.sentences ? reading.askParts.flatMap((q) => q.words) : undefined;
  const base = { normalized: p.normalized, numbers, processed: p, asked: reading.asked, askWords };

  // A national code typed as is.
  const code = /\b\d\.\d{6}\b/.exec(p.normalized)?.[0];
  const direct = code ? index.byCode.get(code) : undefined;
  let candidates: Candidate[] = direct
    ? [{ code: direct.code, name: direct.name, score: 100, matchedWords: 1, pairMatch: true, phraseMatch: true, matched: [], conceptMatch: false, exact: true, hits: [], otherHits: [] }]
    : askFirst(index.search(reading.query, SEARCH_DEPTH), reading, p.offTopic).slice(0, MAX_CANDIDATES);
  const top = candidates[0];
  const strong = accepted(top, p.offTopic);
  const evidence = top && !direct ? evidenceOf(top, candidates[1], { askTerms: reading.askTerms, referrals: reading.referrals.length, sentences: reading.sentences, offTopic: p.offTopic }, index) : undefined;
  const confidence = direct ? 1 : evidence ? confidenceOf(evidence) : 0;
  const allCandidates = candidates;
  if (!strong) candidates = [];
  // Thresholds and the close runner-up rule: confidence.ts (outcomeFor).
  const outcome: Outcome = !strong ? 'unclear' : direct ? 'answer' : outcomeFor(confidence, evidence);
  // Unsure: the close candidates, and at least two, so the choice is a real one (an unsure single
  // candidate is not answered as if it were sure).
  const close = candidates.filter((c) => c.score >= top!.score * OPTION_RATIO);
  const shown = outcome === 'answer' ? candidates : (close.length >= 2 ? close : candidates.slice(0, 2)).slice(0, MAX_CHOICES);
  const procs = shown.slice(0, MAX_CANDIDATES).map((c) => ({ code: c.code, name: c.name, score: round(c.score) }));
  const result = (intent: Intent, withProcs = false): DetailedAnalysis => ({
    ...base,
    intent,
    procedures: withProcs ? procs : [],
    confident: withProcs ? outcome === 'answer' : false,
    confidence,
    outcome: withProcs ? (outcome === 'choices' && procs.length < 2 ? 'answer' : outcome) : undefined,
    candidates: allCandidates,
    evidence,
  });
  const said = (intent: Intent) => reading.intents.has(intent);

  if (cueSaid('unsubscribe', p) || said('unsubscribe')) return result('unsubscribe');
  // "nhắn tin hỏi cả tuần" (texting) folds like "nhận tin" (receiving the bulletin).
  if (cueSaid('subscribe', p) || said('subscribe')) return result('subscribe');
  if (DOSSIER_CODE.test(raw)) return result('dossier_status');
  // Something asked of another office or a procedure named in the question outweighs a wish to meet
  // someone told only in the story ("chồng giữ con không cho gặp, muốn giành quyền nuôi con").
  const humanAsked = reading.askParts.some((q) => cueSaid('human', q)) || reading.askIntents.has('human');
  const otherAsked =
    reading.referrals.some((r) => r.ask && r.weight >= REFERRAL_MIN_WEIGHT) || (strong && top!.matched.some((t) => reading.askTerms.has(t)) && names(top!));
  // Meeting the chairman on the days of citizen reception, said anywhere, is that procedure (intents.ts).
  if ((cueSaid('human', p) || said('human')) && (humanAsked || !otherAsked) && !has(CITIZEN_RECEPTION, key)) return result('human');
  // A complaint told in the story while the question asks a procedure ("lên 2 lần cán bộ đi họp hết,
  // cho em hỏi đăng ký kết hôn cần gì") is a procedure question.
  // A message that asks nothing is no question, whatever procedure its words name.
  const storyComplaint = reading.asked && !reading.askIntents.has('feedback') && strong && top!.matched.some((t) => reading.askTerms.has(t)) && names(top!);
  // Another office's contested or decisive matter asked about ("mở quán karaoke xin giấy an ninh trật
  // tự ở đâu") is that office's business, whatever a situation reads as a complaint in it.
  const decisiveAsked = reading.referrals.some((r) => r.ask && r.referral.decisive && r.weight >= REFERRAL_MIN_WEIGHT);
  // "thủ tục khiếu nại lần đầu như thế nào", "tố cáo … thì nộp đơn thế nào" ask the catalog's
  // procedure for that kind of complaint: the best candidate whose name says it.
  const complaintKind = has(COMPLAINT_PROCEDURE_ASKED, key) ? COMPLAINT_KINDS.find((k) => new RegExp(`(?:^| )${k}(?= |$)`).test(key)) : undefined;
  const complaintProcedure = complaintKind ? allCandidates.find((c) => fold(c.name).includes(complaintKind)) : undefined;
  if (complaintProcedure) {
    const { code: c, name } = complaintProcedure;
    return { ...result('procedure'), procedures: [{ code: c, name, score: round(complaintProcedure.score) }], confident: true, confidence: Math.max(confidence, ANSWER_MIN_CONFIDENCE), outcome: 'answer' };
  }
  const complaintAsked = strong && has(COMPLAINT_PROCEDURE_ASKED, key);
  // A complaint word said only in the story ("sau đó tôi khiếu nại lên huyện… giờ muốn đòi bồi thường thì
  // làm hồ sơ thế nào") yields to the procedure the question names, like a complaint told there.
  const feedbackWord = cueSaid('feedback', p) && !(storyComplaint && reading.askParts.some(asksHowTo) && !reading.askParts.some((q) => cueSaid('feedback', q)));
  if ((feedbackWord || (said('feedback') && !storyComplaint && !decisiveAsked)) && !complaintAsked) return result('feedback');
  const afterProcedure = typeof memory[MEMORY_LAST_PROCEDURE] === 'string';
  // Right after a procedure, "khi nào lấy được" with nothing said of a submission asks its time.
  const timeOfLast = afterProcedure && FOLLOW_UP.time.test(key) && !SUBMISSION_SAID.test(key);
  if ((cueSaid('dossier_status', p) || said('dossier_status')) && !timeOfLast) return result('dossier_status');
  if (cueSaid('rating', p) && !strong) return result('rating');

  // "được bao nhiêu tiền" asks what a benefit pays, not what a procedure costs.
  // In a story, the fee is asked only in the question ("nằm viện tốn nhiều tiền… làm hồ sơ thế nào"),
  // not in what was heard ("nghe nói có trợ giúp pháp lý miễn phí").
  const feeCue =
    (reading.sentences > 1 ? reading.askParts.some((q) => !isHearsay(q.key) && cueSaid('fee', q)) : cueSaid('fee', p)) && !has(BENEFIT_AMOUNT, key);
  // A part of a procedure asked about: its fee, time, place, papers, online filing, what a benefit pays.
  const aspectCue = feeCue || has(BENEFIT_AMOUNT, key) || Object.values(FOLLOW_UP).some((re) => re.test(key) || re.test(raw));
  // "ok, thế nộp ở đâu" after a procedure is a follow-up, not a thank-you.
  const greeting = cueSaid('greeting', p) && !(afterProcedure && aspectCue);
  // "menu" asks for the list of what the assistant does, whatever else is said.
  if (greeting && (!strong || p.terms.length <= GREETING_ONLY_MAX_TERMS || /(?:^| )menu(?= |$)/.test(key)) && !reading.referrals.length) {
    return result('greeting');
  }

  // "cái thứ hai", "cái cuối": an item of the list shown last.
  const list = memory[MEMORY_LAST_LIST];
  if (Array.isArray(list) && list.length && p.words.length <= FOLLOW_UP_MAX_WORDS) {
    const pick = ordinalPick(key);
    const code = pick === 'last' ? list[list.length - 1] : pick ? list[pick - 1] : undefined;
    const proc = typeof code === 'string' ? index.byCode.get(code) : undefined;
    if (proc) {
      return { ...base, intent: feeCue ? 'fee' : 'procedure', procedures: [{ code: proc.code, name: proc.name, score: 0 }], confident: true, confidence: 1, outcome: 'answer', candidates: [] };
    }
  }

  // Private advice or a choice among sellers ("theo mọi người tôi có nên ly hôn không", "ngân hàng
  // nào lãi thấp") is nobody's administrative matter, unless the question names a procedure outright.
  if (reading.askParts.length && reading.askParts.every((q) => isPrivateAsk(q.normalized, q.key)) && !(strong && namesProcedure(index, reading.askText, true, reading))) {
    return result('unknown');
  }

  // Another office's business: a pattern of the referral table, unless the procedure found has
  // evidence of its own outside the words of that pattern ("chứng thực hợp đồng … sổ đỏ").
  // Said in a question, a referral yields only to a procedure named apart from its words (never,
  // for a contested matter: "ưu tiên" in data/referrals); said in the story, to any procedure the
  // message names.
  // The catalog is the source of truth of what the commune handles: when the best procedure's own
  // phrasing covers the words of the referral ("mất sổ đỏ" is a land procedure of the commune since
  // 1/7/2025), the catalog holds that matter and the referral table yields. Each match is weighed
  // in turn, strongest first: a match the catalog holds ("bảo hiểm y tế" in a benefit's name) does
  // not hide another it does not ("gia hạn thẻ bảo hiểm" beside it).
  // A matter told only in the story ("năm nào cũng đóng thuế") yields to the procedure the question
  // names ("giờ muốn làm sổ lần đầu").
  // So does one told beside another office's matter the question asks and gives up to that procedure
  // ("có bằng cấp 3 … làm hộ chiếu thì họ đòi giấy khai sinh, phải làm thế nào": the birth is asked).
  const storyReferral = reading.referrals.some((r) => !r.ask);
  const askedWins = (r: Reading['referrals'][number]) =>
    strong && !r.referral.decisive && (catalogHolds(index, top!, r.span) || namesProcedure(index, r.residual, true, reading, true));
  const askedProcedure =
    storyReferral && strong && reading.referrals.every((r) => !r.ask || askedWins(r)) && namesProcedure(index, reading.askText, true, reading);
  const procedureWins = (r: Reading['referrals'][number]) =>
    r.ask ? askedWins(r) : strong && (askedProcedure || catalogHolds(index, top!, r.span) || namesProcedure(index, r.residual, reading.sentences <= CONTEXT_CLAUSES, reading, false));
  // Right after a procedure, another office's paper asked whether it is needed ("có cần giấy khám
  // sức khỏe không") is a paper of that procedure, not that office's matter.
  const last = memory[MEMORY_LAST_PROCEDURE];
  const lastProc = typeof last === 'string' ? index.byCode.get(last) : undefined;
  const partsOfLast = lastProc && p.words.length <= FOLLOW_UP_MAX_WORDS ? aboutLast(index, lastProc.code, key) : undefined;
  const paperOfLast = (r: Reading['referrals'][number]) => partsOfLast !== undefined && r.span.split(' ').every(partsOfLast.part);
  const ref = referralsByWeight(reading).find((r) => !procedureWins(r) && !paperOfLast(r));
  if (ref) {
    return { ...result('referral'), referral: ref.referral };
  }

  // Nobody's administrative matter (data/synonyms/offtopic.txt: private insurance, prices, lucky
  // dates, weather…) is decided on those words, even when the message also uses the catalog's own
  // ("mua bảo hiểm xe máy ở đâu rẻ" offers no procedure, not even as a choice): only a procedure the
  // rest of the message names, or one whose phrasing says the off-topic words itself, is answered.
  if (p.offTopicSaid && p.offTopicSaid.spans.some(isSubject) && !offTopicYields(index, p.offTopicSaid, top)) return result('unknown');

  // A variant of the previous turn's procedure ("bạn gái là người Lào thì có khác gì không" after a
  // marriage: the marriage with a foreigner; "cán bộ có xuống nhà không" after a death: the mobile
  // registration): a close candidate whose name says the last one's own pairs.
  const variant = lastProc && strong && p.words.length <= VARIANT_MAX_WORDS && !p.offTopic ? variantOfLast(index, lastProc, allCandidates, key) : undefined;
  if (variant) {
    return {
      ...base,
      intent: feeCue ? 'fee' : 'procedure',
      procedures: [{ code: variant.code, name: variant.name, score: round(variant.score) }],
      confident: true,
      confidence: Math.max(confidence, ANSWER_MIN_CONFIDENCE),
      outcome: 'answer',
      candidates: allCandidates,
      evidence,
    };
  }

  // A follow-up about the procedure of the previous turn ("còn lệ phí?", "mất bao lâu", "vợ em có
  // phải lên không"): only when the message has no subject of its own (follow-ups.ts).
  if (lastProc && p.words.length <= FOLLOW_UP_MAX_WORDS && !p.offTopic && followsUp(index, lastProc.code, input, p, top, strong, aspectCue)) {
    return {
      ...base,
      intent: feeCue ? 'fee' : 'procedure',
      procedures: [{ code: lastProc.code, name: lastProc.name, score: 0 }],
      confident: true,
      confidence: 1,
      outcome: 'answer',
      candidates: [],
    };
  }
  if (strong && outcome !== 'unclear') return result(feeCue ? 'fee' : 'procedure', true);

  return result('unknown');
}

/** A variant asked may tell who it is for ("bạn gái em là người Lào đang ở Việt Nam"): a little longer than a follow-up. */
const VARIANT_MAX_WORDS = 20;
/** A variant scores at least this share of the best candidate's score. */
const VARIANT_MIN_RATIO = 0.5;

// A procedure name's word pairs, read once per index (a new catalog builds a new index): variantOfLast
// asks for them on every short message after a procedure.
const NAME_PAIRS = new WeakMap<ProcedureIndex, Map<string, Set<string>>>();
function namePairs(index: ProcedureIndex, name: string): Set<string> {
  let byName = NAME_PAIRS.get(index);
  if (!byName) NAME_PAIRS.set(index, (byName = new Map()));
  let pairs = byName.get(name);
  if (!pairs) byName.set(name, (pairs = new Set(withBigrams(index.pipeline.process(name, { repair: false }).terms).filter((t) => t.includes('_')))));
  return pairs;
}

/**
 * The candidate, among the close ones, whose name says every specific word pair of the last
 * procedure's name and every pair the best candidate matched in the message's own words: the last
 * procedure done another way ("kết hôn" → "kết hôn có yếu tố nước ngoài", "khai tử" → "khai tử lưu
 * động"). None when the best candidate is the last procedure, or already such a variant.
 */
function variantOfLast(index: ProcedureIndex, last: { code: string; name: string }, candidates: Candidate[], key: string): Candidate | undefined {
  const top = candidates[0];
  if (!top || top.code === last.code) return undefined;
  const own = [...namePairs(index, last.name)].filter((t) => index.isSpecific(t));
  if (!own.length) return undefined;
  const isVariant = (c: Candidate) => {
    const pairs = namePairs(index, c.name);
    return own.every((t) => pairs.has(t));
  };
  if (isVariant(top)) return undefined;
  // Pairs said in the message (not read in by a situation) that the variant must name too.
  const needed = top.matched.filter((t) => t.includes('_') && !t.startsWith('@') && ` ${key} `.includes(` ${t.replace(/_/g, ' ')} `));
  return candidates
    .slice(1, MAX_CHOICES)
    .find((c) => c.code !== last.code && c.score >= top.score * VARIANT_MIN_RATIO && isVariant(c) && needed.every((t) => c.matched.includes(t)));
}

/**
 * A message of at most this many clauses is a question and its context ("con học lớp 11 trường huyện,
 * muốn chuyển trường thì làm sao"), not a story: another office's matter told in the context clause
 * yields only to a procedure named as clearly as beside a referral asked about, not to any word pair.
 */
const CONTEXT_CLAUSES = 2;

/** Minimum weight of a referral match (any pattern, in the question or in the story). */
const REFERRAL_MIN_WEIGHT = 0.4;

/** The referral matches strong enough to decide, strongest first (the first said wins a tie). */
function referralsByWeight(reading: Reading): Reading['referrals'] {
  return reading.referrals.filter((r) => r.weight >= REFERRAL_MIN_WEIGHT).sort((x, y) => y.weight - x.weight);
}

/** Evidence enough for the question to name a procedure beside a complaint told in the story. */
function names(c: Candidate): boolean {
  return c.conceptMatch || c.exact || (c.pairMatch && c.phraseMatch && c.matchedWords >= RESIDUAL_MIN_WORDS);
}

/**
 * Does the rest of the asking clause, without the referral's words, still name a commune procedure
 * by a word pair or a situation ("chứng thực hợp đồng" beside "sổ đỏ")? Background clauses do not
 * count against a referral asked about. `saidOnly`: the pair must be said, not read in by a situation.
 */
function namesProcedure(index: ProcedureIndex, residual: string, refInAsk: boolean, reading: Reading, saidOnly = false): boolean {
  const p = index.pipeline.process(residual);
  const [c] = index.search(queryOf(p), 1);
  // A pair and half of a phrasing, not a concept alone: "bị mất thì cấp lại" beside "căn cước" is
  // what happens to the card, not another paper of the commune.
  if (!c) return false;
  const named = c!.exact || (c!.pairMatch && c!.phraseMatch && c!.matchedWords >= RESIDUAL_MIN_WORDS) || (!refInAsk && (c!.pairMatch || c!.conceptMatch));
  if (!accepted(c, p.offTopic) || !named) return false;
  if (!refInAsk) return true;
  // A procedure said only in the story does not outweigh a referral asked about.
  if (!c.matched.some((t) => reading.askTerms.has(t))) return false;
  if (!saidOnly || c.exact) return true;
  // Beside a referral asked about, the rest of its clause names a procedure by a word pair said in
  // it, not one the situations read into it ("làm căn cước cho vợ sắp cưới" asks no marriage).
  const own = new Set(withBigrams(index.pipeline.process(residual, { repair: false }).terms));
  return c.matched.some((t) => t.includes('_') && own.has(t));
}

/**
 * An off-topic phrase of two words or more names a subject ("ngày tốt", "bảo hiểm xe máy"); a lone
 * syllable is often incidental ("giấy bị ướt mưa") and only keeps weak matches out (`accepted`).
 */
function isSubject(span: string): boolean {
  return span.includes(' ');
}

/**
 * Does an off-topic message still ask a procedure? Yes when the best procedure's phrasing holds every
 * off-topic phrase said (the catalog is the source of truth), or when the rest of the message, read
 * without them and without the situations' catalog words, names a procedure by a word pair.
 */
function offTopicYields(index: ProcedureIndex, said: { spans: string[]; rest: string }, top: Candidate | undefined): boolean {
  if (top && said.spans.every((s) => catalogHolds(index, top, s))) return true;
  const p = index.pipeline.process(said.rest, { repair: false });
  const [c] = index.search(queryOf(p), 1);
  return !!c && c.score >= MIN_SCORE && c.pairMatch;
}

/** Specific words the rest of a clause must share with a procedure to name it beside a referral. */
const RESIDUAL_MIN_WORDS = 3;

/**
 * Does one phrasing of the candidate that the message matched contain every content word of the
 * referral's span? The best one, or another ("tiền tuất" beside a war invalid's death is the
 * catalog's "trợ cấp tuất người có công", although "thương binh mất" matched best).
 */
function catalogHolds(index: ProcedureIndex, c: Candidate, span: string): boolean {
  // A lone pair of a long name is no phrasing of it ("giấy phép" of a petrol station's certificate
  // beside "làm nhà … giấy phép", whose other words are stopwords): the message must say the phrasing.
  if (!c.phraseMatch && !c.conceptMatch && !c.exact) return false;
  const terms = index.pipeline.process(span, { repair: false }).terms;
  if (!terms.length) return false;
  return [c.hits, ...c.otherHits].some((h) => terms.every((t) => h.includes(t)));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Analyses kept per index (issue 17): identical messages are frequent ("lệ phí bao nhiêu", "xin chào"). */
export const ANALYSIS_CACHE_SIZE = 2000;
/** Longer messages are stories, almost never sent twice: not worth a cache slot. */
const CACHE_MAX_CHARS = 300;

// One cache per index: a new index (catalog or data files changed, see store.ts) starts empty.
const caches = new WeakMap<ProcedureIndex, LruCache<string, Analysis>>();

/** The cache of understanding for this index (exported for tests and the perf bench). */
export function analysisCache(index: ProcedureIndex): LruCache<string, Analysis> {
  let cache = caches.get(index);
  if (!cache) {
    cache = new LruCache<string, Analysis>(ANALYSIS_CACHE_SIZE);
    caches.set(index, cache);
  }
  return cache;
}

/**
 * The analysis of a message, from the cache when the same normalised message was analysed with the
 * same context: the only memory the understanding reads is the last procedure and the last list.
 */
export function analyzeCached(index: ProcedureIndex, text: string, memory: Record<string, unknown>): Analysis {
  const normalized = normalizeText(text);
  const context = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : '');
  const key = `${context(memory[MEMORY_LAST_PROCEDURE])}|${context(memory[MEMORY_LAST_LIST])}|${normalized}`;
  const cache = normalized.length <= CACHE_MAX_CHARS ? analysisCache(index) : undefined;
  const hit = cache?.get(key);
  if (hit) return { ...hit, procedures: hit.procedures.map((p) => ({ ...p })), numbers: [...hit.numbers] };
  const { processed: _p, candidates: _c, evidence: _e, decidedBy: _d, asked: _a, askWords: _w, ...analysis } = analyzeWith(index, text, memory);
  cache?.set(key, analysis);
  return { ...analysis, procedures: analysis.procedures.map((p) => ({ ...p })), numbers: [...analysis.numbers] };
}

/** The understanding over the catalog of this database (kept fresh by knowledge/store.ts). */
export function catalogUnderstanding(db: Db): Understanding {
  return {
    async analyze(text, memory) {
      return analyzeCached(await getKnowledge(db), text, memory);
    },
  };
}
