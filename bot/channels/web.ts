// The web chat: a JSON API for the page on the commune's site, Server-Sent Events for messages
// pushed later (staff answers, notifications), and the static page itself.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../models/db';
import { requeueWaiting } from '../../models/repos/outbound';
import { HttpError, PlatformApiError } from '../../core/errors';
import { translator } from '../../core/i18n';
import type { ChannelSender } from '../outbox';
import { RateLimiter } from '../rate-limit';
import type { InboundEvent, Reply } from '../../core/types';
import type { EngineResult } from '../engine';
import { cleanText } from '../../core/text';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web', 'public');
// One minute windows for the per-client limit (WEBCHAT_RATE_PER_MINUTE).
const RATE_WINDOW_MS = 60_000;
// SSE comment every 25 s keeps proxies from closing an idle stream (most time out at 30–60 s).
const SSE_KEEPALIVE_MS = 25_000;

const MessageBody = z
  .object({
    // Cleaned at the boundary: a NUL byte would make PostgreSQL refuse the turn (core/text.ts).
    userId: z.string().transform(cleanText).pipe(z.string().trim().min(1).max(128)),
    text: z.string().transform(cleanText).optional(),
    payload: z.string().transform(cleanText).pipe(z.string().trim().min(1).max(256)).optional(),
    id: z.string().transform(cleanText).pipe(z.string().trim().min(1).max(128)).optional(),
  })
  .refine((b) => b.text !== undefined || b.payload !== undefined, { message: 'missing_text' });

export interface WebChannelDeps {
  db: Db;
  handle(event: InboundEvent): Promise<EngineResult>;
  ratePerMinute: number;
  /** The greeting and main menu the page shows when it opens (not a turn: nothing is recorded). */
  welcome?(lang: 'vi' | 'en'): Reply[];
  /** Sites allowed to embed the chat in a frame (the widget), CSP frame-ancestors syntax. */
  embedOrigins?: string;
}

export class WebChannel implements ChannelSender {
  private readonly streams = new Map<string, Set<Response>>();
  private readonly limiter: RateLimiter;

  constructor(private readonly deps: WebChannelDeps) {
    this.limiter = new RateLimiter(deps.ratePerMinute, RATE_WINDOW_MS);
  }

  /** Pushes to every open stream of the user; throws not_connected when there is none. */
  async send(userId: string, replies: Reply[]): Promise<string | undefined> {
    const streams = this.streams.get(userId);
    if (!streams?.size) throw new PlatformApiError('web', 'sse', 'offline', 'not_connected', 'user has no open chat page');
    const data = `data: ${JSON.stringify({ replies })}\n\n`;
    for (const res of streams) res.write(data);
    return undefined;
  }

  router(): Router {
    const r = express.Router();
    r.post('/api/webchat/messages', async (req, res) => {
      const parsed = MessageBody.safeParse(req.body ?? {});
      if (!parsed.success) {
        const missingText = parsed.error.issues.some((i) => i.message === 'missing_text');
        const key = missingText ? 'missing_text' : parsed.error.issues[0]?.path[0] === 'userId' ? 'missing_user' : 'missing_text';
        throw new HttpError(400, translator('vi')(`common:errors.${key}`), key);
      }
      const body = parsed.data;
      if (!this.limiter.take(`${req.ip}|${body.userId}`)) {
        throw new HttpError(429, translator('vi')('common:errors.rate_limited'), 'rate_limited');
      }
      const event: InboundEvent = {
        id: body.id ?? randomUUID(),
        channel: 'web',
        userId: body.userId,
        kind: body.payload ? 'postback' : 'text',
        text: body.payload ? undefined : body.text,
        payload: body.payload,
        receivedAt: new Date(),
      };
      const result = await this.deps.handle(event);
      res.json({ replies: result.replies, duplicate: result.duplicate || undefined });
    });

    r.get('/api/webchat/stream', async (req: Request, res: Response) => {
      const userId = typeof req.query.userId === 'string' ? req.query.userId.trim() : '';
      if (!userId || userId.length > 128) throw new HttpError(400, translator('vi')('common:errors.missing_user'), 'missing_user');
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write(': connected\n\n');
      let set = this.streams.get(userId);
      if (!set) this.streams.set(userId, (set = new Set()));
      set.add(res);
      const keepAlive = setInterval(() => res.write(': ping\n\n'), SSE_KEEPALIVE_MS);
      req.on('close', () => {
        clearInterval(keepAlive);
        set!.delete(res);
        if (!set!.size) this.streams.delete(userId);
      });
      // Anything held while the page was closed goes out now.
      await requeueWaiting(this.deps.db, 'web', userId);
    });

    r.get('/api/webchat/welcome', (req, res) => {
      const lang = req.query.lang === 'en' ? 'en' : 'vi';
      res.set('Cache-Control', 'no-store').json({ replies: this.deps.welcome?.(lang) ?? [] });
    });

    const page = readFileSync(path.join(PUBLIC_DIR, 'index.html'), 'utf8');
    r.get('/', (req, res) => {
      // The page may be framed by the commune's own site (widget.js); everything else stays unframeable.
      if (req.query.embed === '1') {
        const csp = String(res.getHeader('Content-Security-Policy') ?? '');
        res.set('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${this.deps.embedOrigins ?? '*'}`));
        res.removeHeader('X-Frame-Options');
      }
      const lang = req.query.lang === 'en' ? 'en' : 'vi';
      const t = translator(lang);
      const html = page
        .replace(/\{\{lang\}\}/g, lang)
        .replace(/\{\{t:([\w.:]+)\}\}/g, (_m, key: string) => escapeHtml(t(key)));
      res.type('html').send(html);
    });
    // The widget is loaded by the commune's own site: helmet's same-origin resource policy is lifted for it.
    r.get('/webchat/widget.js', (_req, res, next) => {
      res.set('Cross-Origin-Resource-Policy', 'cross-origin');
      next();
    });
    r.use('/webchat', express.static(PUBLIC_DIR, { index: false, maxAge: '1h' }));
    return r;
  }

  /** Closes every open stream (graceful shutdown). */
  closeStreams(): void {
    for (const set of this.streams.values()) for (const res of set) res.end();
    this.streams.clear();
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
