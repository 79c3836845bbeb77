// The example messages' second opinion on an analysis (issue 12). The rules (understand.ts) read a
// message through the catalog, the situations and the referral table; the nearest example messages
// (examples.ts) say what the right answer was for messages worded like it. Where nearly all of them
// agree on another answer than the rules', they decide, within limits:
// - an intent the message says in its own cue words ("hủy nhận tin", "gặp cán bộ") stays;
// - the examples turn a reading into a procedure or back, or give one to "em chưa rõ", but do not
//   turn one intent into another (a complaint about "cán bộ tư pháp" is not a wish to meet one,
//   although the examples that say "cán bộ tư pháp" mostly ask for one: they vote on topic words);
// - a complaint told without a question stays a complaint, and a question about a dossier is one
//   only when a submission is said to be made;
// - a procedure the rules answered stays when the examples give it a share of their vote too;
// - a procedure the rules ranked among their best few needs only half of the vote;
// - told with a story, a procedure they answer must also have a share of their vote on the
//   sentences that ask.
// Why: rules written from the misses of one set do not carry over to another author's wording, while
// people telling the same matter share words. Measured leave-one-set-out (each set scored with the
// other sets' examples only): docs/measurements.md, "Example messages".
import type { Intent, Referral } from '../core/types';
import type { DetailedAnalysis } from './understand';
import type { ProcedureIndex } from './search';
import { leading, type ExampleVote } from './examples';
import { intentCueSaid, SUBMISSION_MADE } from './intents';

/**
 * Share of the nearest examples' vote that must agree on another answer than the rules' for the
 * examples to decide. Chosen on the tuning sets, each scored without its own examples, among
 * 0.7–0.9: 0.7 and 0.8 scored alike there and 0.9 lower; the more cautious 0.8 was kept.
 */
export const OVERRULE_MIN_SHARE = 0.8;
/**
 * When the rules read a procedure question and the procedure the examples lead with is among their
 * own RIVALS_CONSIDERED best candidates, this share of the vote (for the intent and for that
 * procedure) is enough: the rules found it too, only ranked it lower. Chosen on the tuning sets, each
 * scored without its own examples, among 0.4–0.6 and 2–5 candidates: 0.5 and 3 gained 0.2–0.7 point
 * on nine sets of thirteen, none lower (docs/measurements.md, "Understanding on the twelfth frozen set").
 */
export const RIVAL_MIN_SHARE = 0.5;
export const RIVALS_CONSIDERED = 3;
/** When the rules understood nothing ("em chưa rõ"), a smaller majority of the examples is enough. */
export const UNCLEAR_MIN_SHARE = 0.6;
/** Share of the vote one procedure must have for the examples to answer it. */
export const PROCEDURE_MIN_SHARE = 0.6;
/** A procedure the rules answered stays when the examples give it at least this share. */
export const SUPPORTED_MIN_SHARE = 0.2;
/**
 * Share of the whole vote one referral table entry must have for the examples to name its office
 * (the referral examples that say which entry answers them: "#referral:can_cuoc").
 */
export const REFERRAL_MIN_SHARE = 0.5;
/**
 * Below this similarity (cosine) the nearest example shares too little with the message to speak
 * for it (a few common words).
 */
export const NEAREST_MIN_SIMILARITY = 0.1;

/** Not the commune's procedure: the rules' referral and the examples' "unknown" agree on that. */
const OUT_OF_SCOPE: readonly Intent[] = ['referral', 'unknown'];

/**
 * The analysis, overruled by the examples' vote where they agree strongly on another answer.
 * Not applied after a procedure (a follow-up is about the conversation, which examples do not know),
 * nor where the rules were certain (a code typed, a choice picked from a list).
 */
export function withSecondOpinion(index: ProcedureIndex, a: DetailedAnalysis, vote: ExampleVote, afterProcedure: boolean, askVote?: ExampleVote): DetailedAnalysis {
  if (afterProcedure || vote.best < NEAREST_MIN_SIMILARITY || a.confidence === 1) return a;
  const [intent, share] = leading(vote.intents) ?? [];
  if (!intent || share === undefined) return a;
  const [code, codeShare = 0] = leading(vote.codes) ?? [];
  const rival =
    intent === 'procedure' &&
    (a.intent === 'procedure' || a.intent === 'fee') &&
    codeShare >= RIVAL_MIN_SHARE &&
    a.candidates.slice(0, RIVALS_CONSIDERED).some((c) => c.code === code);
  if (share < (a.intent === 'unknown' ? UNCLEAR_MIN_SHARE : rival ? RIVAL_MIN_SHARE : OVERRULE_MIN_SHARE)) return a;
  if (intentCueSaid(a.intent, a.processed)) return a;
  // A complaint told without asking anything ("quán cà phê mở nhạc to suốt ngày") asks for no
  // procedure, whatever the examples that share its topic words asked.
  if (a.intent === 'feedback' && !a.asked) return a;
  const ruled: Intent = a.intent === 'fee' ? 'procedure' : a.intent;
  const base = { ...a, procedures: [], confident: false, outcome: undefined, referral: undefined, evidence: undefined, decidedBy: 'examples' as const };
  if (intent === 'procedure') {
    const proc = code ? index.byCode.get(code) : undefined;
    if (!proc || codeShare < (rival ? RIVAL_MIN_SHARE : PROCEDURE_MIN_SHARE)) return a;
    // Told with a story, the procedure must have a share of the vote on the asking sentences too: the whole
    // message's vote also hears the story ("đã đăng ký tạm trú rồi… giờ làm khai sinh cho cháu").
    if (askVote && (askVote.codes.get(proc.code) ?? 0) < SUPPORTED_MIN_SHARE) return a;
    const answered = ruled === 'procedure' && a.outcome === 'answer' ? a.procedures[0]?.code : undefined;
    if (answered && (answered === proc.code || (vote.codes.get(answered) ?? 0) >= SUPPORTED_MIN_SHARE)) return a;
    // The fee is asked as the rules read it (in the question, not in what was heard): a message they
    // did not read as a procedure's is asked as a procedure.
    const fee = a.intent === 'fee';
    return {
      ...base,
      intent: fee ? 'fee' : 'procedure',
      // Not 0: a score of 0 marks a procedure taken from the conversation (a follow-up, handlers).
      procedures: [{ code: proc.code, name: proc.name, score: Math.round(100 * (a.candidates.find((c) => c.code === proc.code)?.score ?? codeShare)) / 100 }],
      confident: true,
      confidence: codeShare,
      outcome: 'answer',
    };
  }
  // The examples' office for a message the rules understood nothing of ("em chưa rõ"), or read as a procedure.
  const referral = intent === 'referral' && (ruled === 'unknown' || ruled === 'procedure') ? namedReferral(index, vote) : undefined;
  if (referral) return { ...base, intent: 'referral', referral: referral.entry, confidence: referral.share };
  if (intent === ruled || (OUT_OF_SCOPE.includes(intent) && OUT_OF_SCOPE.includes(ruled))) return a;
  if (ruled !== 'procedure' && ruled !== 'unknown') return a;
  if (intent === 'dossier_status' && !SUBMISSION_MADE.test(a.processed.key)) return a;
  // Another office's matter the referral table's patterns missed, with no office the examples agree
  // on: "em chưa rõ" with the offer of a person, rather than a procedure of the commune.
  if (intent === 'referral') return { ...base, intent: 'unknown', confidence: 0 };
  return { ...base, intent, confidence: 0 };
}

/** The referral table's entry most of the vote names (REFERRAL_MIN_SHARE), if it is in the table. */
function namedReferral(index: ProcedureIndex, vote: ExampleVote): { entry: Referral; share: number } | undefined {
  const [id, share] = leading(vote.referrals) ?? [];
  if (!id || share === undefined || share < REFERRAL_MIN_SHARE) return undefined;
  const entry = index.pipeline.referralList.find((r) => r.id === id);
  return entry ? { entry, share } : undefined;
}
