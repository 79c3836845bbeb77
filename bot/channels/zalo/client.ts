// A thin typed client of the Zalo OA Open API (message sends). Zalo answers errors with HTTP 200 and
// `{ error: <negative int>, message }`: the body decides, never the status (docs/channels.md §Zalo Errors).
import axios, { type AxiosInstance } from 'axios';
import { PlatformApiError, type DeliveryProblem } from '../../../core/errors';
import type { ZaloTokens } from '../../../jobs/zalo-token';

// A send is one small JSON POST; 10 s covers a slow link without letting a sender hang.
const ZALO_HTTP_TIMEOUT_MS = 10_000;
// Access token invalid (-216), expired or removed (-220) on the OA API; -124 on the business API:
// refresh under the lock, then send again once.
const AUTH_ERRORS = new Set([-216, -220, -124]);
// The user is gone for us: banned/inactive (-227), restricted this message type from the OA (-244).
const BLOCKED = new Set([-227, -244]);
// -217 "user has blocked invitations from this OA": concerns invitation messages only, never a reason to
// unsubscribe the citizen from what they asked for (docs/channels.md). Not retried.
const INVITATIONS_BLOCKED = -217;
const OUT_OF_WINDOW = new Set([-230, -232, -213]);
const RETRYABLE = new Set([-32, -100]);
// -211 (OA out of quota for this message type) and -218 (quota for sending to this user reached):
// held until the next quota period, not dropped.
const QUOTA_ERRORS = new Set([-211, -218]);
// -234: some messages are refused 22:00–06:00 (Asia/Ho_Chi_Minh, UTC+7): retry at 06:00.
const NIGHT_ERROR = -234;
const MORNING_HOUR_VN = 6;
const VN_UTC_OFFSET_H = 7;

export function classifyZaloError(code: number): DeliveryProblem {
  if (AUTH_ERRORS.has(code)) return 'expired_token';
  if (BLOCKED.has(code)) return 'blocked';
  if (code === INVITATIONS_BLOCKED) return 'invalid';
  if (OUT_OF_WINDOW.has(code)) return 'outside_window';
  if (QUOTA_ERRORS.has(code)) return 'quota';
  if (RETRYABLE.has(code)) return code === -32 ? 'rate_limited' : 'transient';
  if (code === NIGHT_ERROR) return 'transient';
  return 'invalid';
}

/** Milliseconds until the next `hour` o'clock in Viet Nam (UTC+7, no daylight saving). */
export function msUntilVnHour(hour: number, now = new Date()): number {
  const vn = new Date(now.getTime() + VN_UTC_OFFSET_H * 3_600_000);
  const next = new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), hour));
  if (next.getTime() <= vn.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - vn.getTime();
}

export interface ZaloMessage {
  text?: string;
  attachment?: Record<string, unknown>;
  /** The product it is sent as (not part of the body); cs when absent. */
  type?: ZaloMessageType;
}

/**
 * Zalo's message products (docs/channels.md §Zalo message types): `cs` (consultation: replies and staff
 * answers, free 48 h after the citizen's last message, billable up to 7 days), `transaction` (a change
 * to something the citizen has with us: a dossier result) and `promotion` (bulletins).
 */
export type ZaloMessageType = 'cs' | 'transaction' | 'promotion';

// Anonymous visitors (the OA's chat widget, not logged in) have no user id: they are answered by their
// anonymous id and conversation id (anonymous_send_* events). The adapter folds both into one user id.
export const ZALO_ANONYMOUS_PREFIX = 'anon:';
export function anonymousUserId(anonymousId: string, conversationId: string): string {
  return `${ZALO_ANONYMOUS_PREFIX}${anonymousId}:${conversationId}`;
}
function recipientOf(userId: string): Record<string, string> {
  if (!userId.startsWith(ZALO_ANONYMOUS_PREFIX)) return { user_id: userId };
  const [anonymousId = '', conversationId = ''] = userId.slice(ZALO_ANONYMOUS_PREFIX.length).split(':');
  return { anonymous_id: anonymousId, conversation_id: conversationId };
}

export class ZaloClient {
  private readonly http: AxiosInstance;

  constructor(
    apiBase: string,
    private readonly tokens: ZaloTokens,
  ) {
    this.http = axios.create({ baseURL: apiBase, timeout: ZALO_HTTP_TIMEOUT_MS, validateStatus: () => true });
  }

  /** Sends a message of the given type; resolves with Zalo's message_id. */
  async send(userId: string, message: ZaloMessage, type: ZaloMessageType = 'cs'): Promise<string | undefined> {
    const token = await this.tokens.accessToken();
    try {
      return await this.post(token, userId, message, type);
    } catch (e) {
      if (!(e instanceof PlatformApiError) || e.problem !== 'expired_token') throw e;
      // Another sender may have refreshed already: refresh() then only re-reads the stored pair.
      const fresh = await this.tokens.refresh(token);
      return this.post(fresh.accessToken, userId, message, type);
    }
  }

  /** A consultation (CS) message. */
  sendCs(userId: string, message: ZaloMessage): Promise<string | undefined> {
    return this.send(userId, message, 'cs');
  }

  private async post(token: string, userId: string, message: ZaloMessage, type: ZaloMessageType): Promise<string | undefined> {
    const method = `message/${type}`;
    let res;
    try {
      res = await this.http.post(`/v3.0/oa/${method}`, { recipient: recipientOf(userId), message }, { headers: { access_token: token } });
    } catch (err) {
      throw new PlatformApiError('zalo', method, 'network', 'transient', (err as Error).message);
    }
    if (res.status >= 500 || res.status === 429) {
      throw new PlatformApiError('zalo', method, res.status, res.status === 429 ? 'rate_limited' : 'transient', `HTTP ${res.status}`);
    }
    const body = (res.data ?? {}) as { error?: number; message?: string; data?: { message_id?: string } };
    const code = Number(body.error ?? (res.status === 200 ? 0 : res.status));
    if (code === 0) return body.data?.message_id;
    const problem = res.status >= 400 && !body.error ? 'invalid' : classifyZaloError(code);
    // Night refusals wait for 06:00; quotas are daily (reset at midnight, Viet Nam time).
    const wait = code === NIGHT_ERROR ? msUntilVnHour(MORNING_HOUR_VN) : problem === 'quota' ? msUntilVnHour(0) : undefined;
    throw new PlatformApiError('zalo', method, code, problem, body.message ?? 'error', wait);
  }
}
