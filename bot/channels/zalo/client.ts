// A thin typed client of the Zalo OA Open API (CS messages). Zalo answers errors with HTTP 200 and
// `{ error: <negative int>, message }`: the body decides, never the status (channels.md §1 Errors).
import axios, { type AxiosInstance } from 'axios';
import { PlatformApiError, type DeliveryProblem } from '../../../core/errors';
import type { ZaloTokens } from '../../../jobs/zalo-token';

// A send is one small JSON POST; 10 s covers a slow link without letting a sender hang.
const ZALO_HTTP_TIMEOUT_MS = 10_000;
// Access token invalid/expired (-216 OA API, -124 business API): refresh under the lock, retry once.
const AUTH_ERRORS = new Set([-216, -124]);
const BLOCKED = new Set([-217, -227, -244]);
const OUT_OF_WINDOW = new Set([-230, -232, -213]);
const RETRYABLE = new Set([-32, -100]);
// -234: some messages are refused 22:00–06:00 (Asia/Ho_Chi_Minh, UTC+7): retry at 06:00.
const NIGHT_ERROR = -234;
const MORNING_HOUR_VN = 6;
const VN_UTC_OFFSET_H = 7;

export function classifyZaloError(code: number): DeliveryProblem {
  if (AUTH_ERRORS.has(code)) return 'expired_token';
  if (BLOCKED.has(code)) return 'blocked';
  if (OUT_OF_WINDOW.has(code)) return 'outside_window';
  if (RETRYABLE.has(code)) return code === -32 ? 'rate_limited' : 'transient';
  if (code === NIGHT_ERROR) return 'transient';
  return 'invalid';
}

function msUntilMorningVn(now = new Date()): number {
  const vn = new Date(now.getTime() + VN_UTC_OFFSET_H * 3_600_000);
  const next = new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), MORNING_HOUR_VN));
  if (next.getTime() <= vn.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - vn.getTime();
}

export interface ZaloMessage {
  text?: string;
  attachment?: Record<string, unknown>;
}

export class ZaloClient {
  private readonly http: AxiosInstance;

  constructor(
    apiBase: string,
    private readonly tokens: ZaloTokens,
  ) {
    this.http = axios.create({ baseURL: apiBase, timeout: ZALO_HTTP_TIMEOUT_MS, validateStatus: () => true });
  }

  /** Sends a consultation (CS) message; resolves with Zalo's message_id. */
  async sendCs(userId: string, message: ZaloMessage): Promise<string | undefined> {
    const token = await this.tokens.accessToken();
    try {
      return await this.post(token, userId, message);
    } catch (e) {
      if (!(e instanceof PlatformApiError) || e.problem !== 'expired_token') throw e;
      // Another sender may have refreshed already: refresh() then only re-reads the stored pair.
      const fresh = await this.tokens.refresh(token);
      return this.post(fresh.accessToken, userId, message);
    }
  }

  private async post(token: string, userId: string, message: ZaloMessage): Promise<string | undefined> {
    let res;
    try {
      res = await this.http.post('/v3.0/oa/message/cs', { recipient: { user_id: userId }, message }, { headers: { access_token: token } });
    } catch (err) {
      throw new PlatformApiError('zalo', 'message/cs', 'network', 'transient', (err as Error).message);
    }
    if (res.status >= 500 || res.status === 429) {
      throw new PlatformApiError('zalo', 'message/cs', res.status, res.status === 429 ? 'rate_limited' : 'transient', `HTTP ${res.status}`);
    }
    const body = (res.data ?? {}) as { error?: number; message?: string; data?: { message_id?: string } };
    const code = Number(body.error ?? (res.status === 200 ? 0 : res.status));
    if (code === 0) return body.data?.message_id;
    const problem = res.status >= 400 && !body.error ? 'invalid' : classifyZaloError(code);
    throw new PlatformApiError('zalo', 'message/cs', code, problem, body.message ?? 'error', code === NIGHT_ERROR ? msUntilMorningVn() : undefined);
  }
}
