// The outcome of a turn for motcua_turns_total (core/metrics.ts). A handler may declare it
// (ctx.outcome: 'referral', 'choices'); the engine sets 'error' and the fallback 'unknown';
// otherwise a turn that leaves a form step waiting is 'dialog', and the rest 'answered'.
import type { TurnOutcome } from '../core/metrics';
import type { Session } from '../core/types';
import type { TurnContext } from '../handlers/types';

export function turnOutcome(ctx: Pick<TurnContext, 'outcome'>, session: Pick<Session, 'dialog'>): TurnOutcome {
  if (ctx.outcome) return ctx.outcome;
  return session.dialog ? 'dialog' : 'answered';
}
