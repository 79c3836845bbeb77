// Complaints and petitions (PAKN, docs/domain.md §3) in the chat: the guided form (form.ts, run by
// handlers/form.ts), status by code (status.ts), and "talk to a person" support requests that land
// in the staff inbox (support.ts). This file routes a turn to them.
import type { Analysis, Reply } from '../../core/types';
import type { Handler, HandlerResult, TurnContext } from '../types';
import { readDialog } from '../dialog';
import type { Config } from '../../core/config';
import type { Db } from '../../models/db';
import { fold } from '../../knowledge/normalize';
import { countSubmissionsOn, createFeedback, findByFormKey } from '../../models/repos/feedback/filing';
import { DEFAULT_DUE_WORKING_DAYS, parseDueDays } from '../../models/repos/feedback/deadlines';
import type { FeedbackRow } from '../../models/repos/feedback/states';
import { MAX_CONTENT_LENGTH, MAX_PER_USER_PER_DAY, MIN_CONTENT_LENGTH } from './limits';
import { notifyStaffGroup } from './notify';
import { parseOfficeHours } from './office-hours';
import { displayDate, systemClock, vnDate, type Clock } from '../../core/clock';
import { logger } from '../../core/logger';
import { translator } from '../../core/i18n';
import {
  complaintInfo, createPaknForm, FEEDBACK_DIALOG, FEEDBACK_START_PAYLOAD, FeedbackState, keyOf, LEGAL_COMPLAINT,
  MEMORY_FEEDBACK_DRAFT, P,
} from './form';
import { askCode, codeIn, STATUS_STEP, statusByCode, statusStep } from './status';
import { endHuman, HUMAN_STEP, humanStep, startHuman, type SupportDeps } from './support';

export { FEEDBACK_DIALOG, FEEDBACK_START_PAYLOAD } from './form';

// Folded words (no diacritics).
const ASKS_PHONE = /\b(so dien thoai|sdt|so dt|hotline|phone number)\b/;
// Words beyond the trigger phrase that make a first message worth offering as the content.
const DRAFT_MIN_WORDS = 4;
const HUMAN_COMMANDS = ['gap can bo', 'noi chuyen voi nguoi that', 'gap nguoi that', 'noi chuyen voi can bo', 'human', 'talk to a person'];

export interface FeedbackHandlerDeps {
  db: Db;
  config: Config;
  /** The clock (tests fix it to check office hours). */
  now?: Clock;
}

export function createFeedbackHandler(deps: FeedbackHandlerDeps): Handler {
  const { config } = deps;
  const now = deps.now ?? systemClock;
  const dueDays = parseDueDays(config.FEEDBACK_DUE_DAYS, DEFAULT_DUE_WORKING_DAYS);
  // Read at each use: staff may change office hours in the admin's settings while the server runs.
  let officeKey = '';
  let officeParsed = parseOfficeHours(config.OFFICE_HOURS, config.OFFICE_DAYS);
  const office = () => {
    const key = `${config.OFFICE_HOURS}|${config.OFFICE_DAYS}`;
    if (key !== officeKey) [officeKey, officeParsed] = [key, parseOfficeHours(config.OFFICE_HOURS, config.OFFICE_DAYS)];
    return officeParsed;
  };
  const support: SupportDeps = { now, dueDays, office };

  function acknowledged(ctx: TurnContext, row: FeedbackRow): Reply[] {
    return [
      {
        text: ctx.t('feedback:acknowledged', { code: row.code, days: dueDays[row.kind], due: displayDate(row.dueDate) }),
        buttons: [{ title: ctx.t('feedback:buttons.menu'), payload: 'menu' }],
      },
    ];
  }

  async function perDayRefusal(ctx: TurnContext): Promise<Reply[] | null> {
    const n = await countSubmissionsOn(deps.db, ctx.event.channel, ctx.event.userId, vnDate(now()));
    if (n < MAX_PER_USER_PER_DAY) return null;
    ctx.endDialog();
    return [{ text: ctx.t('feedback:refuse.per_day', { max: MAX_PER_USER_PER_DAY, phone: ctx.config.OFFICE_PHONE ?? ctx.config.OFFICE_ADDRESS }) }];
  }

  const form = createPaknForm({
    async submit(ctx, s, runId) {
      const refused = await perDayRefusal(ctx);
      if (refused) return refused;
      // Stored first; the acknowledgement (with the code) only after the row exists.
      const row = await createFeedback(
        deps.db,
        {
          kind: s.kind!, channel: ctx.event.channel, userId: ctx.event.userId, lang: ctx.lang, content: s.content!,
          photos: s.photos ?? [], name: s.name!, address: s.address!, phone: s.phone!, isPublic: s.isPublic, formKey: runId,
        },
        { dueDays, officeDays: office().days, now: now() },
      );
      logger.info({ channel: ctx.event.channel, code: row.code, kind: row.kind }, 'feedback received');
      await notifyStaffGroup(deps.db, ctx.config, translator('vi'), row);
      ctx.endDialog();
      ctx.remember('lastFeedbackCode', row.code);
      return acknowledged(ctx, row);
    },
    async submitted(ctx, runId) {
      const row = await findByFormKey(deps.db, runId);
      // Only the citizen who filed it learns the code again.
      if (!row || row.channel !== ctx.event.channel || row.userId !== ctx.event.userId) return null;
      return acknowledged(ctx, row);
    },
  });

  async function startForm(ctx: TurnContext, draft?: string): Promise<Reply[]> {
    const refused = await perDayRefusal(ctx);
    if (refused) return refused;
    // A complaint told earlier and left unsent for a question (form.ts left) is offered again, once.
    const left = ctx.session.memory[MEMORY_FEEDBACK_DRAFT];
    if (left !== undefined && left !== null) ctx.remember(MEMORY_FEEDBACK_DRAFT, null);
    const offered = draft ?? (typeof left === 'string' ? left : undefined);
    return form.start(ctx, offered ? { draft: offered } : {}, ctx.t('feedback:intro'));
  }

  /** A message that says more than "I want to complain" is kept to be offered as the content. */
  function draftOf(text: string): string | undefined {
    const rest = fold(text)
      .replace(/\b(toi|em|minh|chau|muon|can|xin|gui|cho|hoi|ve|phan anh|kien nghi|gop y|a|ah|nhe|voi|ad|oi|de)\b/g, ' ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    const words = rest ? rest.split(' ').length : 0;
    const trimmed = text.trim();
    return words >= DRAFT_MIN_WORDS && trimmed.length >= MIN_CONTENT_LENGTH && trimmed.length <= MAX_CONTENT_LENGTH ? trimmed : undefined;
  }

  function askStatus(ctx: TurnContext): Reply[] {
    ctx.startDialog(FEEDBACK_DIALOG, STATUS_STEP, {});
    return askCode(ctx);
  }

  /** Leaves the status question or the chat with staff, saying which (the form says its own goodbye). */
  function leave(ctx: TurnContext): Reply[] {
    const step = ctx.session.dialog?.step;
    if (step === HUMAN_STEP) return endHuman(ctx);
    ctx.endDialog();
    const key = step === STATUS_STEP ? 'feedback:status_cancelled' : 'feedback:cancelled';
    return [{ text: ctx.t(key), buttons: [{ title: ctx.t('feedback:buttons.menu'), payload: 'menu' }] }];
  }

  async function onStep(ctx: TurnContext, payload?: string): Promise<HandlerResult> {
    const dialog = readDialog(ctx, FEEDBACK_DIALOG, FeedbackState);
    if (!dialog) return payload ? form.resubmitted(ctx, payload) : null;
    const key = keyOf(ctx.text);
    if (dialog.step === HUMAN_STEP) return humanStep(ctx, support, dialog.state, { payload, key });
    if (payload === `${P}cancel`) return leave(ctx);
    if (dialog.step === STATUS_STEP) return statusStep(ctx, ctx.text);
    return form.handle(ctx, dialog.step, dialog.state, { payload, text: ctx.text, key, attachments: ctx.event.attachments });
  }

  return {
    name: FEEDBACK_DIALOG,
    stateSchema: FeedbackState,
    payloadPrefixes: [P],
    async onPayload(ctx, payload) {
      if (payload === FEEDBACK_START_PAYLOAD) return startForm(ctx);
      if (payload === `${P}complaint_info`) {
        ctx.endDialog();
        return complaintInfo(ctx);
      }
      if (payload === `${P}status`) return askStatus(ctx);
      if (payload === `${P}human`) return startHuman(ctx, support);
      return onStep(ctx, payload);
    },
    async onDialog(ctx) {
      return onStep(ctx);
    },
    async onCancel(ctx) {
      return leave(ctx);
    },
    commands: [
      'gui phan anh', 'phan anh', 'kien nghi', 'gop y', 'gui kien nghi', 'gui gop y', 'phan anh kien nghi',
      'khieu nai', 'to cao', 'tra cuu phan anh', ...HUMAN_COMMANDS,
    ],
    async onCommand(ctx, command) {
      if (HUMAN_COMMANDS.includes(command)) return startHuman(ctx, support);
      if (command === 'khieu nai' || command === 'to cao') return complaintInfo(ctx);
      if (command === 'tra cuu phan anh') return askStatus(ctx);
      return startForm(ctx);
    },
    intents: ['feedback', 'human', 'unknown', 'dossier_status', 'procedure'],
    async onIntent(ctx, analysis: Analysis) {
      const code = codeIn(ctx.text);
      if (code) return statusByCode(ctx, code);
      if (analysis.intent === 'human') {
        // "xin số điện thoại của xã": the number answers it; a chat with staff stays one tap away.
        if (ctx.config.OFFICE_PHONE && ASKS_PHONE.test(fold(ctx.text))) {
          return [
            {
              text: ctx.t('feedback:human.phone_answer', { phone: ctx.config.OFFICE_PHONE, hours: ctx.config.OFFICE_HOURS.replace('-', '–') }),
              buttons: [{ title: ctx.t('feedback:menu.human'), payload: `${P}human` }],
            },
          ];
        }
        return startHuman(ctx, support);
      }
      if (analysis.intent !== 'feedback') return null;
      const key = fold(ctx.text);
      // "Khiếu nại"/"tố cáo" in the legal sense go elsewhere; "phản ánh"/"góp ý" start the form.
      if (LEGAL_COMPLAINT.test(key) && !/\b(phan anh|kien nghi|gop y)\b/.test(key)) return complaintInfo(ctx);
      return startForm(ctx, draftOf(ctx.text));
    },
    menu: [
      { titleKey: 'feedback:menu.send', payload: FEEDBACK_START_PAYLOAD, order: 40 },
      { titleKey: 'feedback:menu.human', payload: `${P}human`, order: 90 },
    ],
  };
}
