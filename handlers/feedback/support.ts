// "Gặp cán bộ": a support request (HT-…, kind 'ho_tro') in the staff inbox; the citizen's later
// messages are forwarded to it until they leave or staff close it (docs/domain.md §3).
import type { Reply } from '../../core/types';
import type { HandlerResult, TurnContext } from '../types';
import { citizenWroteAgain, createFeedback, getFeedback, openSupportRequest } from '../../models/repos/feedback/filing';
import { SUPPORT_KIND, type FeedbackKind } from '../../models/repos/feedback/states';
import { logger } from '../../core/logger';
import { translator } from '../../core/i18n';
import { vnParts, type Clock } from '../../core/clock';
import { notifyStaffGroup } from './notify';
import { officeState, type OfficeHours } from './office-hours';
import { MAX_PHOTO_BYTES, SUPPORT_MAX_PHOTOS } from './limits';
import { FEEDBACK_DIALOG, P, photoOf, type FeedbackState } from './form';

export const HUMAN_STEP = 'human';
// Beside the global cancel words, these also end a chat with staff.
const HUMAN_END_WORDS = ['ket thuc', 'xong', 'end'];

export interface SupportDeps {
  now: Clock;
  dueDays: Record<FeedbackKind, number>;
  /** Office hours as the settings stand now (staff may change them while the server runs). */
  office(): OfficeHours;
}

const leaveButton = (ctx: TurnContext) => ({ title: ctx.t('feedback:buttons.leave_human'), payload: `${P}human_end` });

/** Opens (or reopens) the citizen's support request and says when staff will answer. */
export async function startHuman(ctx: TurnContext, deps: SupportDeps): Promise<Reply[]> {
  const { db } = ctx;
  const at = deps.now();
  let request = await openSupportRequest(db, ctx.event.channel, ctx.event.userId);
  if (request) await citizenWroteAgain(db, request.id, at);
  else {
    request = await createFeedback(
      db,
      { kind: SUPPORT_KIND, channel: ctx.event.channel, userId: ctx.event.userId, lang: ctx.lang, content: ctx.text || ctx.t('feedback:human.default_content') },
      { dueDays: deps.dueDays, officeDays: deps.office().days, now: at },
    );
    logger.info({ channel: ctx.event.channel, code: request.code }, 'support request opened');
    await notifyStaffGroup(db, ctx.config, translator('vi'), request);
  }
  ctx.startDialog(FEEDBACK_DIALOG, HUMAN_STEP, { requestId: request.id });
  const office = deps.office();
  const state = officeState(office, at);
  const next = vnParts(state.nextOpen);
  const when = state.open
    ? ctx.t('feedback:human.open')
    : ctx.t('feedback:human.closed', {
        hours: ctx.config.OFFICE_HOURS.replace('-', '–'),
        days: office.days.map((d) => ctx.t(`feedback:weekdays.${d}`)).join(', '),
        time: next.time,
        weekday: ctx.t(`feedback:weekdays.${next.weekday}`),
        date: next.date,
      });
  const phone = ctx.config.OFFICE_PHONE ? `\n${ctx.t('feedback:human.phone', { phone: ctx.config.OFFICE_PHONE })}` : '';
  return [{ text: `${ctx.t('feedback:human.queued', { code: request.code })}\n${when}${phone}`, buttons: [leaveButton(ctx)] }];
}

/** The citizen leaves the chat with staff (staff still answer what was sent). */
export function endHuman(ctx: TurnContext): Reply[] {
  ctx.endDialog();
  return [{ text: ctx.t('feedback:human.ended'), buttons: [{ title: ctx.t('feedback:buttons.menu'), payload: 'menu' }] }];
}

/** A message while talking to staff: forwarded to the request, images kept on it. */
export async function humanStep(ctx: TurnContext, deps: SupportDeps, s: FeedbackState, input: { payload?: string; key: string }): Promise<HandlerResult> {
  if (input.payload === `${P}human_end` || input.payload === `${P}cancel` || HUMAN_END_WORDS.includes(input.key)) return endHuman(ctx);
  const request = s.requestId ? await getFeedback(ctx.db, s.requestId) : undefined;
  // Staff closed or transferred it: back to the automatic assistant for this message.
  if (!request || request.status === 'da_dong' || request.status === 'da_chuyen') {
    ctx.endDialog();
    return null;
  }
  if (input.payload) return null;
  // Images sent to staff are kept on the request (the message log holds text only).
  const photos = (ctx.event.attachments ?? [])
    .filter((a) => a.type === 'image' && (a.url || a.name) && (a.size === undefined || a.size <= MAX_PHOTO_BYTES))
    .map((a) => photoOf(ctx, a));
  await citizenWroteAgain(ctx.db, request.id, deps.now(), { photos, maxPhotos: SUPPORT_MAX_PHOTOS });
  return [{ text: ctx.t('feedback:human.forwarded'), buttons: [leaveButton(ctx)] }];
}
