// Telegram through telegraf: a webhook with secret_token when PUBLIC_URL is set, long polling otherwise
// (local use). The webhook checks the secret header in constant time, answers 200 at once, and hands the
// update to telegraf afterwards; every callback query is answered (answerCbQuery) so the client's spinner stops.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import express, { type Router } from 'express';
import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Config } from '../../core/config';
import { HttpError, PlatformApiError } from '../../core/errors';
import { classifyTelegramError } from './telegram/policy';
import { logger } from '../../core/logger';
import type { MessageSender } from '../outbox';
import type { Reply } from '../../core/types';
import { InboundDispatcher, safeEqual, type InboundDeps } from './inbound';
import { renderReplies, type RenderLimits } from './render';
import { parseTelegramUpdate } from './telegram/parse';

export const TELEGRAM_LIMITS: RenderLimits = {
  // sendMessage text: 1–4,096 characters (docs/channels.md §Telegram Send).
  maxText: 4096,
  // An inline keyboard takes up to 100 buttons; past 10 rows it no longer fits a phone screen: numbered list.
  maxButtons: 10,
  // No published cap on button text; beyond ~64 characters clients cut it anyway.
  maxButtonTitle: 64,
  // callback_data: 1–64 bytes (docs/channels.md §Telegram Send).
  maxPayloadBytes: 64,
};
// Photo captions: 0–1,024 characters (Bot API sendPhoto).
const TELEGRAM_CAPTION_MAX = 1024;
export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
// telegraf's default handlerTimeout is 90 s; our middleware only dispatches, so 10 s is plenty.
const TELEGRAF_HANDLER_TIMEOUT_MS = 10_000;

export type TelegramMessage =
  | { kind: 'text'; text: string; reply_markup?: { inline_keyboard: ({ text: string; callback_data: string } | { text: string; url: string })[][] } }
  | { kind: 'photo'; url: string; caption?: string };

/** The webhook secret: TELEGRAM_WEBHOOK_SECRET, or one derived from the bot token (A-Z a-z 0-9 only). */
export function telegramWebhookSecret(config: Config): string {
  return config.TELEGRAM_WEBHOOK_SECRET ?? createHash('sha256').update(`webhook:${config.TELEGRAM_BOT_TOKEN}`).digest('hex');
}

export { classifyTelegramError };

// telegraf is loaded when a Telegram channel is built (TELEGRAM_BOT_TOKEN set), not at every start.
const telegraf = () => createRequire(import.meta.url)('telegraf') as typeof import('telegraf');

export class TelegramChannel implements MessageSender<TelegramMessage> {
  readonly bot: Telegraf;
  private readonly inbound: InboundDispatcher;
  private readonly secret: string;
  private polling = false;
  // The numeric part of the token ("123456:ABC…") names the bot without revealing the secret part.
  private readonly botId: string;

  constructor(
    private readonly config: Config,
    deps: InboundDeps,
  ) {
    this.bot = new (telegraf().Telegraf)(config.TELEGRAM_BOT_TOKEN!, {
      telegram: { apiRoot: config.TELEGRAM_API_BASE, webhookReply: false },
      handlerTimeout: TELEGRAF_HANDLER_TIMEOUT_MS,
    });
    this.secret = telegramWebhookSecret(config);
    this.botId = config.TELEGRAM_BOT_TOKEN!.split(':')[0] ?? '';
    this.inbound = new InboundDispatcher('telegram', deps);
    // Long polling: telegraf hands each update here; the webhook route stores updates itself.
    this.bot.use(async (ctx) => {
      const event = parseTelegramUpdate(ctx.update, this.botId);
      if (event) await this.inbound.accept([event]);
      if (ctx.callbackQuery) this.answerCallback(ctx.callbackQuery.id);
    });
    // An unhandled error in telegraf rethrows and has crashed bots (docs/channels.md §Telegram Pitfalls).
    this.bot.catch((err) => logger.error({ err }, 'telegram update failed'));
  }

  router(): Router {
    const r = express.Router();
    r.post(TELEGRAM_WEBHOOK_PATH, async (req, res) => {
      const header = req.get('x-telegram-bot-api-secret-token');
      if (!header) throw new HttpError(401, 'missing secret token', 'unsigned');
      if (!safeEqual(header, this.secret)) {
        logger.warn({ channel: 'telegram' }, 'webhook secret mismatch');
        throw new HttpError(403, 'bad secret token', 'bad_signature');
      }
      const update = req.body as Update;
      if (typeof update?.update_id !== 'number') throw new HttpError(400, 'not a Telegram update', 'bad_update');
      let event;
      try {
        event = parseTelegramUpdate(update, this.botId);
      } catch (err) {
        // A signed update of a shape we do not know: nothing to answer.
        logger.warn({ channel: 'telegram', err: (err as Error).message }, 'unreadable Telegram update ignored');
      }
      // Stored before the 200: a crash after it cannot lose the message (inbound.ts).
      if (event) await this.inbound.accept([event]);
      res.status(200).json({ ok: true });
      const query = (update as { callback_query?: { id?: unknown } }).callback_query;
      if (typeof query?.id === 'string') this.answerCallback(query.id);
    });
    return r;
  }

  /** Every callback query is answered, so the client's spinner stops. */
  private answerCallback(id: string): void {
    this.inbound.track(
      this.bot.telegram.answerCbQuery(id).catch((err: unknown) => logger.debug({ err: (err as Error).message }, 'answerCbQuery failed')),
    );
  }

  /** Webhook when PUBLIC_URL is set, long polling otherwise; stored updates left by a previous run are handled. */
  async start(exclusive = false): Promise<void> {
    this.inbound.start(exclusive);
    if (this.config.PUBLIC_URL) {
      // Kept under a path prefix if PUBLIC_URL has one (https://host/motcua → https://host/motcua/webhooks/telegram).
      const url = this.config.PUBLIC_URL.replace(/\/+$/, '') + TELEGRAM_WEBHOOK_PATH;
      await this.bot.telegram.setWebhook(url, { secret_token: this.secret, allowed_updates: [...ALLOWED_UPDATES] });
      logger.info({ channel: 'telegram' }, 'webhook set');
      return;
    }
    this.polling = true;
    void this.bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).catch((err) => {
      this.polling = false;
      logger.error({ err: (err as Error).message }, 'Telegram long polling stopped: check TELEGRAM_BOT_TOKEN');
    });
    logger.info({ channel: 'telegram' }, 'long polling (PUBLIC_URL not set)');
  }

  async stop(): Promise<void> {
    this.inbound.stopSweeping();
    if (this.polling) {
      this.polling = false;
      try {
        this.bot.stop('shutdown');
      } catch {
        // not running
      }
    }
    await this.inbound.idle();
  }

  idle(): Promise<void> {
    return this.inbound.idle();
  }

  prepare(_userId: string, replies: Reply[]): TelegramMessage[] {
    return renderReplies(replies, TELEGRAM_LIMITS).map((m): TelegramMessage => {
      if (m.image) return { kind: 'photo', url: m.image.url, caption: m.image.caption?.slice(0, TELEGRAM_CAPTION_MAX) };
      if (!m.buttons.length) return { kind: 'text', text: m.text };
      // One button per row: Vietnamese titles are long.
      const inline_keyboard = m.buttons.map((b) => ['url' in b ? { text: b.title, url: b.url } : { text: b.title, callback_data: b.payload }]);
      return { kind: 'text', text: m.text, reply_markup: { inline_keyboard } };
    });
  }

  async sendOne(chatId: string, m: TelegramMessage): Promise<string | undefined> {
    const method = m.kind === 'photo' ? 'sendPhoto' : 'sendMessage';
    try {
      const sent =
        m.kind === 'photo'
          ? await this.bot.telegram.sendPhoto(chatId, m.url, { caption: m.caption })
          : await this.bot.telegram.sendMessage(chatId, m.text, m.reply_markup ? { reply_markup: m.reply_markup } : {});
      return String(sent.message_id);
    } catch (err) {
      if (err instanceof telegraf().TelegramError) {
        const retryAfter = err.parameters?.retry_after;
        throw new PlatformApiError('telegram', method, err.code, classifyTelegramError(err.code, err.description), err.description, retryAfter !== undefined ? retryAfter * 1000 : undefined);
      }
      throw new PlatformApiError('telegram', method, 'network', 'transient', (err as Error).message);
    }
  }

  async send(chatId: string, replies: Reply[]): Promise<string | undefined> {
    let last: string | undefined;
    for (const m of this.prepare(chatId, replies)) last = (await this.sendOne(chatId, m)) ?? last;
    return last;
  }
}
