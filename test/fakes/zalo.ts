// Fake Zalo OA Open API + OAuth v4 on 127.0.0.1. Like the real one, errors come back with HTTP 200 and
// `{ error: <negative int>, message }`; tokens rotate (the refresh token is single use).
import { randomBytes } from 'node:crypto';
import { FailureQueue, startFakeServer, type FakeServer, type RecordedRequest } from './server';

// Limits the real API enforces that the adapter must respect (docs/channels.md §Zalo Send).
export const FAKE_ZALO_MAX_TEXT = 2000;

// out_of_quota: -211 (the OA's quota for the message type is spent); user_quota: -218 (quota of messages
// to this user reached). Both are held for the next period by the assistant.
export type ZaloFailure = 'rate_limited' | 'server_error' | 'expired_token' | 'out_of_quota' | 'user_quota';

export interface FakeZalo extends FakeServer {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  /** The currently valid pair. */
  accessToken: string;
  refreshToken: string;
  /** Config overrides that point the assistant at this fake. */
  env: Record<string, string>;
  /** Makes the current access token invalid (as after 25 h): the next sends get -216. */
  expireAccessToken(): void;
  /** Next send calls fail with these, one each. */
  failNext(...f: ZaloFailure[]): void;
  block(userId: string): void;
  /** The user blocked the OA's invitations: -217 (concerns invitations only). */
  blockInvitations(userId: string): void;
  outsideWindow(userId: string): void;
  refreshCount(): number;
  /** Message types (cs, transaction, promotion) of the accepted messages to a user, in order. */
  typesTo(userId: string): string[];
  /** Messages accepted (answered with error 0), in order. */
  delivered(userId?: string): Record<string, unknown>[];
  /** Texts of the messages accepted for a user, in order. */
  textsTo(userId: string): string[];
  sends(userId?: string): RecordedRequest[];
}

const token = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export async function startFakeZalo(opts: { refreshDelayMs?: number } = {}): Promise<FakeZalo> {
  const failures = new FailureQueue<ZaloFailure>();
  const blocked = new Set<string>();
  const invitationsBlocked = new Set<string>();
  // Access tokens that were valid once: Zalo answers -220 "expired or removed" for those, -216 otherwise.
  const expiredTokens = new Set<string>();
  const outside = new Set<string>();
  const delivered: { userId: string; type: string; message: Record<string, unknown> }[] = [];
  let refreshes = 0;
  let messageSeq = 0;
  const state = { accessToken: token('at'), refreshToken: token('rt') };
  const appId = '1234567890123456789';
  const appSecret = 'fake-app-secret';
  const oaSecretKey = 'fake-oa-secret-key';

  const server = await startFakeServer((req) => {
    if (req.method === 'POST' && req.path === '/v4/oa/access_token') {
      if (req.headers['secret_key'] !== appSecret) {
        return { status: 200, body: { error: -14002, error_name: 'Invalid app secret', error_description: 'secret_key is invalid' } };
      }
      if (req.body.app_id !== appId || req.body.grant_type !== 'refresh_token' || req.body.refresh_token !== state.refreshToken) {
        return { status: 200, body: { error: -14014, error_name: 'Invalid refresh token', error_description: 'refresh_token is invalid or used' } };
      }
      refreshes++;
      expiredTokens.add(state.accessToken);
      state.accessToken = token('at');
      state.refreshToken = token('rt');
      // expires_in is a string in the real answer.
      return { status: 200, delayMs: opts.refreshDelayMs, body: { access_token: state.accessToken, refresh_token: state.refreshToken, expires_in: '90000' } };
    }
    const send = /^\/v3\.0\/oa\/message\/(cs|transaction|promotion)$/.exec(req.path);
    if (req.method === 'POST' && send) {
      const type = send[1]!;
      const presented = String(req.headers['access_token'] ?? '');
      if (presented !== state.accessToken) {
        return expiredTokens.has(presented)
          ? { status: 200, body: { error: -220, message: 'access_token is expired or removed' } }
          : { status: 200, body: { error: -216, message: 'Access token is invalid' } };
      }
      const f = failures.take();
      if (f === 'rate_limited') return { status: 200, body: { error: -32, message: 'Reached limit call api' } };
      if (f === 'server_error') return { status: 502, body: { message: 'Bad gateway' } };
      if (f === 'expired_token') return { status: 200, body: { error: -220, message: 'access_token is expired or removed' } };
      if (f === 'out_of_quota') return { status: 200, body: { error: -211, message: 'Out of quota' } };
      if (f === 'user_quota') return { status: 200, body: { error: -218, message: 'Reached the quota of messages to this user' } };
      // A logged-in user by user_id; an anonymous visitor (the OA's chat widget) by anonymous_id + conversation_id.
      const recipient = (req.body.recipient ?? {}) as { user_id?: unknown; anonymous_id?: unknown; conversation_id?: unknown };
      const userId =
        typeof recipient.anonymous_id === 'string' && typeof recipient.conversation_id === 'string'
          ? `${recipient.anonymous_id}@${recipient.conversation_id}`
          : recipient.user_id;
      if (typeof userId !== 'string') return { status: 200, body: { error: -201, message: 'user_id is invalid' } };
      if (blocked.has(userId)) return { status: 200, body: { error: -227, message: 'User is banned or inactive' } };
      if (invitationsBlocked.has(userId)) return { status: 200, body: { error: -217, message: 'User has blocked invitations from this OA' } };
      if (outside.has(userId)) return { status: 200, body: { error: -230, message: 'User has not interacted with the OA in the past 7 days' } };
      const message = (req.body.message ?? {}) as { text?: string } & Record<string, unknown>;
      // A transaction message is a template (header, text, table, buttons), never plain text.
      const template = (message.attachment as { payload?: { template_type?: string; elements?: { type?: string }[] } } | undefined)?.payload;
      if (type === 'transaction' && (!template?.template_type?.startsWith('transaction_') || template.elements?.[0]?.type !== 'header')) {
        return { status: 200, body: { error: -201, message: 'Invalid message: transaction template expected' } };
      }
      // A promotion message is a template of type promotion (header first), never plain text.
      if (type === 'promotion' && (template?.template_type !== 'promotion' || template.elements?.[0]?.type !== 'header')) {
        return { status: 200, body: { error: -201, message: 'Invalid message: promotion template expected' } };
      }
      if (typeof message.text === 'string' && message.text.normalize('NFC').length > FAKE_ZALO_MAX_TEXT) {
        return { status: 200, body: { error: -201, message: 'Message text is too long' } };
      }
      delivered.push({ userId, type, message });
      return {
        status: 200,
        body: { error: 0, message: 'Success', data: { message_id: `msg${++messageSeq}${randomBytes(4).toString('hex')}`, user_id: userId, quota: { quota_type: 'reply', remain: '7', total: '8' } } },
      };
    }
    return { status: 404, body: { error: -404, message: 'not found' } };
  });

  const clearRequests = server.clear;
  const fake: FakeZalo = Object.assign(server, {
    clear() {
      clearRequests();
      delivered.length = 0;
      failures.clear();
    },
    appId,
    appSecret,
    oaSecretKey,
    accessToken: '',
    refreshToken: '',
    env: {} as Record<string, string>,
    expireAccessToken() {
      state.accessToken = token('at');
    },
    failNext: (...f: ZaloFailure[]) => failures.push(...f),
    block: (u: string) => void blocked.add(u),
    blockInvitations: (u: string) => void invitationsBlocked.add(u),
    outsideWindow: (u: string) => void outside.add(u),
    refreshCount: () => refreshes,
    sends: (userId?: string) =>
      server.requests.filter(
        (r) => r.path.startsWith('/v3.0/oa/message/') && (!userId || (r.body.recipient as { user_id?: string } | undefined)?.user_id === userId),
      ),
    delivered: (userId?: string) => delivered.filter((d) => !userId || d.userId === userId).map((d) => d.message),
    typesTo: (userId: string) => delivered.filter((d) => d.userId === userId).map((d) => d.type),
    textsTo: (userId: string) =>
      delivered.filter((d) => d.userId === userId).map((d) => {
        const elements = (d.message.attachment as { payload?: { elements?: { type?: string; content?: unknown }[] } } | undefined)?.payload?.elements;
        if ((d.type === 'transaction' || d.type === 'promotion') && elements) return elements.filter((e) => typeof e.content === 'string').map((e) => e.content).join('\n');
        return String(d.message.text ?? '');
      }),
  });
  // Getters stay live (Object.assign would copy a snapshot).
  Object.defineProperty(fake, 'accessToken', { get: () => state.accessToken });
  Object.defineProperty(fake, 'refreshToken', { get: () => state.refreshToken });
  // The pair the assistant starts with is the one valid now.
  Object.defineProperty(fake, 'env', {
    get: () => ({
      ZALO_APP_ID: appId,
      ZALO_APP_SECRET: appSecret,
      ZALO_OA_SECRET_KEY: oaSecretKey,
      ZALO_ACCESS_TOKEN: state.accessToken,
      ZALO_REFRESH_TOKEN: state.refreshToken,
      ZALO_API_BASE: server.url,
      ZALO_OAUTH_BASE: server.url,
    }),
  });
  return fake;
}
