// Status of a PAKN or support request by its code (PA-…, HT-…), typed anywhere or asked for.
import type { Reply } from '../../core/types';
import type { TurnContext } from '../types';
import { CODE_PATTERN, findByCode } from '../../models/repos/feedback/filing';
import { renderStatus } from './render';
import { P } from './form';

export const STATUS_STEP = 'status_code';

/** Asks for a code (the feedback dialog's 'status_code' step). */
export function askCode(ctx: TurnContext, lead?: string): Reply[] {
  return [
    ...(lead ? [{ text: lead }] : []),
    { text: ctx.t('feedback:ask.code'), buttons: [{ title: ctx.t('feedback:buttons.cancel'), payload: `${P}cancel` }] },
  ];
}

/** The code in a message, upper case, if there is one. */
export function codeIn(text: string): string | undefined {
  return CODE_PATTERN.exec(text.toUpperCase())?.[0];
}

/**
 * The status, only for the one who sent it (same channel and user). Codes are sequential
 * (PA-YYYYMMDD-NNNN): anyone else typing one gets the answer of an unknown code, so a stranger learns
 * neither its kind, dates and status nor that it exists (issue 18 item 8, docs/security.md).
 */
export async function statusByCode(ctx: TurnContext, code: string): Promise<Reply[]> {
  const row = await findByCode(ctx.db, code);
  const owner = row !== undefined && row.channel === ctx.event.channel && row.userId === ctx.event.userId;
  if (!row || !owner) return [{ text: ctx.t('feedback:status.not_found', { code: code.toUpperCase() }) }];
  return renderStatus(ctx.t, row, owner);
}

/** One answer at the 'status_code' step. */
export async function statusStep(ctx: TurnContext, text: string): Promise<Reply[]> {
  const code = codeIn(text);
  if (!code) return askCode(ctx, ctx.t('feedback:refuse.code_format'));
  ctx.endDialog();
  return statusByCode(ctx, code);
}
