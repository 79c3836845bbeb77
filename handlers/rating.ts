// Satisfaction rating of a finished dossier (TT 01/2018/TT-VPCP Art. 13–14, docs/domain.md §2.1):
// the indices a citizen can answer (1 handling time, 3 contacts, 4 bodies, 7 staff attitude) and the
// overall level. One rating per dossier. Reached from the menu, by the 'rating' intent, or from the
// invitation sent when a dossier reaches status 10 (result returned).
import type { Config } from '../core/config';
import { translator } from '../core/i18n';
import type { Button, Lang, Reply } from '../core/types';
import { z } from 'zod';
import type { Handler, HandlerResult, TurnContext } from './types';
import { readDialog } from './dialog';
import { fold } from '../knowledge/normalize';
import type { Db } from '../models/db';
import { dossierContacts } from '../models/repos/dossiers/watches';
import { findDossier } from '../models/repos/dossiers/records';
import { verifyDossierAccess } from '../models/repos/dossiers/lookups';
import { findRating, saveRating, SATISFACTION_LEVELS, type SatisfactionLevel } from '../models/repos/ratings';
import { dateIn } from '../core/clock';
import { RATEABLE_STATUS } from '../core/domain';
import { findDossierCode } from './dossiers/codes';

const DIALOG = 'rating';
const PAYLOAD_START = 'rating:start';
const PAYLOAD_ANSWER = 'rating:a:';

/** The questions, in order; an index answer is 2/1/0 points, or skipped (no data). */
type IndexStep = 'idx1' | 'idx3' | 'idx4' | 'idx7';
type Step = 'code' | 'digits' | IndexStep | 'level';

// Explicit step order: each answer moves to the next step; 'level' is the last.
const NEXT: Record<Exclude<Step, 'code' | 'digits'>, Step | null> = { idx1: 'idx3', idx3: 'idx4', idx4: 'idx7', idx7: 'level', level: null };

// Folded words that mark a wish to rate (as knowledge/intents.ts cues the 'rating' intent).
const RATING_WORDS = /\b(danh gia|cham diem)\b/;

const Points = z.number().int().min(0).max(2).nullable().optional();
const DialogData = z.object({
  code: z.string().optional(),
  answers: z.object({ idx1: Points, idx3: Points, idx4: Points, idx7: Points }).optional(),
});
type DialogData = z.infer<typeof DialogData>;

export interface RatingHandlerDeps {
  db: Db;
  config: Config;
}

function question(ctx: TurnContext, step: IndexStep | 'level', prefix?: string): Reply[] {
  const t = ctx.t;
  const buttons: Button[] =
    step === 'level'
      ? SATISFACTION_LEVELS.map((l) => ({ title: t(`reports:levels.${l}`), payload: `${PAYLOAD_ANSWER}${l}` }))
      : ['2', '1', '0'].map((v) => ({ title: t(`reports:rating.a.${step}.${v}`), payload: `${PAYLOAD_ANSWER}${v}` }));
  buttons.push({ title: t('reports:rating.skip'), payload: `${PAYLOAD_ANSWER}skip` });
  const text = t(`reports:rating.q.${step}`);
  return [{ text: prefix ? `${prefix}\n\n${text}` : text, buttons }];
}

export function createRatingHandler(_deps: RatingHandlerDeps): Handler {
  const askCode = (ctx: TurnContext): Reply[] => {
    ctx.startDialog(DIALOG, 'code', {});
    return [{ text: ctx.t('reports:rating.ask_code') }];
  };

  /** The dossier is known to belong to this user: check it can be rated, then ask question 1. */
  const begin = async (ctx: TurnContext, code: string): Promise<Reply[]> => {
    const dossier = await findDossier(ctx.db, code);
    if (!dossier) {
      ctx.endDialog();
      return [{ text: ctx.t('reports:rating.not_found', { code }) }];
    }
    if (await findRating(ctx.db, code)) {
      ctx.endDialog();
      return [{ text: ctx.t('reports:rating.already_rated', { code }) }];
    }
    if (dossier.status !== RATEABLE_STATUS) {
      ctx.endDialog();
      return [{ text: ctx.t('reports:rating.not_finished', { code }) }];
    }
    ctx.startDialog(DIALOG, 'idx1', { code, answers: {} } satisfies DialogData);
    return question(ctx, 'idx1', ctx.t('reports:rating.intro', { code }));
  };

  /** Starts with a code: the applicant's own channels go straight on; anyone else proves it. */
  const withCode = async (ctx: TurnContext, code: string): Promise<Reply[]> => {
    const contacts = await dossierContacts(ctx.db, code);
    const mine = contacts.some((c) => c.channel === ctx.event.channel && c.userId === ctx.event.userId);
    if (mine) return begin(ctx, code);
    ctx.startDialog(DIALOG, 'digits', { code } satisfies DialogData);
    return [{ text: ctx.t('reports:rating.ask_phone') }];
  };

  const answer = async (ctx: TurnContext, value: string): Promise<HandlerResult> => {
    const dialog = readDialog(ctx, DIALOG, DialogData);
    if (!dialog) return [{ text: ctx.t('common:option_expired') }];
    const step = dialog.step as Step;
    const data = dialog.state;
    if (step === 'code' || step === 'digits' || !data.code) return null;
    if (step === 'level') {
      const level = value === 'skip' ? null : (SATISFACTION_LEVELS as readonly string[]).includes(value) ? (value as SatisfactionLevel) : undefined;
      if (level === undefined) return question(ctx, 'level', ctx.t('reports:rating.pick_option'));
      return finish(ctx, data, level);
    }
    const points = value === 'skip' ? null : ['0', '1', '2'].includes(value) ? Number(value) : undefined;
    if (points === undefined) return question(ctx, step, ctx.t('reports:rating.pick_option'));
    const next = NEXT[step]!;
    ctx.setDialog(next, { ...data, answers: { ...data.answers, [step]: points } });
    return question(ctx, next as IndexStep | 'level');
  };

  const finish = async (ctx: TurnContext, data: DialogData, level: SatisfactionLevel | null): Promise<Reply[]> => {
    const a = data.answers ?? {};
    const code = data.code!;
    ctx.endDialog();
    const saved = await saveRating(ctx.db, {
      dossierCode: code,
      ratedOn: dateIn(ctx.config.TZ_DISPLAY),
      idx1: a.idx1 ?? null,
      idx3: a.idx3 ?? null,
      idx4: a.idx4 ?? null,
      idx7: a.idx7 ?? null,
      level,
      origin: 'chat',
      channel: ctx.event.channel,
      userId: ctx.event.userId,
    });
    return [{ text: ctx.t(saved ? 'reports:rating.thanks' : 'reports:rating.already_rated', { code }) }];
  };

  return {
    name: DIALOG,
    stateSchema: DialogData,
    payloadPrefixes: ['rating:'],
    async onPayload(ctx, payload) {
      if (payload === PAYLOAD_START) return askCode(ctx);
      if (payload.startsWith(`${PAYLOAD_START}:`)) return withCode(ctx, payload.slice(PAYLOAD_START.length + 1));
      if (payload.startsWith(PAYLOAD_ANSWER)) return answer(ctx, payload.slice(PAYLOAD_ANSWER.length));
      return null;
    },
    async onDialog(ctx) {
      const { step: current, state: data } = readDialog(ctx, DIALOG, DialogData)!;
      const step = current as Step;
      if (step === 'code') {
        const code = findDossierCode(ctx.text);
        if (code) return withCode(ctx, code);
        // A sentence without a code is another question: leave the dialog.
        ctx.endDialog();
        return null;
      }
      if (step === 'digits') {
        const digits = ctx.text.replace(/\D/g, '');
        const result = await verifyDossierAccess(ctx.db, { channel: ctx.event.channel, userId: ctx.event.userId, source: ctx.event.source, code: data.code!, digits });
        if (result.outcome === 'ok') return begin(ctx, data.code!);
        if (result.outcome === 'locked') {
          ctx.endDialog();
          return [{ text: ctx.t('reports:rating.phone_locked') }];
        }
        return [{ text: ctx.t('reports:rating.phone_wrong', { left: result.remaining }) }];
      }
      // A question step: the engine turns a typed number into the option's payload; anything else is asked again.
      return question(ctx, step as IndexStep | 'level', ctx.t('reports:rating.pick_option'));
    },
    // A message with a dossier code reads as a look-up to the knowledge module; with a rating
    // word in it ("đánh giá hồ sơ …") it is a rating, so this handler takes it first.
    intents: ['rating', 'dossier_status'],
    async onIntent(ctx, analysis) {
      if (analysis.intent !== 'rating' && !RATING_WORDS.test(fold(ctx.text))) return null;
      const code = findDossierCode(ctx.text);
      return code ? withCode(ctx, code) : askCode(ctx);
    },
    menu: [{ titleKey: 'reports:rating.menu', payload: PAYLOAD_START, order: 60 }],
  };
}

/** The invitation message for one dossier, in the citizen's language. */
export function invitationReply(lang: Lang, code: string, procedure: string | null): Reply {
  const t = translator(lang);
  return {
    text: t('reports:rating.invite', { code, procedure: procedure ?? code }),
    buttons: [{ title: t('reports:rating.invite_button'), payload: `${PAYLOAD_START}:${code}` }],
  };
}
