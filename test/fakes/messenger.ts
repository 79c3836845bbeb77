// Fake Facebook Graph API (Messenger Send API + messenger_profile) on 127.0.0.1. Errors come as HTTP 4xx/5xx
// with `{ error: { message, type, code, error_subcode, fbtrace_id } }`, like the real API (docs/channels.md §Messenger).
import { randomBytes } from 'node:crypto';
import { FailureQueue, startFakeServer, type FakeServer, type RecordedRequest } from './server';

// Limits the real Send API enforces (docs/channels.md §Messenger Send).
export const FAKE_FB_MAX_TEXT = 2000;
export const FAKE_FB_MAX_QUICK_REPLIES = 13;
export const FAKE_FB_MAX_TEMPLATE_TEXT = 640;
export const FAKE_FB_MAX_TEMPLATE_BUTTONS = 3;

export type MessengerFailure = 'rate_limited' | 'server_error';

export interface FakeMessenger extends FakeServer {
  appSecret: string;
  pageAccessToken: string;
  verifyToken: string;
  env: Record<string, string>;
  failNext(...f: MessengerFailure[]): void;
  block(psid: string): void;
  /** The person turned messages from the Page off: (#200) "isn't receiving messages", no subcode. */
  notReceiving(psid: string): void;
  outsideWindow(psid: string): void;
  /** Accepted messages (answered 200), in order. */
  delivered(psid?: string): { recipient: string; messagingType: string; tag?: string; message: Record<string, unknown> }[];
  textsTo(psid: string): string[];
  sends(psid?: string): RecordedRequest[];
}

const fbError = (status: number, code: number, message: string, subcode?: number) => ({
  status,
  body: { error: { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: randomBytes(6).toString('hex') } },
});

export async function startFakeMessenger(): Promise<FakeMessenger> {
  const failures = new FailureQueue<MessengerFailure>();
  const blocked = new Set<string>();
  const notReceiving = new Set<string>();
  const outside = new Set<string>();
  const delivered: ReturnType<FakeMessenger['delivered']> = [];
  const appSecret = 'fake-fb-app-secret';
  const pageAccessToken = `EAAG${randomBytes(16).toString('hex')}`;
  const verifyToken = 'fake-verify-token';
  let seq = 0;

  const server = await startFakeServer((req) => {
    if (req.query.get('access_token') !== pageAccessToken) {
      return fbError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    if (req.method === 'POST' && /^\/v\d+\.\d+\/(me|\d+)\/messenger_profile$/.test(req.path)) {
      return { status: 200, body: { result: 'success' } };
    }
    if (req.method === 'POST' && /^\/v\d+\.\d+\/(me|\d+)\/messages$/.test(req.path)) {
      const f = failures.take();
      if (f === 'rate_limited') return fbError(400, 613, 'Calls to this api have exceeded the rate limit.');
      if (f === 'server_error') return fbError(500, 2, 'An unexpected error has occurred. Please retry your request later.');
      const psid = (req.body.recipient as { id?: unknown } | undefined)?.id;
      if (typeof psid !== 'string') return fbError(400, 100, '(#100) The parameter recipient is required');
      if (blocked.has(psid)) return fbError(400, 551, "(#551) This person isn't available right now.", 1545041);
      if (notReceiving.has(psid)) return fbError(403, 200, "(#200) This person isn't receiving messages from you right now.");
      const messagingType = String(req.body.messaging_type ?? '');
      if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(messagingType)) return fbError(400, 100, '(#100) Invalid messaging_type');
      if (outside.has(psid) && messagingType !== 'MESSAGE_TAG') {
        return fbError(400, 10, '(#10) This message is sent outside of allowed window.', 2018278);
      }
      const message = (req.body.message ?? {}) as Record<string, unknown>;
      const text = message.text;
      if (typeof text === 'string' && text.length > FAKE_FB_MAX_TEXT) {
        return fbError(400, 100, '(#100) Length of param message[text] must be less than or equal to 2000');
      }
      const qr = message.quick_replies as unknown[] | undefined;
      if (qr && qr.length > FAKE_FB_MAX_QUICK_REPLIES) return fbError(400, 100, '(#100) param message[quick_replies] must have at most 13 elements');
      const payload = (message.attachment as { payload?: { text?: string; buttons?: unknown[] } } | undefined)?.payload;
      if (payload?.text && payload.text.length > FAKE_FB_MAX_TEMPLATE_TEXT) return fbError(400, 100, '(#100) param message[attachment][payload][text] must be at most 640 characters');
      if (payload?.buttons && payload.buttons.length > FAKE_FB_MAX_TEMPLATE_BUTTONS) return fbError(400, 100, '(#100) Too many buttons');
      delivered.push({ recipient: psid, messagingType, tag: req.body.tag as string | undefined, message });
      return { status: 200, body: { recipient_id: psid, message_id: `m_${++seq}${randomBytes(8).toString('hex')}` } };
    }
    return fbError(404, 803, 'Unknown path components');
  });

  const clearRequests = server.clear;
  return Object.assign(server, {
    clear() {
      clearRequests();
      delivered.length = 0;
      failures.clear();
    },
    appSecret,
    pageAccessToken,
    verifyToken,
    env: { FB_APP_SECRET: appSecret, FB_PAGE_ACCESS_TOKEN: pageAccessToken, FB_VERIFY_TOKEN: verifyToken, FB_GRAPH_BASE: server.url },
    failNext: (...f: MessengerFailure[]) => failures.push(...f),
    block: (p: string) => void blocked.add(p),
    notReceiving: (p: string) => void notReceiving.add(p),
    outsideWindow: (p: string) => void outside.add(p),
    delivered: (psid?: string) => delivered.filter((d) => !psid || d.recipient === psid),
    textsTo: (psid: string) =>
      delivered
        .filter((d) => d.recipient === psid)
        .map((d) => String(d.message.text ?? (d.message.attachment as { payload?: { text?: string } } | undefined)?.payload?.text ?? '')),
    sends: (psid?: string) =>
      server.requests.filter((r) => r.path.endsWith('/messages') && (!psid || (r.body.recipient as { id?: string } | undefined)?.id === psid)),
  });
}
