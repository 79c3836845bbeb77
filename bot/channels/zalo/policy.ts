// Zalo's sending policy, the one place for it (docs/channels.md §Zalo): the message product each kind of
// message uses, what is billable, the night rule, pacing, and which error codes are retried, held or mean
// blocked.
// - Consultation (`cs`): replies in a turn, staff answers, invitations, bulletins to people who wrote within
//   48 h. Free within 48 h of the citizen's last message, billable from 48 h to 7 days, refused after 7
//   days (-230) [Z4][Z5][Z12].
// - Transaction (`transaction`): a change to something the citizen has with the office (a dossier result):
//   its own product, billable, a template (header, text, buttons) [Z7].
// - Promotion (`promotion`): the weekly bulletin to someone who has not written within 48 h: billable,
//   sent to followers without the 7-day limit [Z12].
// - An invitation to rate is sent only inside the free 48 h (never billed for a survey), else not at all.
// Every billable message draws one unit of the OA's monthly quota of proactive messages first
// (ZALO_PAID_QUOTA_PER_MONTH; Zalo resets it at 00:00 on the 1st of the month [Z12]).
import type { ChannelPolicy, OutboundKind, SendDecision } from '../../../core/outbound-policy';
import type { DeliveryProblem } from '../../../core/errors';
import { CHANNEL_PACING } from '../../../core/pacing';

const HOUR_MS = 3_600_000;
// Free consultation replies within 48 h of the citizen's last message.
export const ZALO_FREE_WINDOW_MS = 48 * HOUR_MS;
// Consultation messages are accepted (billable) up to 7 days after it; -230 beyond.
export const ZALO_CS_WINDOW_MS = 7 * 24 * HOUR_MS;
// Promotion-like sends are refused 22:00–06:00 Viet Nam time (-234) [Z2]. Bulletins are not even tried
// then; anything else Zalo refuses at night (-234) is held until 06:00 by the client.
export const ZALO_QUIET_HOURS = [22, 6] as const;
// The quota key of billable Zalo sends (models/repos/quota.ts), counted per calendar month.
export const ZALO_PAID_QUOTA_KEY = 'zalo:paid';

export type ZaloMessageType = 'cs' | 'transaction' | 'promotion';

export function zaloDecision(kind: OutboundKind, lastInboundAt: Date | null | undefined, now = Date.now()): SendDecision {
  if (kind === 'reply') return { send: { type: 'cs', billable: false } };
  const age = lastInboundAt ? now - lastInboundAt.getTime() : Infinity;
  const free = age < ZALO_FREE_WINDOW_MS;
  switch (kind) {
    case 'notification':
      return { send: { type: 'transaction', billable: true } };
    case 'invitation':
      return free ? { send: { type: 'cs', billable: false } } : { drop: 'rating invitation outside the free 48 h window: not sent' };
    case 'broadcast':
      return free ? { send: { type: 'cs', billable: false } } : { send: { type: 'promotion', billable: true } };
    case 'staff':
      if (free) return { send: { type: 'cs', billable: false } };
      if (age < ZALO_CS_WINDOW_MS) return { send: { type: 'cs', billable: true } };
      return { hold: 'more than 7 days since the citizen last wrote: held until they write again' };
  }
}

// Error codes (Zalo answers HTTP 200 with `{error: <negative int>}`; docs/channels.md §Zalo Errors):
// access token invalid (-216), expired or removed (-220) on the OA API; -124 on the business API.
const AUTH_ERRORS = new Set([-216, -220, -124]);
// The user is gone for us: banned/inactive (-227), restricted this message type from the OA (-244).
const BLOCKED = new Set([-227, -244]);
// -217 "user has blocked invitations from this OA": concerns invitation messages only, never a reason to
// unsubscribe the citizen from what they asked for. Not retried.
const INVITATIONS_BLOCKED = -217;
const OUT_OF_WINDOW = new Set([-230, -232, -213]);
const RETRYABLE = new Set([-32, -100]);
// -211: the OA's quota for this message type is spent (monthly); -218: the quota of messages to this user
// is reached (daily). Held until the next quota period, never dropped.
export const ZALO_OA_QUOTA_ERROR = -211;
export const ZALO_USER_QUOTA_ERROR = -218;
// -234: proactive messages refused at night: held until 06:00.
export const ZALO_NIGHT_ERROR = -234;

export function classifyZaloError(code: number): DeliveryProblem {
  if (AUTH_ERRORS.has(code)) return 'expired_token';
  if (BLOCKED.has(code)) return 'blocked';
  if (code === INVITATIONS_BLOCKED) return 'invalid';
  if (OUT_OF_WINDOW.has(code)) return 'outside_window';
  if (code === ZALO_OA_QUOTA_ERROR || code === ZALO_USER_QUOTA_ERROR) return 'quota';
  if (RETRYABLE.has(code)) return code === -32 ? 'rate_limited' : 'transient';
  if (code === ZALO_NIGHT_ERROR) return 'transient';
  return 'invalid';
}

export const zaloPolicy: ChannelPolicy = {
  pacing: CHANNEL_PACING.zalo,
  bulk: { concurrency: 8 },
  decide: zaloDecision,
  quietHours: (kind) => (kind === 'broadcast' ? ZALO_QUIET_HOURS : undefined),
  paidQuota: { key: ZALO_PAID_QUOTA_KEY, period: 'month' },
};
