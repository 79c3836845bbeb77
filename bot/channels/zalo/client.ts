// A thin typed client of the Zalo OA Open API (message sends). Zalo answers errors with HTTP 200 and
// `{ error: <negative int>, message }`: the body decides, never the status (docs/channels.md §Zalo Errors).
import type { AxiosInstance } from 'axios';
import { lazyHttp } from '../../../core/http';
import { PlatformApiError } from '../../../core/errors';
import { endOfQuietHours, msToNextQuotaPeriod } from '../../../core/outbound-policy';
import {
  classifyZaloError, ZALO_NIGHT_ERROR, ZALO_OA_QUOTA_ERROR, ZALO_QUIET_HOURS, ZALO_USER_QUOTA_ERROR, type ZaloMessageType,
} from './policy';
import type { ZaloTokens } from '../../../jobs/zalo-token';

// A send is one small JSON POST; 10 s covers a slow link without letting a sender hang.
const ZALO_HTTP_TIMEOUT_MS = 10_000;

export { classifyZaloError };

/** How long a refused message waits: the night rule until 06:00, the OA's quota until the next month, a user's until tomorrow. */
function waitFor(code: number, now = Date.now()): number | undefined {
  if (code === ZALO_NIGHT_ERROR) return endOfQuietHours(ZALO_QUIET_HOURS, now) - now;
  if (code === ZALO_OA_QUOTA_ERROR) return msToNextQuotaPeriod('month', now);
  if (code === ZALO_USER_QUOTA_ERROR) return msToNextQuotaPeriod('day', now);
  return undefined;
}

export interface ZaloMessage {
  text?: string;
  attachment?: Record<string, unknown>;
  /** The product it is sent as (not part of the body); cs when absent. */
  type?: ZaloMessageType;
}

export type { ZaloMessageType };

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
  private readonly http: () => Promise<AxiosInstance>;

  constructor(
    apiBase: string,
    private readonly tokens: ZaloTokens,
  ) {
    this.http = lazyHttp({ baseURL: apiBase, timeout: ZALO_HTTP_TIMEOUT_MS, validateStatus: () => true });
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
      res = await (await this.http()).post(`/v3.0/oa/${method}`, { recipient: recipientOf(userId), message }, { headers: { access_token: token } });
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
    throw new PlatformApiError('zalo', method, code, problem, body.message ?? 'error', waitFor(code));
  }
}
