// What the three platform webhooks share: constant-time secret comparison, and the "acknowledge now,
// work after" dispatch: the engine (which drops re-delivered ids), then the replies through the outbox.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../models/db';
import { requeueWaiting } from '../../models/repos/outbound';
import type { EngineResult } from '../engine';
import { logger } from '../logger';
import type { Outbox } from '../outbox';
import type { ChannelName, InboundEvent } from '../types';

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

export class InboundDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
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
      const p = previous.then(() => this.process(event));
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
