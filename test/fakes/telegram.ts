// Fake Telegram Bot API on 127.0.0.1: /bot<token>/<method>, `{ ok, result }` or `{ ok: false, error_code,
// description, parameters }` with the matching HTTP status, long polling included (docs/channels.md §Telegram).
import { FailureQueue, startFakeServer, type FakeServer } from './server';

// Limits the real Bot API enforces (docs/channels.md §Telegram Send).
export const FAKE_TG_MAX_TEXT = 4096;
export const FAKE_TG_MAX_CALLBACK_BYTES = 64;
// Long polls are answered after at most this long (the real server holds up to `timeout` seconds).
const FAKE_POLL_HOLD_MS = 1_000;

type InlineMarkup = { inline_keyboard?: { text: string; callback_data?: string; url?: string }[][] };

export type TelegramFailure = 'rate_limited' | 'server_error';

export interface FakeTelegram extends FakeServer {
  token: string;
  env: Record<string, string>;
  failNext(...f: TelegramFailure[]): void;
  /** retry_after (seconds) sent with a programmed 429. */
  retryAfter: number;
  block(chatId: string): void;
  /** Queues an update for getUpdates (long polling). */
  pushUpdate(update: Record<string, unknown>): void;
  delivered(chatId?: string): { chatId: string; text: string; replyMarkup?: InlineMarkup }[];
  textsTo(chatId: string): string[];
  calls(method: string): Record<string, unknown>[];
}

/** latencyMs: every answer is delayed this long (a slow network: requests stay in flight). */
export async function startFakeTelegram(opts: { latencyMs?: number } = {}): Promise<FakeTelegram> {
  const token = '123456789:AAFakeTokenForTests_abcdefghijklmno';
  const failures = new FailureQueue<TelegramFailure>();
  const blocked = new Set<string>();
  const updates: Record<string, unknown>[] = [];
  const delivered: ReturnType<FakeTelegram['delivered']> = [];
  const pollWaiters = new Set<() => void>();
  let seq = 0;
  let webhook = '';
  const self = { retryAfter: 1 };
  const fail = (status: number, description: string, parameters?: Record<string, unknown>) => ({
    status,
    body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
  });
  const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });

  const server = await startFakeServer(async (req) => {
    const answer = await route(req);
    return opts.latencyMs ? { ...answer, delayMs: opts.latencyMs } : answer;
  });
  async function route(req: Parameters<Parameters<typeof startFakeServer>[0]>[0]): Promise<{ status: number; body: unknown }> {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.path);
    if (!m) return fail(404, 'Not Found');
    if (m[1] !== token) return fail(401, 'Unauthorized');
    const method = m[2]!;
    const body = req.body;
    switch (method) {
      case 'getMe':
        return ok({ id: 123456789, is_bot: true, first_name: 'Một cửa', username: 'motcua_test_bot', can_join_groups: false });
      case 'setWebhook':
        webhook = String(body.url ?? '');
        return ok(true);
      case 'deleteWebhook':
        webhook = '';
        return ok(true);
      case 'getUpdates': {
        if (webhook) return fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        const offset = Number(body.offset ?? 0);
        const pending = () => updates.filter((u) => Number(u.update_id) >= offset);
        if (!pending().length && Number(body.timeout ?? 0) > 0) {
          await new Promise<void>((resolve) => {
            const done = () => {
              pollWaiters.delete(done);
              clearTimeout(t);
              resolve();
            };
            const t = setTimeout(done, FAKE_POLL_HOLD_MS);
            pollWaiters.add(done);
          });
        }
        // Confirmed updates are forgotten, as on the real server.
        for (let i = updates.length - 1; i >= 0; i--) if (Number(updates[i]!.update_id) < offset) updates.splice(i, 1);
        return ok(pending());
      }
      case 'answerCallbackQuery':
        return ok(true);
      case 'sendMessage': {
        const f = failures.take();
        if (f === 'rate_limited') return fail(429, `Too Many Requests: retry after ${self.retryAfter}`, { retry_after: self.retryAfter });
        if (f === 'server_error') return fail(502, 'Bad Gateway');
        const chatId = String(body.chat_id ?? '');
        if (!chatId) return fail(400, 'Bad Request: chat_id is empty');
        if (blocked.has(chatId)) return fail(403, 'Forbidden: bot was blocked by the user');
        const text = String(body.text ?? '');
        if (!text) return fail(400, 'Bad Request: message text is empty');
        if (text.length > FAKE_TG_MAX_TEXT) return fail(400, 'Bad Request: message is too long');
        const markup = body.reply_markup as InlineMarkup | undefined;
        for (const row of markup?.inline_keyboard ?? []) {
          for (const b of row) {
            if (b.callback_data !== undefined && Buffer.byteLength(b.callback_data) > FAKE_TG_MAX_CALLBACK_BYTES) return fail(400, 'Bad Request: BUTTON_DATA_INVALID');
          }
        }
        delivered.push({ chatId, text, replyMarkup: markup });
        return ok({ message_id: ++seq, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: 'private' }, text });
      }
      default:
        return fail(404, 'Not Found: method not found');
    }
  }

  const clearRequests = server.clear;
  const fake = Object.assign(server, {
    clear() {
      clearRequests();
      delivered.length = 0;
      failures.clear();
    },
    token,
    env: { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_BASE: server.url },
    failNext: (...f: TelegramFailure[]) => failures.push(...f),
    retryAfter: 1,
    block: (c: string) => void blocked.add(c),
    pushUpdate(update: Record<string, unknown>) {
      updates.push(update);
      for (const w of [...pollWaiters]) w();
    },
    delivered: (chatId?: string) => delivered.filter((d) => !chatId || d.chatId === chatId),
    textsTo: (chatId: string) => delivered.filter((d) => d.chatId === chatId).map((d) => d.text),
    calls: (method: string) => server.requests.filter((r) => r.path.endsWith(`/${method}`)).map((r) => r.body),
  });
  Object.defineProperty(fake, 'retryAfter', { get: () => self.retryAfter, set: (v: number) => (self.retryAfter = v) });
  return fake;
}
