// Zalo Official Account: the webhook (POST /webhooks/zalo) and the sender (CS messages).
// Order of work in the webhook: signature on the raw bytes → 401/403 and nothing stored when wrong →
// parse → 200 → then the engine and the replies (channels.md §1).
import express, { type Router } from 'express';
import type { Config } from '../../core/config';
import { HttpError } from '../../core/errors';
import { logger } from '../../core/logger';
import type { MessageSender } from '../outbox';
import type { RawBodyRequest } from '../server';
import type { Reply } from '../../core/types';
import { ZaloTokens } from '../../jobs/zalo-token';
import { InboundDispatcher, type InboundDeps } from './inbound';
import { renderReplies, type RenderLimits } from './render';
import { ZaloClient, type ZaloMessage } from './zalo/client';
import { parseZaloEvent, ZALO_PAYLOAD_PREFIX, ZaloEventSchema } from './zalo/parse';
import { zaloSignatureOk, zaloSignatureUsesOaId } from './zalo/signature';

export const ZALO_LIMITS: RenderLimits = {
  // CS text: 2,000 characters (channels.md §1 Send, ~).
  maxText: 2000,
  // Buttons per CS message are unconfirmed; 5 matches the template element cap. More → numbered list.
  maxButtons: 5,
  // Button title ≤ 100 characters, query payload ≤ 1,000 (channels.md §1 Send).
  maxButtonTitle: 100,
  maxPayloadBytes: 1000 - ZALO_PAYLOAD_PREFIX.length,
};

export class ZaloChannel implements MessageSender<ZaloMessage> {
  readonly tokens: ZaloTokens;
  private readonly client: ZaloClient;
  private readonly inbound: InboundDispatcher;

  constructor(
    private readonly config: Config,
    deps: InboundDeps,
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
    r.post('/webhooks/zalo', (req: RawBodyRequest, res) => {
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
      res.status(200).json({ ok: true });
      if (!parsed.success) {
        logger.warn({ channel: 'zalo', issue: parsed.error.issues[0]?.message }, 'unreadable Zalo event ignored');
        return;
      }
      const event = parseZaloEvent(parsed.data, req.rawBody!);
      if (event) this.inbound.dispatch([event]);
    });
    return r;
  }

  prepare(_userId: string, replies: Reply[]): ZaloMessage[] {
    return renderReplies(replies, ZALO_LIMITS).map((m): ZaloMessage => {
      if (m.image) {
        return {
          text: m.image.caption || undefined,
          attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url: m.image.url }] } },
        };
      }
      if (!m.buttons.length) return { text: m.text };
      const buttons = m.buttons.map((b) =>
        'url' in b
          ? { title: b.title, type: 'oa.open.url', payload: { url: b.url } }
          : { title: b.title, type: 'oa.query.hide', payload: ZALO_PAYLOAD_PREFIX + b.payload },
      );
      return { text: m.text, attachment: { type: 'template', payload: { buttons } } };
    });
  }

  sendOne(userId: string, message: ZaloMessage): Promise<string | undefined> {
    return this.client.sendCs(userId, message);
  }

  async send(userId: string, replies: Reply[]): Promise<string | undefined> {
    let last: string | undefined;
    for (const m of this.prepare(userId, replies)) last = (await this.sendOne(userId, m)) ?? last;
    return last;
  }

  start(jobsEnabled: boolean): void {
    if (jobsEnabled) this.tokens.start();
  }

  async stop(): Promise<void> {
    this.tokens.stop();
    await this.inbound.idle();
  }

  idle(): Promise<void> {
    return this.inbound.idle();
  }
}
