// The bulletin worker: sends publication deliveries (one row per subscriber, publication_deliveries) through
// the one outbound pipeline: each channel's policy (bot/outbound/policies.ts: window, message type, quiet
// hours, bulk concurrency), the outbox's paced send with the paid quota (the DeliverySender), and the one
// table of what a failure does (core/outbound-policy.ts failureAction). It keeps its own rows because a
// bulletin is one text to many people, recorded and counted per publication; the rules are the outbox's.
//
// Crash safety. A row is claimed (pending → sending, new attempt key, in one committed statement)
// before its request leaves, and its outcome is recorded after the answer, fenced by that key. If
// the process dies in between, the row stays 'sending'; after the lease (or at once at start when
// this process holds the database alone, as with PGlite) it goes back to 'pending' and is sent again.
// That is AT-LEAST-ONCE for the few rows in flight at the moment of the crash (at most one claim
// batch per channel). The request carries a stable key per (publication, subscriber), but none of
// the send calls we use (Zalo OA messages, Telegram, Messenger) honours an idempotency key, so those
// few subscribers may get the bulletin twice (docs/channels.md). We chose a rare duplicate bulletin
// over silently skipping someone; rows not yet claimed are never sent twice and never skipped.
import type { Db } from '../../models/db';
import { getPublication, finishIfDone, publicationOutcome, type Outcome } from '../../models/repos/publications';
import {
  claimDeliveries, markOutcomes, recoverStale, reviveWaiting, type ClaimOutcome, type ClaimedDelivery,
} from '../../models/repos/deliveries';
import { unsubscribe } from '../../models/repos/subscriptions';
import { PlatformApiError } from '../../core/errors';
import { logger } from '../../core/logger';
import { sleep } from '../../core/pacing';
import { endOfQuietHours, failureAction, inQuietHours, type ChannelPolicy, type SendAs } from '../../core/outbound-policy';
import { CHANNEL_NAMES, type ChannelName, type Reply } from '../../core/types';
import { CHANNEL_POLICIES } from './policies';

/**
 * What the worker needs from the channels: send one message now, paced (the outbox's pacer) and on the
 * paid quota when billable, or throw PlatformApiError.
 */
export interface DeliverySender {
  /** Channels that can be sent to from this process. */
  readonly channels: readonly ChannelName[];
  send(channel: ChannelName, userId: string, replies: Reply[], opts: { idempotencyKey: string; sendAs: SendAs }): Promise<string | undefined>;
}

export { OUTBOUND_MAX_ATTEMPTS as DELIVERY_MAX_ATTEMPTS } from '../../core/outbound-policy';
// Rows claimed at once per channel loop. Out-of-window rows are settled in one statement per batch;
// sendable ones go out at the channel's pace (50 at Zalo's 10/s is 5 s, far below the lease).
const CLAIM_BATCH_MAX = 50;
// How long a claim may stay 'sending' before another worker takes it back. Longer than a send
// can take (HTTP timeouts of the channel clients are well under a minute).
export const DEFAULT_LEASE_MS = 120_000;
// How often to look for subscribers who came back (waiting → pending), and for new work.
const REVIVE_POLL_MS = 5_000;
const IDLE_POLL_MS = 1_000;
// Outcomes recorded together: up to this many, or whatever arrived within this wait.
const MARK_GROUP_MAX = 64;
const MARK_GROUP_WAIT_MS = 3;
// runUntilDone reads the outcome this often (a GROUP BY over the publication's rows).
const PROGRESS_POLL_MS = 500;

export interface WorkerOptions {
  /** This process holds the database alone (PGlite): every 'sending' row at start is from a dead run. */
  exclusive?: boolean;
  leaseMs?: number;
  /** Billable Zalo sends allowed per publication (beyond the free 48 h window), within the monthly quota. */
  zaloPaidQuota?: number;
  /** Overrides a channel's policy (the bench runs without quiet hours). */
  policies?: Partial<Record<ChannelName, ChannelPolicy>>;
  /** Called after each recorded batch (progress bars). */
  onBatch?: (b: { channel: ChannelName; outcomes: ClaimOutcome[] }) => void;
  now?: () => number;
}

export class DeliveryWorker {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly texts = new Map<number, { vi: string; en: string }>();
  private readonly paidUsed = new Map<number, number>();
  /** Rows this process has claimed and not yet recorded: never taken back by its own recovery. */
  private readonly inFlight = new Set<number>();
  readonly stats = { requests: 0, claimed: 0, dbMs: 0, dbCalls: 0, byCall: {} as Record<string, { n: number; ms: number }> };

  constructor(
    private readonly db: Db,
    private readonly sender: DeliverySender,
    private readonly opts: WorkerOptions = {},
  ) {}

  private policy(ch: ChannelName): ChannelPolicy {
    return this.opts.policies?.[ch] ?? CHANNEL_POLICIES[ch];
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const lease = this.opts.exclusive ? 0 : (this.opts.leaseMs ?? DEFAULT_LEASE_MS);
    const recovered = await this.timed(() => recoverStale(this.db, lease), 'recoverStale');
    if (recovered) logger.warn({ recovered }, 'publication deliveries left sending by a stopped worker were put back in the queue');
    // Every channel gets a loop: rows of a channel this process cannot send to are held as waiting.
    for (const ch of CHANNEL_NAMES) {
      for (let i = 0; i < (this.policy(ch).bulk.claimers ?? 1); i++) this.loops.push(this.channelLoop(ch));
    }
    this.loops.push(this.maintenanceLoop());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** New work was queued in this process: do not wait for the next poll. */
  wake(): void {
    for (const s of [...this.sleepers]) s();
  }

  /** Runs until nothing of the publication is left to send now; returns its outcome. */
  async runUntilDone(publicationId: number, onTick?: (o: Outcome) => void): Promise<Outcome> {
    await this.start();
    try {
      for (;;) {
        const outcome = await publicationOutcome(this.db, publicationId);
        onTick?.(outcome);
        if (outcome.pending + outcome.sending === 0) {
          await finishIfDone(this.db, publicationId);
          return outcome;
        }
        if (!this.running) return outcome; // stopped from outside (Ctrl-C)
        await sleep(PROGRESS_POLL_MS);
      }
    } finally {
      await this.stop();
    }
  }

  /** Runs a repository call, adding its time to the stats (the bench reports database cost per delivery). */
  private async timed<T>(f: () => Promise<T>, label: string): Promise<T> {
    const t = performance.now();
    try {
      return await f();
    } finally {
      const ms = performance.now() - t;
      this.stats.dbMs += ms;
      this.stats.dbCalls++;
      const c = (this.stats.byCall[label] ??= { n: 0, ms: 0 });
      c.n++;
      c.ms += ms;
    }
  }

  private readonly sleepers = new Set<() => void>();

  /** Sleeps up to ms; wake() or stop() ends every sleep at once. */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private async maintenanceLoop(): Promise<void> {
    const lease = this.opts.leaseMs ?? DEFAULT_LEASE_MS;
    let lastRecover = Date.now();
    while (this.running) {
      try {
        const revived = await this.timed(() => reviveWaiting(this.db), 'reviveWaiting');
        if (revived) {
          logger.info({ revived }, 'subscribers came back: waiting publication deliveries queued');
          this.wake();
        }
        if (Date.now() - lastRecover > lease / 2) {
          lastRecover = Date.now();
          await this.timed(() => recoverStale(this.db, lease, [...this.inFlight]), 'recoverStale');
        }
      } catch (err) {
        logger.error({ err }, 'publication maintenance failed');
      }
      await this.idle(REVIVE_POLL_MS);
    }
  }

  private async channelLoop(ch: ChannelName): Promise<void> {
    const policy = this.policy(ch);
    const batch = CLAIM_BATCH_MAX;
    while (this.running) {
      try {
        const rows = await this.timed(() => claimDeliveries(this.db, ch, batch), 'claimDeliveries');
        if (!rows.length) {
          await this.finishTouched([]);
          await this.idle(IDLE_POLL_MS);
          continue;
        }
        this.stats.claimed += rows.length;
        for (const r of rows) this.inFlight.add(r.id);
        try {
          await this.processBatch(ch, policy, rows, batch);
        } finally {
          for (const r of rows) this.inFlight.delete(r.id);
        }
      } catch (err) {
        logger.error({ err, channel: ch }, 'publication delivery pass failed');
        await this.idle(IDLE_POLL_MS);
      }
    }
  }

  private readonly touched = new Set<number>();

  // Group commit of outcomes: a lane waits until its row is recorded before it sends the next one
  // (so at most one unrecorded request per lane at any time), but lanes finishing together share
  // one UPDATE instead of one each.
  private markQueue: { outcome: ClaimOutcome; done: () => void; fail: (e: unknown) => void }[] = [];
  private markTimer: NodeJS.Timeout | undefined;

  private record(outcome: ClaimOutcome): Promise<void> {
    return new Promise((done, fail) => {
      this.markQueue.push({ outcome, done, fail });
      if (this.markQueue.length >= MARK_GROUP_MAX) void this.flushMarks();
      else this.markTimer ??= setTimeout(() => void this.flushMarks(), MARK_GROUP_WAIT_MS);
    });
  }

  private async flushMarks(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    const group = this.markQueue;
    this.markQueue = [];
    if (!group.length) return;
    try {
      await this.timed(() => markOutcomes(this.db, group.map((g) => g.outcome)), 'markOutcomes');
      for (const g of group) g.done();
    } catch (e) {
      for (const g of group) g.fail(e);
    }
  }

  private async finishTouched(more: number[]): Promise<void> {
    const ids = new Set([...this.touched, ...more]);
    this.touched.clear();
    for (const pid of ids) await this.timed(() => finishIfDone(this.db, pid), 'finishIfDone');
  }

  private async textsOf(publicationId: number): Promise<{ vi: string; en: string }> {
    let t = this.texts.get(publicationId);
    if (!t) {
      const p = await getPublication(this.db, publicationId);
      if (!p) throw new Error(`publication ${publicationId} vanished`);
      this.texts.set(publicationId, (t = p.texts));
    }
    return t;
  }

  private async processBatch(ch: ChannelName, policy: ChannelPolicy, rows: ClaimedDelivery[], batchSize: number): Promise<void> {
    // Rows decided without a request (out of window, night, channel not here) are recorded at once in
    // one statement; a row whose request left is recorded right after its answer (small send→record gap).
    const held: ClaimOutcome[] = [];
    const recorded: ClaimOutcome[] = [];
    const now = this.now();
    const toSend: { r: ClaimedDelivery; sendAs: SendAs }[] = [];
    const quiet = policy.quietHours?.('broadcast');
    if (quiet && inQuietHours(quiet, now)) {
      const retryAt = new Date(endOfQuietHours(quiet, now));
      for (const r of rows) held.push({ id: r.id, attemptKey: r.attemptKey, to: 'pending', retryAt, error: 'quiet hours' });
    } else {
      for (const r of rows) {
        const d = this.decide(ch, policy, r, now);
        if ('held' in d) held.push(d.held);
        else toSend.push({ r, sendAs: d.sendAs });
      }
    }
    await this.timed(() => markOutcomes(this.db, held), 'markOutcomes');
    let next = 0;
    const lane = async () => {
      while (next < toSend.length) {
        const { r, sendAs } = toSend[next++]!;
        const outcome = await this.send(ch, r, sendAs);
        await this.record(outcome);
        recorded.push(outcome);
        if (outcome.to === 'unsubscribed') await this.timed(() => unsubscribe(this.db, r.channel, r.userId, 'blocked'), 'unsubscribe');
      }
    };
    await Promise.all(Array.from({ length: Math.min(policy.bulk.concurrency, toSend.length) }, lane));
    // A short batch means this channel's queue ran dry: the publication may be complete.
    if (rows.length < batchSize) await this.finishTouched(rows.map((r) => r.publicationId));
    else for (const r of rows) this.touched.add(r.publicationId);
    this.opts.onBatch?.({ channel: ch, outcomes: [...recorded, ...held] });
  }

  /** How the row goes out by the channel's policy, or that it is held without a request. */
  private decide(ch: ChannelName, policy: ChannelPolicy, r: ClaimedDelivery, now: number): { held: ClaimOutcome } | { sendAs: SendAs } {
    const base = { id: r.id, attemptKey: r.attemptKey };
    if (!this.sender.channels.includes(ch)) return { held: { ...base, to: 'waiting', error: 'not_connected' } };
    const decision = policy.decide('broadcast', r.lastInboundAt, now);
    if ('hold' in decision || 'drop' in decision) return { held: { ...base, to: 'waiting', error: 'outside_window' } };
    if (decision.send.billable) {
      // A bulletin is billed only within this publication's budget (the monthly quota is the outbox's).
      const used = this.paidUsed.get(r.publicationId) ?? 0;
      if (used >= (this.opts.zaloPaidQuota ?? 0)) return { held: { ...base, to: 'waiting', error: 'outside_window' } };
      this.paidUsed.set(r.publicationId, used + 1);
    }
    return { sendAs: decision.send };
  }

  /** Sends one row and says what became of it (failureAction: the outbox's table). */
  private async send(ch: ChannelName, r: ClaimedDelivery, sendAs: SendAs): Promise<ClaimOutcome> {
    const base = { id: r.id, attemptKey: r.attemptKey };
    const texts = await this.textsOf(r.publicationId);
    try {
      this.stats.requests++;
      const mid = await this.sender.send(ch, r.userId, [{ text: texts[r.lang] || texts.vi }], {
        idempotencyKey: `pub${r.publicationId}-sub${r.subscriberId}`,
        sendAs,
      });
      return { ...base, to: 'sent', platformMessageId: mid, paid: sendAs.billable };
    } catch (err) {
      if (sendAs.billable) this.paidUsed.set(r.publicationId, (this.paidUsed.get(r.publicationId) ?? 1) - 1);
      const e =
        err instanceof PlatformApiError
          ? err
          : new PlatformApiError(ch, 'send', 'unknown', 'transient', err instanceof Error ? err.message : String(err));
      logger.warn({ channel: ch, code: e.code, problem: e.problem, attempt: r.attempts }, 'publication delivery problem');
      const next = failureAction(e.problem, r.attempts, e.retryAfterMs);
      switch (next.action) {
        case 'unsubscribe':
          return { ...base, to: 'unsubscribed', error: e.message };
        case 'wait':
          return { ...base, to: 'waiting', error: e.problem };
        case 'retry':
          return { ...base, to: 'pending', error: e.message, retryAt: new Date(Date.now() + next.afterMs) };
        case 'hold':
          return { ...base, to: 'pending', error: e.message, retryAt: new Date(Date.now() + next.untilMs) };
        default:
          return { ...base, to: 'failed', error: e.message };
      }
    }
  }
}
