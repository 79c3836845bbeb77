// Zalo Official Account: the webhook (POST /webhooks/zalo) and the sender (CS messages).
// Order of work in the webhook: signature on the raw bytes → 401/403 and nothing stored when wrong →
// parse → 200 → then the engine and the replies (docs/channels.md §Zalo).
import express, { type Router } from 'express';
import type { Config } from '../../core/config';
import { HttpError } from '../../core/errors';
import { logger } from '../../core/logger';
import type { MessageSender, SendOptions } from '../outbox';
import type { RawBodyRequest } from '../server';
import type { Button, Reply } from '../../core/types';
import { ZaloTokens } from '../../jobs/zalo-token';
import { InboundDispatcher, type InboundDeps } from './inbound';
import { renderReplies, type RenderLimits, type RenderedMessage } from './render';
import { ZaloClient, type ZaloMessage, type ZaloMessageType } from './zalo/client';
import { parseZaloEvent, ZALO_PAYLOAD_PREFIX, ZaloEventSchema } from './zalo/parse';
import { zaloSignatureOk, zaloSignatureUsesOaId } from './zalo/signature';

export const ZALO_LIMITS: RenderLimits = {
  // CS text: 2,000 characters (docs/channels.md §Zalo Send, ~).
  maxText: 2000,
  // Buttons per CS message are unconfirmed; 5 matches the template element cap. More → numbered list.
  maxButtons: 5,
  // Button title ≤ 100 characters, query payload ≤ 1,000 (docs/channels.md §Zalo Send).
  maxButtonTitle: 100,
  maxPayloadBytes: 1000 - ZALO_PAYLOAD_PREFIX.length,
};

// Transaction and promotion messages are a template: a header line, then text (limits of the text element
// are not published in what we found; 1,000 characters keeps well inside the CS text limit), up to 4 buttons.
export const ZALO_TEMPLATE_LIMITS: RenderLimits = { ...ZALO_LIMITS, maxText: 1000, maxButtons: 4 };
export const ZALO_TRANSACTION_LIMITS = ZALO_TEMPLATE_LIMITS;
// The template type of each templated product (docs/channels.md §Zalo): a dossier update is a
// transaction_order; a bulletin beyond 48 h a promotion.
const ZALO_TEMPLATE_TYPE = { transaction: 'transaction_order', promotion: 'promotion' } as const;
const ZALO_TEMPLATE_HEADER_MAX = 100;

function zaloButtons(buttons: Button[]) {
  return buttons.map((b) =>
    'url' in b
      ? { title: b.title, type: 'oa.open.url', payload: { url: b.url } }
      : { title: b.title, type: 'oa.query.hide', payload: ZALO_PAYLOAD_PREFIX + b.payload },
  );
}

function templateMessage(type: 'transaction' | 'promotion', m: RenderedMessage): ZaloMessage {
  const [first = '', ...rest] = m.text.split('\n');
  const header = first.length <= ZALO_TEMPLATE_HEADER_MAX ? first : first.slice(0, ZALO_TEMPLATE_HEADER_MAX - 1) + '…';
  const body = first.length <= ZALO_TEMPLATE_HEADER_MAX ? rest.join('\n') : m.text;
  const elements: Record<string, unknown>[] = [{ type: 'header', content: header, align: 'left' }];
  if (body.trim()) elements.push({ type: 'text', content: body, align: 'left' });
  const payload: Record<string, unknown> = { template_type: ZALO_TEMPLATE_TYPE[type], language: 'VI', elements };
  if (m.buttons.length) payload.buttons = zaloButtons(m.buttons);
  return { type, attachment: { type: 'template', payload } };
}

export class ZaloChannel implements MessageSender<ZaloMessage> {
  readonly tokens: ZaloTokens;
  private readonly client: ZaloClient;
  private readonly inbound: InboundDispatcher;

  constructor(
    private readonly config: Config,
    private readonly deps: InboundDeps,
  ) {
    this.tokens = new ZaloTokens(deps.db, {
      appId: config.ZALO_APP_ID!,
      appSecret: config.ZALO_APP_SECRET!,
      oauthBase: config.ZALO_OAUTH_BASE,
      initial: { accessToken: config.ZALO_ACCESS_TOKEN!, refreshToken: config.ZALO_REFRESH_TOKEN! },
    });
    this.client = new ZaloClient(config.ZALO_API_BASE, this.tokens);
    this.inbound = new InboundDispatcher('zalo', deps);
  }

  router(): Router {
    const r = express.Router();
    r.post('/webhooks/zalo', async (req: RawBodyRequest, res) => {
      const header = req.get('x-zevent-signature');
      if (!header) throw new HttpError(401, 'missing X-ZEvent-Signature', 'unsigned');
      if (!zaloSignatureOk(req.rawBody, header, this.config.ZALO_APP_ID!, this.config.ZALO_OA_SECRET_KEY!)) {
        const oaIdFormula = zaloSignatureUsesOaId(req.rawBody, header, this.config.ZALO_OA_SECRET_KEY!);
        logger.warn({ channel: 'zalo', oaIdFormula }, oaIdFormula
          ? 'webhook signed with the OA id instead of ZALO_APP_ID: check ZALO_APP_ID (refused)'
          : 'webhook signature mismatch: check ZALO_APP_ID and ZALO_OA_SECRET_KEY (refused)');
        throw new HttpError(403, 'bad signature', 'bad_signature');
      }
      const parsed = ZaloEventSchema.safeParse(req.body);
      if (!parsed.success) {
        logger.warn({ channel: 'zalo', issue: parsed.error.issues[0]?.message }, 'unreadable Zalo event ignored');
        res.status(200).json({ ok: true });
        return;
      }
      const event = parseZaloEvent(parsed.data, req.rawBody!);
      // Stored before the 200: a crash after it cannot lose the message (inbound.ts).
      if (event) await this.inbound.accept([event]);
      res.status(200).json({ ok: true });
    });
    return r;
  }

  /** The messages for these replies, of the product the outbox's policy picked (zalo/policy.ts). */
  async prepare(_userId: string, replies: Reply[], opts: SendOptions = {}): Promise<ZaloMessage[]> {
    const type = (opts.sendAs?.type ?? 'cs') as ZaloMessageType;
    if (type === 'transaction' || type === 'promotion') return renderReplies(replies, ZALO_TEMPLATE_LIMITS).map((m) => templateMessage(type, m));
    return renderReplies(replies, ZALO_LIMITS).map((m): ZaloMessage => {
      if (m.image) {
        return {
          text: m.image.caption || undefined,
          attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url: m.image.url }] } },
        };
      }
      if (!m.buttons.length) return { text: m.text };
      return { text: m.text, attachment: { type: 'template', payload: { buttons: zaloButtons(m.buttons) } } };
    });
  }

  sendOne(userId: string, message: ZaloMessage): Promise<string | undefined> {
    const { type = 'cs', ...body } = message;
    return this.client.send(userId, body, type);
  }

  async send(userId: string, replies: Reply[], opts?: SendOptions): Promise<string | undefined> {
    let last: string | undefined;
    for (const m of await this.prepare(userId, replies, opts)) last = (await this.sendOne(userId, m)) ?? last;
    return last;
  }

  start(jobsEnabled: boolean, exclusive: boolean): void {
    if (jobsEnabled) this.tokens.start();
    this.inbound.start(exclusive);
  }

  async stop(): Promise<void> {
    this.tokens.stop();
    this.inbound.stopSweeping();
    await this.inbound.idle();
  }

  idle(): Promise<void> {
    return this.inbound.idle();
  }
}
