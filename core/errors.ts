// Typed errors. A platform API error carries its channel, method and code, and says what it means
// for the caller; the outbound worker is the one place that catches and acts on them.
import type { ChannelName } from './types';

export type DeliveryProblem =
  | 'blocked' // the user blocked us or is gone: unsubscribe, stop sending
  | 'outside_window' // the platform's messaging window is closed: hold until the user writes
  | 'expired_token' // our credential is bad: refresh or alert
  | 'rate_limited' // back off and retry (honour retryAfterMs)
  | 'quota' // the platform's sending quota for this period is spent: hold until retryAfterMs (next period)
  | 'transient' // 5xx, network: retry with back-off
  | 'not_connected' // web chat user not online: hold until they come back
  | 'invalid'; // the request itself is wrong: do not retry

export class PlatformApiError extends Error {
  constructor(
    readonly channel: ChannelName,
    readonly method: string,
    readonly code: string | number,
    readonly problem: DeliveryProblem,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${channel} ${method} failed (${code}): ${message}`);
    this.name = 'PlatformApiError';
  }
}

/** A bad request from a client of our HTTP API: answered with its status and a clear message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 'bad_request',
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
