// What the three platform webhooks share: constant-time secret comparison, and the "acknowledge now,
// work after" dispatch: the engine (which drops re-delivered ids), then the replies through the outbox.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../models/db';
import { requeueWaiting } from '../../models/repos/outbound';
import type { EngineResult } from '../engine';
import { logger } from '../../core/logger';
import type { Outbox } from '../outbox';
import type { ChannelName, InboundEvent } from '../../core/types';

/** Constant-time string comparison (both sides hashed first, so lengths leak nothing either). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export interface InboundDeps {
  db: Db;
  handle(event: InboundEvent): Promise<EngineResult>;
  outbox: Outbox;
}

// Turns handled at once per channel. The database pool has 10 connections (models/db.ts) and PGlite runs
// one query at a time: more parallel turns only interleave and make every reply late; fewer, in arrival
// order, keep the early ones fast under a burst.
export const MAX_CONCURRENT_TURNS = 8;

/** A counting semaphore: at most `limit` holders, the others wait in arrival order. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export class InboundDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly turns = new Semaphore(MAX_CONCURRENT_TURNS);
  // Events of one user are handled in order (a session is read and written per turn).
  private readonly perUser = new Map<string, Promise<void>>();

  constructor(
    private readonly channel: ChannelName,
    private readonly deps: InboundDeps,
  ) {}

  /** Handles the events after the HTTP answer has gone; never throws. */
  dispatch(events: InboundEvent[]): void {
    for (const event of events) {
      const previous = this.perUser.get(event.userId) ?? Promise.resolve();
      const p = previous.then(() => this.turns.run(() => this.process(event)));
      this.perUser.set(event.userId, p);
      this.inFlight.add(p);
      void p.finally(() => {
        this.inFlight.delete(p);
        if (this.perUser.get(event.userId) === p) this.perUser.delete(event.userId);
      });
    }
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

  /** The whole turn for one event. */
  async process(event: InboundEvent): Promise<void> {
    try {
      const result = await this.deps.handle(event);
      if (result.duplicate) return;
      // The user is back in reach: messages held for them (outside the window) go out again.
      if (event.kind !== 'unfollow') await requeueWaiting(this.deps.db, this.channel, event.userId);
      if (result.replies.length && event.kind !== 'unfollow') {
        const sent = await this.deps.outbox.deliverNow(this.channel, event.userId, result.replies);
        if (sent.status !== 'sent') logger.warn({ channel: this.channel, status: sent.status, problem: sent.error?.problem }, 'reply not delivered at once');
      }
    } catch (err) {
      logger.error({ err, channel: this.channel, kind: event.kind }, 'inbound event failed');
    }
  }

  /** Resolves when every event received so far has been handled (tests, benchmarks, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}
