// Zalo's sending policy: which message product each kind of message uses, and whether it may be sent now
// (docs/channels.md §Zalo message types).
// - Consultation (`cs`): replies, staff answers, bulletins to people who wrote recently. Free within 48 h
//   of the citizen's last message, billable from 48 h to 7 days, refused after 7 days (-230).
// - Transaction (`transaction`): a change to something the citizen has with the office (a dossier result):
//   its own product and quota, structured as a template (header, text, table).
// - Promotion: marketing with a banner and a monthly quota; nothing of the office's is marketing, so unused.
// - An invitation to rate is sent only inside the free 48 h (never billed for a survey), else not at all.
import type { OutboundKind } from '../../../models/repos/outbound';
import type { ZaloMessageType } from './client';

// Free consultation replies within 48 h of the citizen's last message.
export const ZALO_FREE_WINDOW_MS = 48 * 60 * 60 * 1000;

export type ZaloDecision = { send: ZaloMessageType } | { drop: string };

export function zaloDecision(kind: OutboundKind, lastInboundAt: Date | null | undefined, now = Date.now()): ZaloDecision {
  const age = lastInboundAt ? now - lastInboundAt.getTime() : Infinity;
  if (kind === 'notification') return { send: 'transaction' };
  if (kind === 'invitation' && age >= ZALO_FREE_WINDOW_MS) return { drop: 'rating invitation outside the free 48 h window: not sent' };
  return { send: 'cs' };
}
