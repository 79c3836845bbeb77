// Facebook Messenger (a Page): the webhook (GET handshake, POST events) and the Send API sender.
// messaging_type and tags follow Meta's policy, decided per kind of message in messenger/policy.ts.
import express, { type Router } from 'express';
import type { Config } from '../../core/config';
import { HttpError } from '../../core/errors';
import { logger } from '../../core/logger';
import type { MessageSender, SendOptions } from '../outbox';
import type { RawBodyRequest } from '../server';
import type { Reply } from '../../core/types';
import { InboundDispatcher, safeEqual, type InboundDeps } from './inbound';
import { renderReplies, type RenderLimits } from './render';
import { GraphClient } from './messenger/client';
import { MessengerBodySchema, parseMessengerBody } from './messenger/parse';
import { messengerSignatureOk } from './messenger/signature';

// Text 2,000 characters; quick replies ≤ 13 with titles cut at 20 characters (docs/channels.md §Messenger Send).
export const MESSENGER_QUICK_REPLY_LIMITS: RenderLimits = { maxText: 2000, maxButtons: 13, maxButtonTitle: 20, maxPayloadBytes: 1000 };
// Button template (needed for links): text ≤ 640, 1–3 buttons, title 20 (docs/channels.md §Messenger Send).
export const MESSENGER_TEMPLATE_LIMITS: RenderLimits = {
  maxText: 2000, maxTextWithButtons: 640, maxButtons: 3, maxButtonTitle: 20, maxPayloadBytes: 1000,
};

export type MessengerMessage = { messaging_type: string; tag?: string; message: Record<string, unknown> };

export class MessengerChannel implements MessageSender<MessengerMessage> {
  private readonly graph: GraphClient;
  private readonly inbound: InboundDispatcher;

  constructor(
    private readonly config: Config,
    private readonly deps: InboundDeps,
  ) {
    this.graph = new GraphClient(config.FB_GRAPH_BASE, config.FB_GRAPH_VERSION, config.FB_PAGE_ACCESS_TOKEN!);
    this.inbound = new InboundDispatcher('messenger', deps);
  }

  router(): Router {
    const r = express.Router();
    // Meta's verification handshake when the callback URL is saved.
    r.get('/webhooks/messenger', (req, res) => {
      const mode = String(req.query['hub.mode'] ?? '');
      const token = String(req.query['hub.verify_token'] ?? '');
      const challenge = String(req.query['hub.challenge'] ?? '');
      if (mode === 'subscribe' && safeEqual(token, this.config.FB_VERIFY_TOKEN!)) {
        res.status(200).type('text/plain').send(challenge);
        return;
      }
      throw new HttpError(403, 'verify token mismatch', 'bad_verify_token');
    });
    r.post('/webhooks/messenger', async (req: RawBodyRequest, res) => {
      const header = req.get('x-hub-signature-256');
      if (!header) throw new HttpError(401, 'missing X-Hub-Signature-256', 'unsigned');
      if (!messengerSignatureOk(req.rawBody, header, this.config.FB_APP_SECRET!)) {
        logger.warn({ channel: 'messenger' }, 'webhook signature mismatch');
        throw new HttpError(403, 'bad signature', 'bad_signature');
      }
      const parsed = MessengerBodySchema.safeParse(req.body);
      if (!parsed.success) {
        logger.warn({ channel: 'messenger', issue: parsed.error.issues[0]?.message }, 'unreadable Messenger body ignored');
        res.status(200).type('text/plain').send('EVENT_RECEIVED');
        return;
      }
      // Stored before the 200: a crash after it cannot lose the messages (inbound.ts).
      await this.inbound.accept(parseMessengerBody(parsed.data));
      res.status(200).type('text/plain').send('EVENT_RECEIVED');
    });
    return r;
  }

  /** messaging_type (and tag) the outbox's policy picked for this message (messenger/policy.ts). */
  private messagingType(opts: SendOptions): { messaging_type: string; tag?: string } {
    const as: { type: string; tag?: string } = opts.sendAs ?? { type: 'RESPONSE' };
    return as.tag ? { messaging_type: as.type, tag: as.tag } : { messaging_type: as.type };
  }

  prepare(_userId: string, replies: Reply[], opts: SendOptions = {}): MessengerMessage[] {
    const type = this.messagingType(opts);
    const out: MessengerMessage[] = [];
    for (const reply of replies) {
      const hasLink = (reply.buttons ?? []).some((b) => 'url' in b);
      const rendered = renderReplies([reply], hasLink ? MESSENGER_TEMPLATE_LIMITS : MESSENGER_QUICK_REPLY_LIMITS);
      for (const m of rendered) {
        let message: Record<string, unknown>;
        if (m.image) {
          message = { attachment: { type: 'image', payload: { url: m.image.url, is_reusable: true } } };
        } else if (!m.buttons.length) {
          message = { text: m.text };
        } else if (hasLink) {
          const buttons = m.buttons.map((b) =>
            'url' in b ? { type: 'web_url', url: b.url, title: b.title } : { type: 'postback', title: b.title, payload: b.payload },
          );
          message = { attachment: { type: 'template', payload: { template_type: 'button', text: m.text, buttons } } };
        } else {
          const quick = m.buttons.flatMap((b) => ('payload' in b ? [{ content_type: 'text', title: b.title, payload: b.payload }] : []));
          message = { text: m.text, quick_replies: quick };
        }
        out.push({ ...type, message });
        if (m.image?.caption) out.push({ ...type, message: { text: m.image.caption } });
      }
    }
    return out;
  }

  async sendOne(userId: string, m: MessengerMessage): Promise<string | undefined> {
    const res = await this.graph.post('messages', { recipient: { id: userId }, ...m });
    return typeof res.message_id === 'string' ? res.message_id : undefined;
  }

  async send(userId: string, replies: Reply[], opts?: SendOptions): Promise<string | undefined> {
    let last: string | undefined;
    for (const m of await this.prepare(userId, replies, opts)) last = (await this.sendOne(userId, m)) ?? last;
    return last;
  }

  /** Get Started button and persistent menu (npm run channels:setup). */
  setProfile(profile: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.graph.post('messenger_profile', profile);
  }

  start(exclusive: boolean): void {
    this.inbound.start(exclusive);
  }

  async stop(): Promise<void> {
    this.inbound.stopSweeping();
    await this.inbound.idle();
  }

  idle(): Promise<void> {
    return this.inbound.idle();
  }
}
