// The HTTP server: express 5 with helmet, a JSON body limit (raw bytes kept for webhook
// signatures), health and readiness probes, one error handler, and graceful shutdown.
import http from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Db } from '../models/db';
import { HttpError } from '../core/errors';
import { translator } from '../core/i18n';
import { logger } from '../core/logger';
import { setOpsState } from '../models/repos/ops';

// Webhook bodies and chat messages are small; 256 kB leaves room for a batch of platform events.
export const JSON_BODY_LIMIT = '256kb';
// How long shutdown waits for requests in flight before closing anyway.
const SHUTDOWN_GRACE_MS = 10_000;

export interface RawBodyRequest extends express.Request {
  rawBody?: Buffer;
}

export function createHttpApp(opts: { db: Db; routers: Router[]; trustProxy?: boolean }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (opts.trustProxy) app.set('trust proxy', 1);
  app.use(securityHeaders());
  app.use(
    express.json({
      limit: JSON_BODY_LIMIT,
      verify: (req, _res, buf) => {
        (req as RawBodyRequest).rawBody = buf;
      },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: JSON_BODY_LIMIT }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      // A write, not just a read: a full disk or a read-only database is not ready.
      await setOpsState(opts.db, 'readyz', null);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });

  for (const r of opts.routers) app.use(r);

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: translator('vi')('common:errors.not_found') } });
  });
  app.use(errorHandler);
  return app;
}

/** helmet's options: its defaults, and images from https: and data: URLs (catalog pages link them). */
export const HELMET_OPTIONS = { contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'https:'] } } };

/**
 * helmet's headers, taken from helmet once and set by one middleware. None of its directives depends on
 * the request, so every response gets the same headers in the same order; run per request, helmet's
 * thirteen middlewares were about 3 % of a web chat turn's CPU (issue 17, bench:profile).
 * test/bot/security-headers.test.ts checks the headers against helmet's own.
 */
export function securityHeaders(): RequestHandler {
  const steps: [name: string, value: string | undefined][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => steps.push([name, value]),
    removeHeader: (name: string) => steps.push([name, undefined]),
  };
  let done = false;
  helmet(HELMET_OPTIONS)({} as never, recorder as never, () => (done = true));
  if (!done) throw new Error('helmet did not set its headers at once');
  return (_req, res, next) => {
    for (const [name, value] of steps) {
      if (value === undefined) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    next();
  };
}

/** The one place HTTP errors become responses: clients get a 4xx with a message, never a stack. */
const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const t = translator('vi');
  let status = 500;
  let code = 'internal';
  let message = t('common:error');
  if (err instanceof HttpError) {
    ({ status, code, message } = err);
  } else if (err?.type === 'entity.too.large') {
    status = 413;
    code = 'too_large';
    message = t('common:errors.too_large');
  } else if (err?.type === 'entity.parse.failed' || err instanceof SyntaxError) {
    status = 400;
    code = 'bad_json';
    message = t('common:errors.bad_json');
  } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    status = err.status;
    code = 'bad_request';
    message = String(err.message ?? 'Bad request');
  } else {
    logger.error({ err, path: req.path }, 'request failed');
  }
  if (res.headersSent) return;
  res.status(status).json({ error: { code, message } });
};

export interface Listening {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

export async function listen(app: express.Express, port: number, host: string): Promise<Listening> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
