// Process-wide counters for GET /metrics (Prometheus text, prom-client). The code that sees an event
// counts it here with one call; figures that live in the database (queue, deliveries) are read at
// scrape time by bot/metrics.ts, so every instance on a shared PostgreSQL reports the same queue.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import client from 'prom-client';

export const metricsRegistry = new client.Registry();

let defaultsOn = false;
/** Node's own figures (event-loop lag, memory, CPU), once per process. */
export function collectProcessMetrics(): void {
  if (defaultsOn) return;
  defaultsOn = true;
  // Event-loop lag is sampled every 10 ms by default in nodejs_eventloop_lag_* (a histogram monitor).
  client.collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: 10 });
  eventLoopLagP99Ms();
}

/**
 * How a turn ended, for motcua_turns_total:
 * - answered: a handler answered; choices: the user was offered several candidates to pick from;
 * - unknown: nothing understood (the fallback recorded an unanswered question);
 * - referral: sent to a person or another office; dialog: a form step is waiting for the user;
 * - error: a handler threw.
 */
export const TURN_OUTCOMES = ['answered', 'choices', 'unknown', 'referral', 'dialog', 'error'] as const;
export type TurnOutcome = (typeof TURN_OUTCOMES)[number];

const turns = new client.Counter({
  name: 'motcua_turns_total',
  help: 'Conversation turns handled, by channel and outcome',
  labelNames: ['channel', 'outcome'] as const,
  registers: [metricsRegistry],
});
const turnCounts = new Map<TurnOutcome, number>();

/** The engine calls this once per turn (duplicates are not turns). */
export function countTurn(channel: string, outcome: TurnOutcome): void {
  turns.inc({ channel, outcome });
  turnCounts.set(outcome, (turnCounts.get(outcome) ?? 0) + 1);
}

/** Turns per outcome since this process started (the admin dashboard). */
export function turnsSinceStart(): Record<TurnOutcome, number> {
  return Object.fromEntries(TURN_OUTCOMES.map((o) => [o, turnCounts.get(o) ?? 0])) as Record<TurnOutcome, number>;
}

const webhookRequests = new client.Counter({
  name: 'motcua_webhook_requests_total',
  help: 'Webhook requests received, by platform and HTTP status',
  labelNames: ['platform', 'status'] as const,
  registers: [metricsRegistry],
});
const webhookRefusals = new client.Counter({
  name: 'motcua_webhook_signature_refusals_total',
  help: 'Webhook requests refused for a missing or wrong signature, by platform',
  labelNames: ['platform'] as const,
  registers: [metricsRegistry],
});
let refusalCount = 0;

export function countWebhook(platform: string, status: number, signatureRefused: boolean): void {
  webhookRequests.inc({ platform, status: String(status) });
  if (signatureRefused) {
    webhookRefusals.inc({ platform });
    refusalCount++;
  }
}

export function signatureRefusalsSinceStart(): number {
  return refusalCount;
}

// A commune's statements take about a millisecond; a slow disk or a lock wait shows in the upper buckets.
const statementSeconds = new client.Histogram({
  name: 'motcua_db_statement_seconds',
  help: 'Time of database statements, from sending to the result',
  labelNames: ['engine'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  registers: [metricsRegistry],
});
let statementTotal = { count: 0, seconds: 0 };

export function observeStatement(engine: 'pglite' | 'postgres', seconds: number): void {
  statementSeconds.observe({ engine }, seconds);
  statementTotal = { count: statementTotal.count + 1, seconds: statementTotal.seconds + seconds };
}

/** Mean statement time since start, in ms (null before the first statement). */
export function meanStatementMs(): number | null {
  return statementTotal.count ? (statementTotal.seconds / statementTotal.count) * 1000 : null;
}

// The dashboard's own event-loop monitor: prom-client resets its histogram at every scrape, so staff
// see the p99 of a fixed window instead, restarted every 10 minutes.
const LAG_WINDOW_MS = 10 * 60_000;
let lagMonitor: IntervalHistogram | undefined;

/** The 99th percentile of event-loop delay over the current window (up to 10 min), in ms. */
export function eventLoopLagP99Ms(): number | null {
  if (!lagMonitor) {
    lagMonitor = monitorEventLoopDelay({ resolution: 20 });
    lagMonitor.enable();
    setInterval(() => lagMonitor!.reset(), LAG_WINDOW_MS).unref();
    return null;
  }
  const p99 = lagMonitor.percentile(99);
  return Number.isFinite(p99) && p99 > 0 ? p99 / 1e6 : null;
}
