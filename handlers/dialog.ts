// Reading a dialog's state back from the session. The engine has already checked the stored state
// against the handler's schema (Handler.stateSchema); parsing again here gives the handler a typed
// value instead of a cast.
import type { z } from 'zod';
import type { TurnContext } from './types';

/** The active dialog's step and state, parsed by the schema; null when another dialog (or none) is active. */
export function readDialog<S extends z.ZodType>(
  ctx: TurnContext,
  name: string,
  schema: S,
): { step: string; state: z.infer<S> } | null {
  const dialog = ctx.session.dialog;
  if (dialog?.name !== name) return null;
  const parsed = schema.safeParse(dialog.state);
  return parsed.success ? { step: dialog.step, state: parsed.data } : null;
}
