// Messenger's sending policy, the one place for it (docs/channels.md §Messenger): which messaging_type (and
// tag) a message of each kind gets, given the time since the person last wrote, or that it must be held or
// not sent at all; pacing. Which Graph errors are retried, held or mean blocked: classifyGraphError below.
// - Inside the standard 24-hour window anything may go: RESPONSE in a turn, UPDATE otherwise [M1].
// - Outside it only tagged messages, and only what the tag is for (Meta message tag policy [M3]):
//   · a dossier status change is a non-recurring update to the citizen's application: ACCOUNT_UPDATE;
//   · a staff member's answer to a petition, up to 7 days after the person's last message: HUMAN_AGENT
//     (written by a human; the app needs the Human Agent permission);
//   · an invitation to rate is a survey prompt, which no tag allows: invited within 24 h or not at all;
//   · bulletins are neither: held until the person writes again.
import type { ChannelPolicy, OutboundKind, SendDecision } from '../../../core/outbound-policy';
import type { DeliveryProblem } from '../../../core/errors';
import { CHANNEL_PACING } from '../../../core/pacing';

// The standard messaging window: 24 hours from the person's last message.
export const MESSENGER_WINDOW_MS = 24 * 60 * 60 * 1000;
// HUMAN_AGENT: a human agent may answer up to 7 days after the person's last message.
export const MESSENGER_HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export function messengerDecision(kind: OutboundKind, lastInboundAt: Date | null | undefined, now = Date.now()): SendDecision {
  if (kind === 'reply') return { send: { type: 'RESPONSE', billable: false } };
  const age = lastInboundAt ? now - lastInboundAt.getTime() : Infinity;
  if (age < MESSENGER_WINDOW_MS) return { send: { type: 'UPDATE', billable: false } };
  switch (kind) {
    case 'notification':
      return { send: { type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE', billable: false } };
    case 'staff':
      if (age < MESSENGER_HUMAN_AGENT_WINDOW_MS) return { send: { type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', billable: false } };
      return { hold: 'more than 7 days since the person last wrote: held until they write again' };
    case 'invitation':
      return { drop: 'a rating invitation may not be sent under a message tag (survey): not sent outside 24 h' };
    default:
      return { hold: 'more than 24 h since the person last wrote: held until they write again' };
  }
}

// "This person isn't receiving messages from you right now": sent as 551, as 200/1545041, as 10/2018108,
// or as (#200) with that message and no subcode (Send API error table, docs/channels.md §Messenger Errors).
// Other (#200) answers are about the app's permissions, not the person: never a reason to unsubscribe.
const NOT_RECEIVING = /isn.t receiving messages from you/i;

export function classifyGraphError(status: number, code?: number, subcode?: number, message = ''): DeliveryProblem {
  if (code === 551 || subcode === 1545041 || (code === 100 && subcode === 2018001)) return 'blocked';
  if ((code === 10 && subcode === 2018108) || (code === 200 && NOT_RECEIVING.test(message))) return 'blocked';
  if (code === 10 && subcode === 2018278) return 'outside_window';
  if (code === 190) return 'expired_token';
  if (code === 4 || code === 613 || status === 429) return 'rate_limited';
  if (code === 2 || status >= 500) return 'transient';
  return 'invalid';
}

export const messengerPolicy: ChannelPolicy = {
  pacing: CHANNEL_PACING.messenger,
  bulk: { concurrency: 32, claimers: 2 },
  decide: messengerDecision,
};
