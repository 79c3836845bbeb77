// Messenger's sending policy: which messaging_type (and tag) a message of each kind gets, given the time
// since the person last wrote; or that it must be held, or not sent at all (docs/channels.md §Messenger).
// - Inside the standard 24-hour window anything may go: RESPONSE in a turn, UPDATE otherwise.
// - Outside it only tagged messages, and only what the tag is for (Meta message tag policy):
//   · a dossier status change is a non-recurring update to the citizen's application: ACCOUNT_UPDATE;
//   · a staff member's answer to a petition, up to 7 days after the person's last message: HUMAN_AGENT
//     (written by a human; the app needs the Human Agent permission);
//   · an invitation to rate is a survey prompt, which no tag allows: invited within 24 h or not at all;
//   · bulletins are neither: held until the person writes again.
import type { OutboundKind } from '../../../models/repos/outbound';

// The standard messaging window: 24 hours from the person's last message.
export const MESSENGER_WINDOW_MS = 24 * 60 * 60 * 1000;
// HUMAN_AGENT: a human agent may answer up to 7 days after the person's last message.
export const MESSENGER_HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type MessengerDecision =
  | { send: { messaging_type: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG'; tag?: 'ACCOUNT_UPDATE' | 'HUMAN_AGENT' } }
  | { hold: string }
  | { drop: string };

export function messengerDecision(kind: OutboundKind, lastInboundAt: Date | null | undefined, now = Date.now()): MessengerDecision {
  if (kind === 'reply') return { send: { messaging_type: 'RESPONSE' } };
  const age = lastInboundAt ? now - lastInboundAt.getTime() : Infinity;
  if (age < MESSENGER_WINDOW_MS) return { send: { messaging_type: 'UPDATE' } };
  switch (kind) {
    case 'notification':
      return { send: { messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' } };
    case 'staff':
      if (age < MESSENGER_HUMAN_AGENT_WINDOW_MS) return { send: { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } };
      return { hold: 'more than 7 days since the person last wrote: held until they write again' };
    case 'invitation':
      return { drop: 'a rating invitation may not be sent under a message tag (survey): not sent outside 24 h' };
    default:
      return { hold: 'more than 24 h since the person last wrote: held until they write again' };
  }
}
