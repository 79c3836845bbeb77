// The platform-independent half of the one outbound pipeline: what a platform's sending policy says
// (bot/channels/<platform>/policy.ts implements it), and the rules every platform shares: what a typed
// delivery problem does to a message (retry, hold, unsubscribe, give up) and which held messages still
// matter when the citizen comes back (docs/channels.md §One outbound pipeline).
import type { DeliveryProblem } from './errors';
import type { PacingLimits } from './pacing';

/**
 * Why a message leaves; each platform's policy decides from it how, or whether, it may be sent: reply (in
 * a turn), notification (a change to the citizen's dossier), invitation (to rate a dossier: a survey
 * prompt), staff (a person's answer to a petition), broadcast (the weekly bulletin).
 */
export type OutboundKind = 'reply' | 'notification' | 'invitation' | 'staff' | 'broadcast';

/** How a message goes out: the platform's message type (Zalo product, Messenger messaging_type) and tag. */
export interface SendAs {
  /** Zalo: cs | transaction | promotion; Messenger: RESPONSE | UPDATE | MESSAGE_TAG; others: 'message'. */
  type: string;
  tag?: string;
  /** Draws on the platform's paid quota (Zalo beyond the free 48 h, transaction, promotion). */
  billable: boolean;
}

export type SendDecision =
  | { send: SendAs }
  /** Not now: held until the person writes again (their window reopens). */
  | { hold: string }
  /** Never: the policy forbids it (e.g. a survey under a Messenger tag). */
  | { drop: string };

export interface ChannelPolicy {
  /** Pacing of every call to the platform (replies and bulletins share it). */
  readonly pacing?: PacingLimits;
  /** Bulk sends (bulletins): requests in flight per claimed batch, and batches claimed at once. */
  readonly bulk: { concurrency: number; claimers?: number };
  /** The message's type and tag, or that it is held or dropped, given when the person last wrote. */
  decide(kind: OutboundKind, lastInboundAt: Date | null | undefined, now: number): SendDecision;
  /** Local hours [from, to) (Asia/Ho_Chi_Minh) when a message of this kind is not sent; none if absent. */
  quietHours?(kind: OutboundKind): readonly [number, number] | undefined;
  /** A billable message needs a unit of this quota first (the period's counter). */
  readonly paidQuota?: { key: string; period: QuotaPeriod };
}

export type QuotaPeriod = 'day' | 'month';

/** What a typed delivery problem does to the message; one table for every platform and every kind. */
export type FailureAction =
  | { action: 'retry'; afterMs: number }
  | { action: 'hold'; untilMs: number } // quota, night: a time is known
  | { action: 'wait' } // for the person to write again (window), or to be online (web chat)
  | { action: 'unsubscribe' }
  | { action: 'fail' };

// Transient failures (5xx, network, a token being refreshed): 5 attempts, doubling from 2 s: covers a
// platform outage of about a minute without hammering it.
export const OUTBOUND_MAX_ATTEMPTS = 5;
export const OUTBOUND_RETRY_BASE_MS = 2_000;
// Throttling is not a failure of the message: many more attempts before giving up.
export const RATE_LIMIT_MAX_ATTEMPTS = 30;
const DEFAULT_RETRY_AFTER_MS = 1_000;

export function failureAction(problem: DeliveryProblem, attempts: number, retryAfterMs?: number): FailureAction {
  switch (problem) {
    case 'blocked':
      return { action: 'unsubscribe' };
    case 'outside_window':
    case 'not_connected':
      return { action: 'wait' };
    case 'quota':
      // The period's quota is spent: held until the next period, whatever the attempts so far.
      return { action: 'hold', untilMs: retryAfterMs ?? OUTBOUND_RETRY_BASE_MS };
    case 'rate_limited':
      if (attempts >= RATE_LIMIT_MAX_ATTEMPTS) return { action: 'fail' };
      return { action: 'retry', afterMs: retryAfterMs ?? DEFAULT_RETRY_AFTER_MS };
    case 'transient':
    case 'expired_token':
      if (retryAfterMs !== undefined) return { action: 'hold', untilMs: retryAfterMs }; // e.g. Zalo -234 at night
      if (attempts >= OUTBOUND_MAX_ATTEMPTS) return { action: 'fail' };
      return { action: 'retry', afterMs: OUTBOUND_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1) };
    default:
      return { action: 'fail' };
  }
}

const DAY_MS = 86_400_000;
/**
 * How long a held message still matters once the person is back in reach, by kind (older ones are dropped):
 * - reply: never sent late. It answered an earlier message (a menu, a greeting, an answer); the person has
 *   just written something new and gets the answer to that instead.
 * - staff: a person's answer to their petition always matters (30 days covers the longest legal deadline
 *   of a petition answer we publish, docs/domain.md).
 * - notification: a change to their dossier, for 30 days.
 * - invitation: as long as an invitation may be made at all (14 days after the result, jobs/rating-invitations).
 * - broadcast: a weekly bulletin, for a week (a newer one supersedes it anyway).
 */
export const HELD_RELEVANCE_MS: Readonly<Record<OutboundKind, number>> = {
  reply: 0,
  staff: 30 * DAY_MS,
  notification: 30 * DAY_MS,
  invitation: 14 * DAY_MS,
  broadcast: 7 * DAY_MS,
};

// Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving).
const VN_OFFSET_MS = 7 * 3_600_000;

/** Whether `now` falls in local hours [from, to) in Viet Nam (wrapping midnight when from > to). */
export function inQuietHours([from, to]: readonly [number, number], now: number): boolean {
  const h = new Date(now + VN_OFFSET_MS).getUTCHours();
  return from > to ? h >= from || h < to : h >= from && h < to;
}

/** The next local `to` o'clock in Viet Nam after `now`. */
export function endOfQuietHours([, to]: readonly [number, number], now: number): number {
  const local = new Date(now + VN_OFFSET_MS);
  const target = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), to) - VN_OFFSET_MS;
  return target > now ? target : target + DAY_MS;
}

/** The quota period `now` falls in (Viet Nam calendar): '2026-11-30' per day, '2026-11' per month. */
export function quotaPeriodOf(period: QuotaPeriod, now: number): string {
  const iso = new Date(now + VN_OFFSET_MS).toISOString();
  return period === 'day' ? iso.slice(0, 10) : iso.slice(0, 7);
}

/** Milliseconds from `now` to the start of the next quota period (00:00 Viet Nam time). */
export function msToNextQuotaPeriod(period: QuotaPeriod, now: number): number {
  const l = new Date(now + VN_OFFSET_MS);
  const next =
    period === 'day'
      ? Date.UTC(l.getUTCFullYear(), l.getUTCMonth(), l.getUTCDate() + 1)
      : Date.UTC(l.getUTCFullYear(), l.getUTCMonth() + 1, 1);
  return next - VN_OFFSET_MS - now;
}
