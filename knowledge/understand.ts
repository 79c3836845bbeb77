// Understanding a citizen's message: intent and candidate procedures.
// The engine calls `analyze` at most once per turn (lazily).
import type { Analysis, Intent } from '../core/types';
import type { Db } from '../models/db';
import { fold, normalizeText } from './normalize';
import { getKnowledge } from './store';
import type { Candidate, ProcedureIndex } from './search';
import { CUES, DOSSIER_CODE, FOLLOW_UP, GREETING_ONLY_MAX_TERMS, ordinalPick } from './intents';
import type { Processed } from './text';

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
/** Minimum score of any accepted match. */
const MIN_SCORE = 4;
/** The runner-up within this ratio of the winner makes the answer ambiguous ("Ý anh/chị là:"). */
const AMBIGUOUS_RATIO = 0.8;
/** Candidates shown in a disambiguation are those within this ratio of the winner. */
const OPTION_RATIO = 0.6;
export const MAX_CANDIDATES = 5;
/** A follow-up ("rồi nộp ở đâu vậy ạ") is short; a longer message is a new question. */
const FOLLOW_UP_MAX_WORDS = 10;

export type Aspect = keyof typeof FOLLOW_UP;

/** Which part of a procedure a message asks about (fee, time, where, documents, online), if any. */
export function aspectOf(key: string): Aspect | null {
  for (const a of ['fee', 'time', 'where', 'online', 'documents'] as Aspect[]) if (FOLLOW_UP[a].test(key)) return a;
  return null;
}

/** Memory keys the procedures handler writes and the understanding reads for follow-ups. */
export const MEMORY_LAST_PROCEDURE = 'procedures.last';
export const MEMORY_LAST_LIST = 'procedures.list';

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
}

/**
 * Is the best candidate real evidence, not a coincidence of one word? Vietnamese concepts are
 * mostly two syllables: a lone matching syllable ("nuôi" in "nuôi ong lấy mật"), a pair most procedures share ("đăng ký"),
 * or two words lost in a long phrasing are chance.
 */
function accepted(c: Candidate | undefined, offTopic: boolean): boolean {
  if (!c || c.score < MIN_SCORE) return false;
  if (c.pairMatch) return true;
  if (offTopic) return false;
  return c.phraseMatch;
}

export function analyzeWith(index: ProcedureIndex, text: string, memory: Record<string, unknown>): DetailedAnalysis {
  const input = text.length > MAX_ANALYZE_CHARS ? text.slice(0, MAX_ANALYZE_CHARS) : text;
  const p = index.pipeline.process(input);
  const key = p.key;
  const raw = p.words.join(' ');
  const numbers = extractNumbers(p.normalized);
  const base = { normalized: p.normalized, numbers, processed: p };

  // A national code typed as is.
  const code = /\b\d\.\d{6}\b/.exec(p.normalized)?.[0];
  const direct = code ? index.byCode.get(code) : undefined;
  let candidates: Candidate[] = direct
    ? [{ code: direct.code, name: direct.name, score: 100, matchedWords: 1, pairMatch: true, phraseMatch: true }]
    : index.search(p, MAX_CANDIDATES);
  const top = candidates[0];
  const strong = accepted(top, p.offTopic);
  if (!strong) candidates = [];
  const second = candidates[1];
  const confident = strong && (!second || second.score < top!.score * AMBIGUOUS_RATIO);
  const shown = confident ? candidates : candidates.filter((c) => c.score >= top!.score * OPTION_RATIO);
  const procs = shown.slice(0, MAX_CANDIDATES).map((c) => ({ code: c.code, name: c.name, score: round(c.score) }));
  const result = (intent: Intent, withProcs = false): DetailedAnalysis => ({
    ...base,
    intent,
    procedures: withProcs ? procs : [],
    confident: withProcs ? confident : false,
    candidates: withProcs ? candidates : [],
  });

  if (has(CUES.unsubscribe, key) || has(CUES.unsubscribe, raw)) return result('unsubscribe');
  if (has(CUES.subscribe, key) || has(CUES.subscribe, raw)) return result('subscribe');
  if (DOSSIER_CODE.test(p.words.join(' ')) || has(CUES.dossier_status, key)) return result('dossier_status');
  if (has(CUES.human, key) || has(CUES.human, raw)) return result('human');
  if (has(CUES.feedback, key)) return result('feedback');
  if (has(CUES.rating, key) && !strong) return result('rating');

  const feeCue = has(CUES.fee, key) || has(CUES.fee, raw);
  const greeting = has(CUES.greeting, raw) || has(CUES.greeting, key);
  // "menu" asks for the list of what the assistant does, whatever else is said.
  if (greeting && (!strong || p.terms.length <= GREETING_ONLY_MAX_TERMS || /(?:^| )menu(?= |$)/.test(key))) {
    return result('greeting');
  }

  // "cái thứ hai", "cái cuối": an item of the list shown last.
  const list = memory[MEMORY_LAST_LIST];
  if (Array.isArray(list) && list.length && p.words.length <= FOLLOW_UP_MAX_WORDS) {
    const pick = ordinalPick(key);
    const code = pick === 'last' ? list[list.length - 1] : pick ? list[pick - 1] : undefined;
    const proc = typeof code === 'string' ? index.byCode.get(code) : undefined;
    if (proc) {
      return { ...base, intent: feeCue ? 'fee' : 'procedure', procedures: [{ code: proc.code, name: proc.name, score: 0 }], confident: true, candidates: [] };
    }
  }

  // A short follow-up about the procedure of the previous turn ("còn lệ phí?", "mất bao lâu"),
  // unless it names another procedure by a word pair.
  const last = memory[MEMORY_LAST_PROCEDURE];
  const lastProc = typeof last === 'string' ? index.byCode.get(last) : undefined;
  const short = p.words.length <= FOLLOW_UP_MAX_WORDS;
  if (lastProc && short && !top?.pairMatch) {
    const followUp = feeCue || Object.values(FOLLOW_UP).some((re) => re.test(key) || re.test(raw));
    if (followUp) {
      return {
        ...base,
        intent: feeCue ? 'fee' : 'procedure',
        procedures: [{ code: lastProc.code, name: lastProc.name, score: 0 }],
        confident: true,
        candidates: [],
      };
    }
  }
  if (strong) return result(feeCue ? 'fee' : 'procedure', true);

  return result('unknown');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The understanding over the catalog of this database (kept fresh by knowledge/store.ts). */
export function catalogUnderstanding(db: Db): Understanding {
  return {
    async analyze(text, memory) {
      const index = await getKnowledge(db);
      const { processed: _p, candidates: _c, ...analysis } = analyzeWith(index, text, memory);
      return analysis;
    },
  };
}
