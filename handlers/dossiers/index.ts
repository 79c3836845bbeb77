// "Hồ sơ của tôi đến đâu rồi?": finds the dossier code, asks for the last 4 phone digits,
// answers without personal data, and offers a notification when the result is ready.
import type { Config } from '../../core/config';
import { initI18n, translator } from '../../core/i18n';
import type { Analysis, ChannelName, Intent, Lang, Reply } from '../../core/types';
import { z } from 'zod';
import type { Handler, HandlerResult, TurnContext } from '../types';
import { readDialog } from '../dialog';
import { fold } from '../../knowledge/normalize';
import type { Db } from '../../models/db';
import { findDossier, onDossierStatusChanged, type DossierRow } from '../../models/repos/dossiers/records';
import {
  hasVerified, LOOKUP_MAX_FAILURES, lookupLockState, recordLookup, verifyDossierAccess,
} from '../../models/repos/dossiers/lookups';
import { notifyResultWatches, watchDossier } from '../../models/repos/dossiers/watches';
import { findSession } from '../../models/repos/sessions';
import { awaitsResult, collectLine, describeDossier, statusText } from './answer';
import { clockIn } from '../../core/clock';
import { findDossierCode, withoutDossierCodes } from './codes';
import { RESULT_STATUSES, statusIn } from '../../core/domain';

const DIALOG = 'dossiers';
export const DOSSIER_PAYLOAD_START = 'dossier:start';
const WATCH_PAYLOAD_PREFIX = 'dossier:watch:';

// Re-prompts before the dialog lets the message go to the rest of the assistant.
const MAX_REPROMPTS = 2;
// A watch needs a successful verification this recent (one working day of conversation).
const WATCH_VERIFY_VALID_MS = 24 * 60 * 60 * 1000;
// Session memory key of the last verified code (typed "báo cho tôi khi có kết quả").
const MEMORY_KEY = 'dossierVerified';

// Folded phrases that start a look-up or ask for the result notification.
const START_COMMANDS = ['tra cuu ho so', 'tra cuu', 'tra cuu ho so cua toi', 'kiem tra ho so', 'xem ho so', 'dossier status', 'check my dossier', 'check dossier'];
const WATCH_COMMANDS = [
  'bao cho toi khi co ket qua', 'thong bao khi co ket qua', 'bao toi khi co ket qua', 'bao khi co ket qua',
  'tell me when the result is ready', 'notify me',
];
// The same wish inside a longer message ("báo cho em khi có kết quả nhé").
const WATCH_RE = /\b(bao|thong bao|nhan tin|nhan) (cho )?(toi|em|minh|tui|chau)? ?khi (co|xong) ket qua\b|\bnotify me\b/;
// A code inside any of these gets looked up; feedback, human and subscriptions keep their text.
const CODE_INTENTS: Intent[] = ['dossier_status', 'unknown', 'procedure', 'fee', 'greeting'];

const DialogData = z.object({
  code: z.string().optional(),
  reprompts: z.number().int().nonnegative().optional(),
});
type DialogData = z.infer<typeof DialogData>;

export interface DossierHandlerDeps {
  db: Db;
  config: Config;
}

export function createDossierHandler(deps: DossierHandlerDeps): Handler {
  registerDossierNotifier(deps.config);

  const locked = (ctx: TurnContext, until: Date): Reply[] => {
    ctx.endDialog();
    const phone = ctx.config.OFFICE_PHONE ? ctx.t('dossiers:phone_suffix', { phone: ctx.config.OFFICE_PHONE }) : '';
    return [{
      text: ctx.t('dossiers:locked', {
        max: LOOKUP_MAX_FAILURES, time: clockIn(ctx.config.TZ_DISPLAY, until), office: ctx.config.OFFICE_ADDRESS, phone,
      }),
    }];
  };

  const start = async (ctx: TurnContext, code: string | null): Promise<Reply[]> => {
    const lock = await lookupLockState(ctx.db, ctx.event.channel, ctx.event.userId);
    if (lock.locked) {
      // A code sent while locked out is an attempt too, refused unchecked.
      if (code) await recordLookup(ctx.db, { channel: ctx.event.channel, userId: ctx.event.userId, source: ctx.event.source, code, outcome: 'locked' });
      return locked(ctx, lock.until!);
    }
    if (code) {
      ctx.startDialog(DIALOG, 'digits', { code } satisfies DialogData);
      // "<code> 5678": the 4 digits came with the code.
      const digits = /(?<!\d)\d{4}(?!\d)/.exec(withoutDossierCodes(ctx.text));
      if (digits && withoutDossierCodes(ctx.text).replace(/\D/g, '').length === 4) return verify(ctx, code, digits[0]);
      return [{ text: ctx.t('dossiers:ask_digits', { code }) }];
    }
    ctx.startDialog(DIALOG, 'code', {} satisfies DialogData);
    return [{ text: ctx.t('dossiers:ask_code') }];
  };

  const verify = async (ctx: TurnContext, code: string, digits: string): Promise<Reply[]> => {
    const result = await verifyDossierAccess(ctx.db, { channel: ctx.event.channel, userId: ctx.event.userId, source: ctx.event.source, code, digits });
    if (result.outcome === 'locked' && result.scope === 'source') {
      ctx.endDialog();
      return [{ text: ctx.t('dossiers:source_locked', { time: clockIn(ctx.config.TZ_DISPLAY, result.until), office: ctx.config.OFFICE_ADDRESS }) }];
    }
    if (result.outcome === 'locked' && result.scope === 'code') {
      ctx.endDialog();
      return [{ text: ctx.t('dossiers:code_locked', { code, time: clockIn(ctx.config.TZ_DISPLAY, result.until), office: ctx.config.OFFICE_ADDRESS }) }];
    }
    if (result.outcome === 'locked') return locked(ctx, result.until);
    if (result.outcome === 'mismatch') {
      ctx.setDialog('digits', { code } satisfies DialogData);
      return [{ text: ctx.t('dossiers:mismatch', { remaining: result.remaining }) }];
    }
    ctx.endDialog();
    ctx.remember(MEMORY_KEY, code);
    return [answer(ctx, result.dossier)];
  };

  const answer = (ctx: TurnContext, d: DossierRow): Reply => {
    const buttons = [];
    if (awaitsResult(d.status)) buttons.push({ title: ctx.t('dossiers:watch_button'), payload: `${WATCH_PAYLOAD_PREFIX}${d.code}` });
    buttons.push({ title: ctx.t('dossiers:another_button'), payload: DOSSIER_PAYLOAD_START });
    return { text: describeDossier(ctx.t, ctx.config, d), buttons };
  };

  const watch = async (ctx: TurnContext, code: string | undefined): Promise<Reply[]> => {
    const since = new Date(Date.now() - WATCH_VERIFY_VALID_MS);
    if (!code || !(await hasVerified(ctx.db, ctx.event.channel, ctx.event.userId, code, since))) {
      return [{ text: ctx.t('dossiers:watch_need_verify'), buttons: [{ title: ctx.t('dossiers:menu'), payload: DOSSIER_PAYLOAD_START }] }];
    }
    const d = await findDossier(ctx.db, code);
    if (!d) return [{ text: ctx.t('dossiers:watch_need_verify') }];
    if (!awaitsResult(d.status)) return [{ text: ctx.t('dossiers:watch_has_result', { code }) }];
    const added = await watchDossier(ctx.db, code, ctx.event.channel, ctx.event.userId);
    return [{ text: ctx.t(added ? 'dossiers:watch_ok' : 'dossiers:watch_already', { code }) }];
  };

  /** A reply that keeps the dialog, or null (dialog ended) once the user has clearly moved on. */
  const reprompt = (ctx: TurnContext, data: DialogData, key: string): HandlerResult => {
    const n = (data.reprompts ?? 0) + 1;
    if (n > MAX_REPROMPTS) {
      ctx.endDialog();
      return null;
    }
    ctx.setDialog(ctx.session.dialog!.step, { ...data, reprompts: n });
    return [{ text: ctx.t(key) }];
  };

  return {
    name: DIALOG,
    stateSchema: DialogData,
    payloadPrefixes: ['dossier:'],
    async onPayload(ctx, payload) {
      if (payload === DOSSIER_PAYLOAD_START) return start(ctx, null);
      if (payload.startsWith(WATCH_PAYLOAD_PREFIX)) return watch(ctx, payload.slice(WATCH_PAYLOAD_PREFIX.length));
      return null;
    },
    async onDialog(ctx) {
      const data = readDialog(ctx, DIALOG, DialogData)?.state ?? {};
      const folded = fold(ctx.text).replace(/[.!?]+$/, '');
      if (WATCH_COMMANDS.includes(folded) || WATCH_RE.test(folded)) {
        ctx.endDialog();
        return watch(ctx, ctx.session.memory[MEMORY_KEY] as string | undefined);
      }
      // A code anywhere in the message starts (or switches to) that dossier.
      const code = findDossierCode(ctx.text);
      if (code) return start(ctx, code);
      const digits = ctx.text.replace(/\D/g, '');
      if (ctx.session.dialog?.step === 'digits' && data.code) {
        // The 4 digits, or the whole phone number (its last 4 are taken).
        if (digits.length === 4 || (digits.length >= 9 && digits.length <= 12)) {
          return verify(ctx, data.code, digits.slice(-4));
        }
        // A sentence that is not about the phone number ("chứng thực 3 trang bao nhiêu"): the citizen
        // has moved on to something else, even when it holds a number.
        if (looksLikeSentence(folded) && !PHONE_WORDS.test(folded)) {
          ctx.endDialog();
          return null;
        }
        return reprompt(ctx, data, 'dossiers:digits_invalid');
      }
      // Step 'code': a sentence without digits is another question; anything else a mistyped code.
      if (!digits.length && looksLikeSentence(folded)) {
        ctx.endDialog();
        return null;
      }
      return reprompt(ctx, data, 'dossiers:code_not_recognised');
    },
    commands: [...START_COMMANDS, ...WATCH_COMMANDS],
    async onCommand(ctx, command) {
      if (WATCH_COMMANDS.includes(command)) return watch(ctx, ctx.session.memory[MEMORY_KEY] as string | undefined);
      return start(ctx, null);
    },
    intents: CODE_INTENTS,
    async onIntent(ctx: TurnContext, analysis: Analysis) {
      const code = findDossierCode(ctx.text);
      if (code) return start(ctx, code);
      if (WATCH_RE.test(fold(ctx.text))) return watch(ctx, ctx.session.memory[MEMORY_KEY] as string | undefined);
      if (analysis.intent === 'dossier_status') return start(ctx, null);
      return null;
    },
    menu: [{ titleKey: 'dossiers:menu', payload: DOSSIER_PAYLOAD_START, order: 20 }],
  };
}

// Three words or more: a question of its own rather than an answer to "which digits?".
// Words of a reply that is still about the phone digits ("số cuối là 567", "sđt của em ...").
const PHONE_WORDS = /\b(sdt|dien thoai|so cuoi|chu so|4 so|phone)\b/;

function looksLikeSentence(folded: string): boolean {
  return folded.split(' ').filter((w) => /[a-z]{2,}/.test(w)).length >= 3;
}

/**
 * Registers (once per process) the listener that tells watchers when an import or the API moves
 * their dossier to a result status. The import CLI calls it too, since it changes statuses
 * outside the server.
 */
export function registerDossierNotifier(config: Config, onQueued?: (count: number) => void): void {
  onDossierStatusChanged(async (db, changes) => {
    const codes = changes.filter((c) => statusIn(RESULT_STATUSES, c.to)).map((c) => c.code);
    if (!codes.length) return;
    await initI18n();
    const queued = await notifyResultWatches(db, codes, RESULT_STATUSES, async (w) => {
      const session = await findSession(db, w.channel as ChannelName, w.userId);
      const lang: Lang = session?.lang === 'en' ? 'en' : session?.lang === 'vi' ? 'vi' : config.DEFAULT_LANGUAGE;
      return [notificationReply(lang, config, w.dossier)];
    });
    if (queued) onQueued?.(queued);
  }, 'dossiers:notify-watchers');
}

export function notificationReply(lang: Lang, config: Config, d: DossierRow): Reply {
  const t = translator(lang);
  const lines = [
    t('dossiers:notify', {
      code: d.code,
      procedure: d.procedureName ?? t('dossiers:notify_procedure_unknown'),
      status: statusText(t, d.status),
    }),
  ];
  const collect = collectLine(t, config, d);
  if (collect) lines.push(collect);
  return { text: lines.join('\n') };
}
