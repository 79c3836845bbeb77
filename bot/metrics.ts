// GET /metrics: Prometheus text (prom-client). Process counters come from core/metrics.ts; the queue
// and delivery figures are read from the database at scrape time (the same for every instance).
// Guarded: with METRICS_TOKEN set, a bearer token is required; without it only a direct local
// request is served (never one relayed by a proxy, whose socket is local too).
import { timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import client from 'prom-client';
import type { Config } from '../core/config';
import { collectProcessMetrics, countWebhook, metricsRegistry } from '../core/metrics';
import type { Db } from '../models/db';
import { opsFigures } from '../models/repos/ops';
import { logger } from '../core/logger';

const WEBHOOK_PATH = /^\/webhooks\/([a-z]+)\/?$/;
// The platforms answer a wrong or missing signature/secret with 401 or 403 (bot/channels/*).
const REFUSAL_STATUSES = new Set([401, 403]);
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Allowed: the bearer METRICS_TOKEN, or (no token configured) a local request with no proxy header. */
export function metricsAllowed(req: express.Request, token: string | undefined): boolean {
  if (token) {
    const m = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
    return Boolean(m && tokenMatches(m[1]!.trim(), token));
  }
  return isDirectLocal(req);
}

/** A request from this machine that no proxy relayed (a proxy's socket is local too). */
export function isDirectLocal(req: express.Request): boolean {
  if (PROXY_HEADERS.some((h) => req.headers[h] !== undefined)) return false;
  return LOOPBACK.has(req.socket.remoteAddress ?? '');
}

function databaseGauges(db: Db): client.Registry {
  const registry = new client.Registry();
  // One query per scrape feeds every gauge below.
  let pending: Promise<Awaited<ReturnType<typeof opsFigures>>> | undefined;
  const figures = () => (pending ??= opsFigures(db).finally(() => setTimeout(() => (pending = undefined), 0)));
  new client.Gauge({
    name: 'motcua_outbound_messages',
    help: 'Outbound messages in the database, by channel and status',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await figures()).outbound) this.set({ channel: r.channel, status: r.status }, r.n);
    },
  });
  new client.Gauge({
    name: 'motcua_outbound_queue_depth',
    help: 'Outbound messages waiting to be sent (pending or sending)',
    registers: [registry],
    async collect() {
      this.set((await figures()).queueDepth);
    },
  });
  new client.Gauge({
    name: 'motcua_outbound_oldest_pending_seconds',
    help: 'Age of the oldest outbound message still pending (0 when none)',
    registers: [registry],
    async collect() {
      this.set((await figures()).oldestPendingSeconds);
    },
  });
  new client.Gauge({
    name: 'motcua_delivery_latency_seconds',
    help: 'Seconds from queueing to the platform accepting a message, over the last hour (quantiles)',
    labelNames: ['quantile'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const { latency } = await figures();
      if (latency.p50 !== null) this.set({ quantile: '0.5' }, latency.p50);
      if (latency.p95 !== null) this.set({ quantile: '0.95' }, latency.p95);
    },
  });
  new client.Gauge({
    name: 'motcua_deliveries_last_hour',
    help: 'Outbound messages the platforms accepted in the last hour',
    registers: [registry],
    async collect() {
      this.set((await figures()).latency.count);
    },
  });
  return registry;
}

export function createMetricsRouter(deps: { db: Db; config: Config }): Router {
  collectProcessMetrics();
  const fromDatabase = databaseGauges(deps.db);
  const r = express.Router();

  // Counts every webhook call and its outcome, whatever the channel adapter answers.
  r.use((req, res, next) => {
    const m = req.method === 'POST' ? WEBHOOK_PATH.exec(req.path) : null;
    if (m) {
      const platform = m[1]!;
      res.on('finish', () => countWebhook(platform, res.statusCode, REFUSAL_STATUSES.has(res.statusCode)));
    }
    next();
  });

  r.get('/metrics', async (req, res) => {
    if (!metricsAllowed(req, deps.config.METRICS_TOKEN)) {
      res.status(deps.config.METRICS_TOKEN ? 401 : 403).type('text/plain').send(
        deps.config.METRICS_TOKEN
          ? 'Authorization: Bearer METRICS_TOKEN required\n'
          : 'Metrics are served to local requests only; set METRICS_TOKEN to scrape from elsewhere\n',
      );
      return;
    }
    let text = await metricsRegistry.metrics();
    try {
      text += await fromDatabase.metrics();
    } catch (err) {
      // The process figures still help when the database is the problem.
      logger.error({ err }, 'metrics: database figures failed');
    }
    res.type(metricsRegistry.contentType).send(text);
  });
  return r;
}
