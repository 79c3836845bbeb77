// The web chat: a JSON API for the page on the commune's site, Server-Sent Events for messages
// pushed later (staff answers, notifications), and the page itself. Each chat has an identity the
// server issued and signed (web/identity.ts); limits count per identity and per source address
// (web/limits.ts); event streams are bounded (web/streams.ts). docs/security.md.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type CookieOptions, type Request, type Response, type Router } from 'express';
import { Eta } from 'eta';
import { z } from 'zod';
import type { Db } from '../../models/db';
import { requeueWaiting } from '../../models/repos/outbound';
import { findSession } from '../../models/repos/sessions';
import { conversationHistory } from '../../models/repos/conversation-history';
import { HttpError, PlatformApiError } from '../../core/errors';
import { translator } from '../../core/i18n';
import type { ChannelSender } from '../outbox';
import type { InboundEvent, Reply } from '../../core/types';
import type { EngineResult } from '../engine';
import { cleanText } from '../../core/text';
import { COOKIE_MAX_AGE_MS, WEBCHAT_COOKIE, WebIdentities } from './web/identity';
import { sourceKey, WebLimits } from './web/limits';
import { DEFAULT_STREAM_BOUNDS, WebStreams, type StreamBounds } from './web/streams';

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');
const PUBLIC_DIR = path.join(WEB_DIR, 'public');
// A reopened page shows this much of the conversation (a long one keeps its latest part).
const HISTORY_LIMIT = 200;

// Changes at each start, so a browser never runs a page script older than the server it talks to.
const ASSET_VERSION = Date.now().toString(36);
const eta = new Eta({ views: path.join(WEB_DIR, 'views'), cache: true, autoEscape: true });

const MessageBody = z
  .object({
    text: z.string().transform(cleanText).optional(),
    payload: z.string().transform(cleanText).pipe(z.string().trim().min(1).max(256)).optional(),
    id: z.string().transform(cleanText).pipe(z.string().trim().min(1).max(128)).optional(),
  })
  .refine((b) => b.text !== undefined || b.payload !== undefined, { message: 'missing_text' });

export interface WebChannelDeps {
  db: Db;
  handle(event: InboundEvent): Promise<EngineResult>;
  /** Messages per minute per identity (WEBCHAT_RATE_PER_MINUTE). */
  ratePerMinute: number;
  /** Messages and new identities per minute per source address (WEBCHAT_IP_RATE_PER_MINUTE). */
  ipRatePerMinute: number;
  /** Key that signs identities (WEBCHAT_SECRET, or one made at start). */
  secret: string;
  streams?: Partial<StreamBounds>;
  /** The greeting and main menu the page shows when it opens (not a turn: nothing is recorded). */
  welcome?(lang: 'vi' | 'en'): Reply[];
  /** Sites allowed to embed the chat in a frame (the widget), CSP frame-ancestors syntax. */
  embedOrigins?: string;
}

export class WebChannel implements ChannelSender {
  readonly identities: WebIdentities;
  private readonly streams: WebStreams;
  private readonly limits: WebLimits;

  constructor(private readonly deps: WebChannelDeps) {
    this.identities = new WebIdentities(deps.secret);
    this.limits = new WebLimits({ perIdentity: deps.ratePerMinute, perSource: deps.ipRatePerMinute });
    this.streams = new WebStreams({ ...DEFAULT_STREAM_BOUNDS, ...deps.streams });
  }

  /** Pushes to every open stream of the user; throws not_connected when there is none. */
  async send(userId: string, replies: Reply[]): Promise<string | undefined> {
    if (!this.streams.push(userId, { replies })) {
      throw new PlatformApiError('web', 'sse', 'offline', 'not_connected', 'user has no open chat page');
    }
    return undefined;
  }

  /** Open event streams (all, or of one source address). */
  openStreams(source?: string): number {
    return this.streams.count(source);
  }

  router(): Router {
    const r = express.Router();
    const t = translator('vi');
    const refuse = (status: number, code: string) => new HttpError(status, t(`common:errors.${code}`), code);
    /** The identity the request presents, or a 401 (none, or one this server did not sign). */
    const identity = (req: Request): string => {
      const found = this.identities.fromRequest(req);
      if ('userId' in found) return found.userId;
      throw refuse(401, 'absent' in found ? 'missing_user' : 'unknown_user');
    };

    r.post('/api/webchat/session', (req, res) => {
      // A page that has an identity keeps it (cookie, or the id an embedded page kept); otherwise a new one.
      const found = this.identities.fromRequest(req);
      let userId: string;
      if ('userId' in found) userId = found.userId;
      else {
        if (!this.limits.newIdentity(sourceKey(req.ip))) throw refuse(429, 'rate_limited');
        userId = this.identities.issue();
      }
      res.cookie(WEBCHAT_COOKIE, userId, this.cookieOptions(req));
      res.set('Cache-Control', 'no-store').json({ userId });
    });

    r.post('/api/webchat/messages', async (req, res) => {
      const userId = identity(req);
      const parsed = MessageBody.safeParse(req.body ?? {});
      if (!parsed.success) throw refuse(400, 'missing_text');
      if (!this.limits.message(sourceKey(req.ip), userId)) throw refuse(429, 'rate_limited');
      const body = parsed.data;
      const event: InboundEvent = {
        source: `ip:${sourceKey(req.ip)}`,
        id: body.id ?? randomUUID(),
        channel: 'web',
        userId,
        kind: body.payload ? 'postback' : 'text',
        text: body.payload ? undefined : body.text,
        payload: body.payload,
        receivedAt: new Date(),
      };
      const result = await this.deps.handle(event);
      // Written as it is, without express's ETag: a reply to a POST is never revalidated, and hashing
      // each one (sha1) was CPU spent for nothing on every turn (issue 17).
      res.type('json').end(JSON.stringify({ replies: result.replies, duplicate: result.duplicate || undefined }));
    });

    r.get('/api/webchat/history', async (req, res) => {
      const userId = identity(req);
      if (!this.limits.read(userId)) throw refuse(429, 'rate_limited');
      const [messages, session] = await Promise.all([
        conversationHistory(this.deps.db, 'web', userId, HISTORY_LIMIT),
        findSession(this.deps.db, 'web', userId),
      ]);
      // A form left open says so, or the next line typed would silently become its answer.
      const dialog = session?.dialog;
      const lt = translator(session?.lang === 'en' ? 'en' : 'vi');
      const openForm = dialog
        ? lt([`common:webchat.open_form.${dialog.name}_${dialog.step}`, `common:webchat.open_form.${dialog.name}`, 'common:webchat.open_form.other'])
        : undefined;
      res.set('Cache-Control', 'no-store').json({ messages, ...(openForm ? { openForm } : {}) });
    });

    r.get('/api/webchat/stream', async (req: Request, res: Response) => {
      const userId = identity(req);
      const source = sourceKey(req.ip);
      if (!this.limits.read(userId)) throw refuse(429, 'rate_limited');
      if (!this.streams.canOpen(source)) throw refuse(429, 'too_many_streams');
      this.streams.open(userId, source, res);
      // Anything held while the page was closed goes out now.
      await requeueWaiting(this.deps.db, 'web', userId);
    });

    r.get('/api/webchat/welcome', (req, res) => {
      const lang = req.query.lang === 'en' ? 'en' : 'vi';
      res.set('Cache-Control', 'no-store').json({ replies: this.deps.welcome?.(lang) ?? [] });
    });

    r.get('/', (req, res) => {
      // The page may be framed by the commune's own site (widget.js); everything else stays unframeable.
      const embedded = req.query.embed === '1';
      if (embedded) {
        const csp = String(res.getHeader('Content-Security-Policy') ?? '');
        res.set('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${this.deps.embedOrigins ?? '*'}`));
        res.removeHeader('X-Frame-Options');
      }
      const lang = req.query.lang === 'en' ? 'en' : 'vi';
      res.type('html').send(eta.render('index', { lang, embedded, version: ASSET_VERSION, t: translator(lang) }));
    });
    // The widget is loaded by the commune's own site: helmet's same-origin resource policy is lifted for it.
    r.get('/webchat/widget.js', (_req, res, next) => {
      res.set('Cross-Origin-Resource-Policy', 'cross-origin');
      next();
    });
    r.use('/webchat', express.static(PUBLIC_DIR, { index: false, maxAge: '1h' }));
    return r;
  }

  private cookieOptions(req: Request): CookieOptions {
    // Lax: sent when the citizen follows a link to the chat, never on another site's form posts. Secure
    // when the page came over https (behind nginx: X-Forwarded-Proto, read with TRUST_PROXY=true).
    return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: COOKIE_MAX_AGE_MS };
  }

  /** Closes every open stream (graceful shutdown). */
  closeStreams(): void {
    this.streams.closeAll();
  }
}
