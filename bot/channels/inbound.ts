// What the three platform webhooks share: constant-time secret comparison, and store-then-ack: the
// webhook stores the events (one INSERT, group-committed under load) and only then answers 200; the turn
// (the engine, which drops re-delivered ids, then the replies through the outbox) runs from the stored
// row, which is marked done at the end. Events not done (a crash, a failed try) are claimed again at start
// and by a periodic sweep after their lease.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../models/db';
import { claimInbound, markInboundDone, storeInbound } from '../../models/repos/inbound';
import { Batcher } from '../../models/batcher';
import type { EngineResult } from '../engine';
import { logger } from '../../core/logger';
import { HttpError } from '../../core/errors';
import { RateLimiter } from '../rate-limit';
import type { Outbox } from '../outbox';
import type { ChannelName, InboundEvent } from '../../core/types';
import pLimit from 'p-limit';

/** Constant-time string comparison (both sides hashed first, so lengths leak nothing either). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export interface InboundDeps {
  db: Db;
  /** How long a stored event stays claimed by the process handling it (INBOUND_LEASE_SECONDS). */
  leaseMs?: number;
  /** Sizes the group commits ('pglite' has one connection). */
  dbKind?: 'pglite' | 'postgres';
  handle(event: InboundEvent): Promise<EngineResult>;
  outbox: Outbox;
  /** Limits by source (WEBHOOK_USER_RATE_PER_MINUTE, WEBHOOK_GLOBAL_RATE_PER_SECOND); none when absent. */
  limits?: { perUserPerMinute: number; globalPerSecond: number };
}

const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

// Turns handled at once per channel. The database pool has 10 connections (models/db.ts) and PGlite runs
// one query at a time: more parallel turns only interleave and make every reply late; fewer, in arrival
// order, keep the early ones fast under a burst.
export const MAX_CONCURRENT_TURNS = 8;
// A stored event is claimed for INBOUND_LEASE_SECONDS (60 s) by the process handling it; a turn takes well
// under a second, so an event still not done after the lease belongs to a dead process (or failed).
// The sweep for events not done (other instances' dead claims, failed tries) runs this often.
const INBOUND_SWEEP_MS = 10_000;
const INBOUND_SWEEP_BATCH = 100;
// An event whose turn failed this many times is closed (logged), not retried for ever.
const INBOUND_MAX_ATTEMPTS = 5;
// Group commits of stores and done marks: PGlite has one connection, a PostgreSQL pool more.
const STORE_CONCURRENCY = { pglite: 1, postgres: 4 } as const;
const STORE_MAX_BATCH = 200;

export class InboundDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  // At most MAX_CONCURRENT_TURNS turns at once, the others wait in arrival order.
  private readonly turns = pLimit(MAX_CONCURRENT_TURNS);
  // Events of one user are handled in order (a session is read and written per turn).
  private readonly perUser = new Map<string, Promise<void>>();
  private readonly stores: Batcher<InboundEvent, number | null>;
  private readonly dones: Batcher<number, void>;
  // Queue ids being handled in this process: the sweep never dispatches one twice.
  private readonly handling = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly leaseMs: number;
  // Limits by source (issue 18): per user id the platform signed, and a guard on all of this channel's events.
  private readonly perUserLimit: RateLimiter | undefined;
  private readonly globalLimit: RateLimiter | undefined;

  constructor(
    private readonly channel: ChannelName,
    private readonly deps: InboundDeps,
  ) {
    const concurrency = STORE_CONCURRENCY[deps.dbKind ?? 'pglite'];
    this.leaseMs = deps.leaseMs ?? 60_000;
    this.stores = new Batcher((events) => storeInbound(deps.db, events, this.leaseMs), concurrency, STORE_MAX_BATCH);
    this.dones = new Batcher((ids) => markInboundDone(deps.db, ids), concurrency, STORE_MAX_BATCH);
    if (deps.limits) {
      this.perUserLimit = new RateLimiter(deps.limits.perUserPerMinute, MINUTE_MS);
      this.globalLimit = new RateLimiter(deps.limits.globalPerSecond, SECOND_MS);
    }
  }

  /**
   * Applies the limits by source. Over the global guard the whole request is refused with 503 before
   * anything is stored: the platform delivers it again later, nothing is lost. Events of a user over their
   * own limit (a flood from one signed id) are acknowledged and not handled.
   */
  private admit(events: InboundEvent[]): InboundEvent[] {
    if (!this.globalLimit || !this.perUserLimit) return events;
    for (let i = 0; i < events.length; i++) {
      if (!this.globalLimit.take('all')) {
        logger.warn({ channel: this.channel }, 'webhook over the global guard: refused, the platform will deliver again');
        throw new HttpError(503, 'busy, deliver again later', 'busy');
      }
    }
    const admitted = events.filter((e) => e.kind === 'unfollow' || this.perUserLimit!.take(e.userId));
    if (admitted.length < events.length) {
      logger.warn({ channel: this.channel, dropped: events.length - admitted.length }, 'events over the per-user limit not handled');
    }
    return admitted;
  }

  /**
   * Stores the events (within the limits by source), then handles the new ones in the background. Resolves
   * once they are stored: the webhook answers 200 only then. Rejects when the store fails or the global
   * guard refuses (the platform gets a 5xx and sends again).
   */
  async accept(all: InboundEvent[]): Promise<void> {
    const events = this.admit(all);
    const ids = await Promise.all(events.map((e) => this.stores.run(e)));
    events.forEach((event, i) => {
      const queueId = ids[i];
      if (queueId !== null && queueId !== undefined) this.dispatch([{ event, queueId }]);
    });
  }

  /** Handles stored events in the background, in order per user; never throws. */
  dispatch(items: { event: InboundEvent; queueId?: number }[]): void {
    for (const { event, queueId } of items) {
      if (queueId !== undefined) this.handling.add(queueId);
      const previous = this.perUser.get(event.userId) ?? Promise.resolve();
      const p = previous.then(() => this.turns(() => this.processStored(event, queueId)));
      this.perUser.set(event.userId, p);
      this.inFlight.add(p);
      void p.finally(() => {
        this.inFlight.delete(p);
        if (queueId !== undefined) this.handling.delete(queueId);
        if (this.perUser.get(event.userId) === p) this.perUser.delete(event.userId);
      });
    }
  }

  /** Claims events not done (all of them at start when this process holds the database alone) and handles them. */
  async sweep(all = false): Promise<number> {
    const { claimed, abandoned } = await claimInbound(this.deps.db, {
      channels: [this.channel], limit: INBOUND_SWEEP_BATCH, leaseMs: this.leaseMs, all, maxAttempts: INBOUND_MAX_ATTEMPTS,
    });
    if (abandoned) logger.error({ channel: this.channel, abandoned }, 'inbound events closed after repeated failures');
    const fresh = claimed.filter((c) => !this.handling.has(c.queueId));
    if (fresh.length) logger.info({ channel: this.channel, events: fresh.length }, 'stored inbound events picked up again');
    this.dispatch(fresh);
    return fresh.length;
  }

  /** Picks up what a previous run left, then sweeps periodically. */
  start(exclusive: boolean): void {
    if (this.timer) return;
    const pass = (all: boolean) =>
      this.sweep(all).catch((err) => logger.error({ err, channel: this.channel }, 'inbound sweep failed'));
    void pass(exclusive);
    this.timer = setInterval(() => void pass(false), Math.min(INBOUND_SWEEP_MS, this.leaseMs));
    this.timer.unref();
  }

  stopSweeping(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Counts outside work (telegraf parsing an update) as in flight, so idle() waits for it too. */
  track(p: Promise<unknown>): void {
    const done = p.then(
      () => undefined,
      (err: unknown) => logger.error({ err, channel: this.channel }, 'inbound event failed'),
    );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private async processStored(event: InboundEvent, queueId: number | undefined): Promise<void> {
    const ok = await this.process(event);
    // A turn that failed (the database refused) stays not done: the sweep tries again after the lease.
    if (ok && queueId !== undefined) {
      await this.dones.run(queueId).catch((err) => logger.error({ err, channel: this.channel }, 'inbound done mark failed'));
    }
  }

  /** The whole turn for one event; false when it failed and should be tried again. */
  async process(event: InboundEvent): Promise<boolean> {
    try {
      const result = await this.deps.handle(event);
      if (result.duplicate) return true;
      // The answer to the new message goes first; then what was held for the user (outside the window)
      // and still matters is queued again, now that they are back in reach; the rest is dropped.
      if (result.replies.length && event.kind !== 'unfollow') {
        const recorded = result.replyRowId !== undefined ? { id: result.replyRowId, attempts: 1 } : undefined;
        const sent = await this.deps.outbox.deliverNow(this.channel, event.userId, result.replies, 'reply', recorded);
        if (sent.status !== 'sent') logger.warn({ channel: this.channel, status: sent.status, problem: sent.error?.problem }, 'reply not delivered at once');
      }
      if (event.kind !== 'unfollow') await this.deps.outbox.personBack(this.channel, event.userId);
      return true;
    } catch (err) {
      logger.error({ err, channel: this.channel, kind: event.kind }, 'inbound event failed');
      return false;
    }
  }

  /** Resolves when every event received so far has been handled (tests, benchmarks, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}
