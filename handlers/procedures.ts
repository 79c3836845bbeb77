// Procedures and fees: the procedure card, fee answers with computed totals, "Ý anh/chị là:"
// when two procedures are close, and follow-ups ("còn lệ phí?", "mất bao lâu", "cái thứ hai")
// that refer to the last procedure or list kept in the session memory.
import type { TFunction } from 'i18next';
import { translator } from '../core/i18n';
import type { Analysis, Referral, Reply } from '../core/types';
import type { Handler, HandlerResult, TurnContext } from './types';
import type { HandlerDeps } from './index';
import type { Procedure } from '../knowledge/catalog';
import { getKnowledge } from '../knowledge/store';
import { computeFee, describeFees, formatVnd, quantitiesOf } from '../knowledge/fees';
import { provenanceLine } from '../knowledge/provenance';
import {
  aspectOf, MAX_CHOICES, MEMORY_LAST_LIST, MEMORY_LAST_PROCEDURE, REVIEW_BELOW_CONFIDENCE, type Aspect,
} from '../knowledge/understand';

export const PROC_PAYLOAD = 'proc:';
// Zalo and Messenger cut a text message at 2,000 characters; keep room for numbered options.
export const MAX_REPLY_CHARS = 1800;
/** Options offered in "Ý anh/chị là:" (issue 12: at most 3, a list a citizen reads at a glance). */
const MAX_OPTIONS = MAX_CHOICES;

type Action = 'show' | 'docs' | 'fee' | 'online' | 'time' | 'where';
const ACTIONS: readonly Action[] = ['show', 'docs', 'fee', 'online', 'time', 'where'];
/** The question that led to "Ý anh/chị là:", so a fee picked from the list still gets its total. */
const MEMORY_LAST_QUESTION = 'procedures.question';
/** Enough of the question to find its numbers again ("7 trang", "3 bản"). */
const MAX_REMEMBERED_QUESTION = 300;
// A message is taken as English when it has at least this many common English words.
const ENGLISH_MIN_WORDS = 2;
// Only words that are not also Vietnamese written without diacritics ("a", "can", "to", "do" are).
const ENGLISH_WORDS = new Set(['the', 'how', 'much', 'what', 'where', 'does', 'get', 'is', 'of', 'for', 'and', 'we', 'need', 'want', 'cost', 'papers', 'my', 'your', 'please', 'with']);

/** Replies in English to a message written in English, whatever the session language. */
function translatorFor(ctx: TurnContext): TFunction {
  if (ctx.lang === 'en' || /[^\x20-\x7e]/.test(ctx.text)) return ctx.t;
  const words = ctx.text.toLowerCase().match(/[a-z']+/g) ?? [];
  return words.filter((w) => ENGLISH_WORDS.has(w)).length >= ENGLISH_MIN_WORDS ? translator('en') : ctx.t;
}

const orUnknown = (t: TFunction, v: string | null | undefined) => (v && v.trim() ? v : t('procedures:unknown'));

function cardButtons(t: TFunction, code: string): Reply['buttons'] {
  return [
    { title: t('procedures:buttons.documents'), payload: `${PROC_PAYLOAD}docs:${code}` },
    { title: t('procedures:buttons.fee'), payload: `${PROC_PAYLOAD}fee:${code}` },
    { title: t('procedures:buttons.online'), payload: `${PROC_PAYLOAD}online:${code}` },
    { title: t('procedures:buttons.other'), payload: `${PROC_PAYLOAD}other` },
  ];
}

function bullets(items: string[] | null, t: TFunction): string {
  if (!items?.length) return `- ${t('procedures:unknown')}`;
  return items.map((d) => `- ${d}`).join('\n');
}

function onlineText(p: Procedure, t: TFunction): string {
  const level = p.onlineLevel ? t(`procedures:online_level.${p.onlineLevel}`) : null;
  const parts = [level, p.onlineUrl].filter(Boolean);
  return parts.length ? parts.join(' — ') : t('procedures:unknown');
}

/** Splits text blocks into replies under the channel limit, never cutting inside a block if avoidable. */
export function splitBlocks(blocks: string[], max = MAX_REPLY_CHARS): string[] {
  const out: string[] = [];
  let cur = '';
  for (const b of blocks) {
    const pieces = b.length > max ? b.match(new RegExp(`[\\s\\S]{1,${max}}`, 'g'))! : [b];
    for (const piece of pieces) {
      if (cur && cur.length + 1 + piece.length > max) {
        out.push(cur);
        cur = piece;
      } else cur = cur ? `${cur}\n${piece}` : piece;
    }
  }
  if (cur) out.push(cur);
  return out;
}

export function procedureCard(p: Procedure, t: TFunction): Reply[] {
  const head = [
    t('procedures:card.title', { name: p.name, code: p.code }),
    t('procedures:card.field', { field: p.field }),
    ...(p.agency ? [t('procedures:card.agency', { agency: p.agency })] : []),
    ...(p.levelNote ? [t('procedures:card.level_note', { note: p.levelNote })] : []),
    t('procedures:card.time', { value: orUnknown(t, p.timeText) }),
    [t('procedures:card.fee'), ...describeFees(p.fees, t).map((l) => `- ${l}`)].join('\n'),
  ].join('\n');
  const docs = `${t('procedures:card.documents')}\n${bullets(p.documents, t)}`;
  const tail = [
    t('procedures:card.where', { value: orUnknown(t, p.submitWhere) }),
    t('procedures:card.how', { value: orUnknown(t, p.submitHow) }),
    t('procedures:card.online', { value: onlineText(p, t) }),
    t('procedures:card.legal', { value: orUnknown(t, p.legalBasis) }),
    provenanceLine(p, t),
  ].join('\n');
  const texts = splitBlocks([head, docs, tail]);
  return texts.map((text, i) => (i === texts.length - 1 ? { text, buttons: cardButtons(t, p.code) } : { text }));
}

export function feeAnswer(p: Procedure, t: TFunction, text: string): Reply[] {
  const lines = [t('procedures:fee.title', { name: p.name }), ...describeFees(p.fees, t).map((l) => `- ${l}`)];
  const q = quantitiesOf(text, p.fees);
  const computed = computeFee(p.fees, q, t);
  if (computed) {
    lines.push(t('procedures:fee.computed', { explanation: computed.explanation }));
    lines.push(t('procedures:fee.total', { total: formatVnd(computed.total) }));
    if (computed.assumedPages) lines.push(t('procedures:fee.ask_pages'));
  } else if (p.fees?.some((r) => r.kind === 'per_page')) {
    lines.push(t('procedures:fee.ask_pages'));
  }
  lines.push(provenanceLine(p, t, ['fees']));
  return [{ text: splitBlocks([lines.join('\n')])[0]!, buttons: cardButtons(t, p.code) }];
}

function aspectAnswer(p: Procedure, t: TFunction, aspect: Exclude<Aspect, 'fee'>): Reply[] {
  let text: string;
  switch (aspect) {
    case 'time':
      text = t('procedures:time', { name: p.name, value: orUnknown(t, p.timeText) });
      break;
    case 'where':
      text = t('procedures:where', {
        name: p.name,
        where: orUnknown(t, p.submitWhere),
        how: p.submitHow ? t('procedures:card.how', { value: p.submitHow }) : '',
      }).trim();
      break;
    case 'online':
      text = [
        t('procedures:online', { name: p.name, value: p.submitHow ?? onlineText(p, t) }),
        ...(p.onlineUrl ? [t('procedures:online_link', { url: p.onlineUrl })] : []),
      ].join('\n');
      break;
    case 'documents':
      text = `${t('procedures:documents_title', { name: p.name })}\n${bullets(p.documents, t)}`;
      break;
  }
  text = `${text}\n${provenanceLine(p, t, [aspect === 'time' ? 'time' : aspect === 'documents' ? 'documents' : 'place'])}`;
  return splitBlocks([text]).map((s, i, all) => (i === all.length - 1 ? { text: s, buttons: cardButtons(t, p.code) } : { text: s }));
}

function disambiguation(ctx: TurnContext, options: { code: string; name: string }[], fee: boolean): Reply[] {
  const shown = options.slice(0, MAX_OPTIONS);
  ctx.remember(MEMORY_LAST_LIST, shown.map((o) => o.code));
  ctx.remember(MEMORY_LAST_QUESTION, ctx.text.slice(0, MAX_REMEMBERED_QUESTION));
  return [
    {
      text: translatorFor(ctx)('procedures:disambiguate'),
      buttons: shown.map((o) => ({ title: o.name, payload: `${PROC_PAYLOAD}${fee ? 'fee' : 'show'}:${o.code}` })),
    },
  ];
}

/** Another office's business: where to go and how to reach it, in the message's language. */
function referralAnswer(ctx: TurnContext, r: Referral): Reply[] {
  ctx.outcome = 'referral';
  // Another office's matter is the new subject: a follow-up ("cần mang gì") must not reach back to
  // the procedure answered before it (understand.ts memoryAfter does the same for evaluation).
  ctx.remember(MEMORY_LAST_PROCEDURE, null);
  ctx.remember(MEMORY_LAST_LIST, null);
  const t = translatorFor(ctx);
  const lang = t('procedures:referral.lang') === 'en' ? 'en' : 'vi';
  return [
    {
      text: [
        t(r.commune ? 'procedures:referral.title_commune' : 'procedures:referral.title', { matter: r.matter[lang] }),
        t('procedures:referral.office', { office: r.office[lang] }),
        ...(r.contact[lang] ? [t('procedures:referral.contact', { contact: r.contact[lang] })] : []),
        t('procedures:referral.more'),
      ].join('\n'),
    },
  ];
}

async function answerFor(ctx: TurnContext, p: Procedure, action: Action, question = ctx.text): Promise<Reply[]> {
  ctx.remember(MEMORY_LAST_PROCEDURE, p.code);
  const t = translatorFor(ctx);
  switch (action) {
    case 'show':
      return procedureCard(p, t);
    case 'fee':
      return feeAnswer(p, t, question);
    case 'docs':
      return aspectAnswer(p, t, 'documents');
    default:
      return aspectAnswer(p, t, action);
  }
}

export function createProceduresHandler(deps: HandlerDeps): Handler {
  return {
    name: 'procedures',
    payloadPrefixes: [PROC_PAYLOAD],
    async onPayload(ctx, payload): Promise<HandlerResult> {
      const [, action, code] = payload.split(':') as [string, string, string | undefined];
      if (action === 'other') return [{ text: ctx.t('procedures:other_hint') }];
      if (!ACTIONS.includes(action as Action) || !code) return null;
      const index = await getKnowledge(deps.db);
      const p = index.byCode.get(code);
      if (!p) return [{ text: ctx.t('procedures:not_found') }];
      // A fee picked from "Ý anh/chị là:" is computed for the numbers of the question asked then.
      const asked = ctx.session.memory[MEMORY_LAST_QUESTION];
      return answerFor(ctx, p, action as Action, ctx.text || (typeof asked === 'string' ? asked : ''));
    },
    intents: ['procedure', 'fee', 'referral'],
    async onIntent(ctx, analysis: Analysis): Promise<HandlerResult> {
      if (analysis.intent === 'referral' && analysis.referral) return referralAnswer(ctx, analysis.referral);
      if (!analysis.procedures.length) return null;
      const index = await getKnowledge(deps.db);
      const fee = analysis.intent === 'fee';
      const list = (ps: Analysis['procedures']) => ps.map((x) => `${x.code} ${x.name}`).join('; ');
      if (!analysis.confident && analysis.procedures.length > 1) {
        // Choices go to the unanswered review too, with what was offered.
        ctx.outcome = 'choices';
        await ctx.recordUnanswered({ kind: 'choices', answered: list(analysis.procedures.slice(0, MAX_OPTIONS)) });
        return disambiguation(ctx, analysis.procedures, fee);
      }
      const p = index.byCode.get(analysis.procedures[0]!.code);
      if (!p) return null;
      // The understanding marks a procedure taken from memory (follow-up) with score 0.
      const isFollowUp = analysis.procedures[0]!.score === 0;
      if (!isFollowUp && analysis.confidence !== undefined && analysis.confidence < REVIEW_BELOW_CONFIDENCE) {
        await ctx.recordUnanswered({ kind: 'low_confidence', answered: list(analysis.procedures.slice(0, 1)) });
      }
      // "chứng thực 7 trang": a count of pages or copies asks for the total even without "bao nhiêu".
      const q = quantitiesOf(ctx.text, p.fees);
      const countsPages = q.pages !== undefined && p.fees?.some((r) => r.kind === 'per_page');
      if (fee || countsPages) return answerFor(ctx, p, 'fee');
      // A short follow-up or a question about one part gets that part; a new question the card.
      const aspect = aspectOf(index.pipeline.process(ctx.text).key);
      if (aspect && aspect !== 'fee' && (isFollowUp || aspect === 'time')) {
        return answerFor(ctx, p, aspect === 'documents' ? 'docs' : aspect);
      }
      return answerFor(ctx, p, 'show');
    },
    menu: [],
  };
}
