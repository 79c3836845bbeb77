// The outbound path every message to a citizen takes: a row first, then a paced platform call.
// - deliverNow(): replies within a conversation (row recorded as 'sending', sent at once, retried inline).
// - the worker: claims queued rows (enqueueOutbound) and sends them; row-level retries with back-off.
// - sendNow(): paced send with inline retries that throws typed PlatformApiError (broadcast deliveries
//   keep their own rows and call this).
// Senders are registered by the channel adapters at start; handlers only enqueue rows.
import type { Db } from '../models/db';
import { claimDue, markOutbound, outboundSignal, recordSending, recoverSending, type OutboundKind } from '../models/repos/outbound';
import { PlatformApiError } from '../core/errors';
import { logger } from '../core/logger';
import { CHANNEL_PACING, Pacer, sleep, type PacingLimits } from '../core/pacing';
import type { ChannelName, Reply } from '../core/types';

export interface SendOptions {
  /** Why the message leaves: Messenger picks messaging_type/tag from it. */
  kind?: OutboundKind;
}

export interface ChannelSender {
  /** Sends the replies; resolves with the platform's message id, or throws PlatformApiError. */
  send(userId: string, replies: Reply[], opts?: SendOptions): Promise<string | undefined>;
}

/**
 * A sender that exposes its platform messages one by one, so the outbox can pace each call and, after a
 * 429 half-way through a split answer, resume at the failed piece instead of repeating the first ones.
 */
export interface MessageSender<M = unknown> extends ChannelSender {
  prepare(userId: string, replies: Reply[], opts?: SendOptions): Promise<M[]> | M[];
  sendOne(userId: string, message: M): Promise<string | undefined>;
}

const isMessageSender = (s: ChannelSender): s is MessageSender => 'prepare' in s && 'sendOne' in s;

// Retry schedule for transient failures: 5 attempts with doubling delay from 2 s
// (covers a platform outage of about a minute without hammering it).
export const OUTBOUND_MAX_ATTEMPTS = 5;
const OUTBOUND_BASE_DELAY_MS = 2_000;
// The queue is polled this often when nothing signals new work (other instances enqueue too).
const OUTBOUND_POLL_MS = 1_000;
const OUTBOUND_BATCH = 20;
// A row 'sending' longer than this is from a dead process (a send with its inline retries and HTTP
// timeouts ends within about a minute): it is taken back and sent again.
export const OUTBOUND_SENDING_LEASE_MS = 120_000;
// How often rows left 'sending' are looked for (other instances may die too).
const OUTBOUND_RECOVER_MS = 30_000;
// Inline retries of one platform call (sendNow/deliverNow): 3 tries, back-off from 500 ms; a retry_after
// longer than 30 s is not waited for inline: the row is rescheduled instead.
export const SEND_NOW_MAX_ATTEMPTS = 3;
const SEND_NOW_BASE_DELAY_MS = 500;
const SEND_NOW_MAX_WAIT_MS = 30_000;

export type DeliveryListener = (e: { channel: ChannelName; userId: string; error: PlatformApiError }) => Promise<void>;

export interface DeliveryResult {
  id: number;
  status: 'sent' | 'pending' | 'waiting' | 'failed';
  platformMessageId?: string;
  error?: PlatformApiError;
}

export class Outbox {
  private readonly senders = new Map<ChannelName, ChannelSender>();
  private readonly pacers = new Map<ChannelName, Pacer>();
  private readonly problemListeners: DeliveryListener[] = [];
  private timer: NodeJS.Timeout | undefined;
  private recoverTimer: NodeJS.Timeout | undefined;
  // Rows this process is sending right now: never taken back by its own recovery.
  private readonly sending = new Set<number>();
  private running = false;
  private wake = () => void this.tick();
  private inFlight: Promise<void> = Promise.resolve();

  /** `pacing` overrides the per-channel limits (benchmarks, tests). */
  constructor(
    private readonly db: Db,
    private readonly pacing: Partial<Record<ChannelName, PacingLimits>> = CHANNEL_PACING,
  ) {}

  register(channel: ChannelName, sender: ChannelSender): void {
    this.senders.set(channel, sender);
    const limits = this.pacing[channel];
    if (limits) this.pacers.set(channel, new Pacer(limits));
  }

  /** Replaces a channel's pacing (benchmarks measure the pipeline without the platform's caps). */
  setPacing(channel: ChannelName, limits: PacingLimits): void {
    this.pacers.set(channel, new Pacer(limits));
  }

  has(channel: ChannelName): boolean {
    return this.senders.has(channel);
  }

  /** Called when a delivery meets a typed problem (e.g. blocked → unsubscribe). */
  onProblem(listener: DeliveryListener): void {
    this.problemListeners.push(listener);
  }

  /**
   * Sends now within the channel's pacing, retrying 429/5xx inline (honouring retry_after).
   * Resolves with the platform message ids (comma-separated); throws PlatformApiError otherwise.
   * Does not record a row nor notify problem listeners: the caller owns both.
   */
  async sendNow(channel: ChannelName, userId: string, replies: Reply[], opts: SendOptions & { attempts?: number } = {}): Promise<string | undefined> {
    const sender = this.senders.get(channel);
    if (!sender) throw new PlatformApiError(channel, 'send', 'off', 'not_connected', `channel ${channel} is not configured`);
    const attempts = opts.attempts ?? SEND_NOW_MAX_ATTEMPTS;
    const pacer = this.pacers.get(channel);
    if (!isMessageSender(sender)) {
      return this.withRetries(channel, attempts, async () => {
        await pacer?.acquire(userId, 1);
        return sender.send(userId, replies, opts);
      });
    }
    const messages = await sender.prepare(userId, replies, opts);
    const ids: string[] = [];
    for (const m of messages) {
      const id = await this.withRetries(channel, attempts, async () => {
        await pacer?.acquire(userId, 1);
        return sender.sendOne(userId, m);
      });
      if (id) ids.push(id);
    }
    return ids.length ? ids.join(',') : undefined;
  }

  private async withRetries<T>(channel: ChannelName, attempts: number, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const e = asPlatformError(channel, err);
        const retryable = e.problem === 'rate_limited' || e.problem === 'transient';
        const delay = e.retryAfterMs ?? SEND_NOW_BASE_DELAY_MS * 2 ** (attempt - 1);
        if (!retryable || attempt >= attempts || delay > SEND_NOW_MAX_WAIT_MS) throw e;
        logger.debug({ channel, code: e.code, attempt, delay }, 'platform call retried');
        await sleep(delay);
      }
    }
  }

  /**
   * A reply within a conversation: recorded as a row, sent at once through the same paced path.
   * Failures are recorded on the row (rescheduled, held or failed) and reported to problem listeners.
   */
  async deliverNow(
    channel: ChannelName,
    userId: string,
    replies: Reply[],
    kind: OutboundKind = 'reply',
    /** A row already recorded and claimed 'sending' (the engine writes a turn's reply row with the turn). */
    recorded?: { id: number; attempts: number },
  ): Promise<DeliveryResult> {
    const row = recorded ?? (await recordSending(this.db, { channel, userId, kind, replies }));
    this.sending.add(row.id);
    try {
      const platformMessageId = await this.sendNow(channel, userId, replies, { kind });
      await markOutbound(this.db, row.id, { status: 'sent', platformMessageId });
      return { id: row.id, status: 'sent', platformMessageId };
    } catch (err) {
      const e = asPlatformError(channel, err);
      const status = await this.recordFailure({ id: row.id, channel, userId, attempts: row.attempts }, e);
      return { id: row.id, status, error: e };
    } finally {
      this.sending.delete(row.id);
    }
  }

  /**
   * Starts the worker. Rows left 'sending' by a dead run are taken back: at once and all of them when this
   * process holds the database alone (PGlite), otherwise after the lease; then periodically.
   */
  start(opts: { exclusive?: boolean; leaseMs?: number } = {}): void {
    if (this.running) return;
    this.running = true;
    const leaseMs = opts.leaseMs ?? OUTBOUND_SENDING_LEASE_MS;
    const recover = (all: boolean) =>
      recoverSending(this.db, leaseMs, all, [...this.sending])
        .then((n) => {
          if (n) logger.warn({ rows: n }, 'messages left sending by a stopped process are sent again');
        })
        .catch((err) => logger.error({ err }, 'recovering sending rows failed'));
    outboundSignal.listeners.add(this.wake);
    this.timer = setInterval(this.wake, OUTBOUND_POLL_MS);
    this.recoverTimer = setInterval(() => void recover(false), Math.min(OUTBOUND_RECOVER_MS, leaseMs));
    void recover(opts.exclusive ?? false).then(() => this.wake());
  }

  async stop(): Promise<void> {
    this.running = false;
    outboundSignal.listeners.delete(this.wake);
    if (this.timer) clearInterval(this.timer);
    if (this.recoverTimer) clearInterval(this.recoverTimer);
    await this.inFlight;
  }

  private busy = false;
  private again = false;

  /** Drains what is due; one pass at a time per process. */
  tick(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return this.inFlight;
    }
    this.busy = true;
    this.inFlight = (async () => {
      try {
        do {
          this.again = false;
          const rows = await claimDue(this.db, OUTBOUND_BATCH, [...this.senders.keys()]);
          await Promise.all(rows.map((r) => this.deliver(r)));
          if (rows.length === OUTBOUND_BATCH) this.again = true;
        } while (this.again && this.running);
      } catch (err) {
        logger.error({ err }, 'outbound worker pass failed');
      } finally {
        this.busy = false;
      }
    })();
    return this.inFlight;
  }

  private async deliver(row: { id: number; channel: string; userId: string; kind: string; replies: unknown; attempts: number }) {
    const channel = row.channel as ChannelName;
    this.sending.add(row.id);
    try {
      // One try per pass: the row's own schedule does the retrying.
      const platformMessageId = await this.sendNow(channel, row.userId, row.replies as Reply[], {
        kind: row.kind as OutboundKind,
        attempts: 1,
      });
      await markOutbound(this.db, row.id, { status: 'sent', platformMessageId });
    } catch (err) {
      await this.recordFailure({ id: row.id, channel, userId: row.userId, attempts: row.attempts }, asPlatformError(channel, err));
    } finally {
      this.sending.delete(row.id);
    }
  }

  /** The one place a failed delivery is classified: retry later, hold, or give up; listeners hear of it. */
  private async recordFailure(
    row: { id: number; channel: ChannelName; userId: string; attempts: number },
    e: PlatformApiError,
  ): Promise<DeliveryResult['status']> {
    const { channel } = row;
    logger.warn({ channel, method: e.method, code: e.code, problem: e.problem, attempt: row.attempts }, 'delivery problem');
    let status: DeliveryResult['status'];
    if (e.problem === 'rate_limited' || e.problem === 'transient') {
      if (row.attempts >= OUTBOUND_MAX_ATTEMPTS) {
        status = 'failed';
        await markOutbound(this.db, row.id, { status, error: e.message });
      } else {
        status = 'pending';
        const delay = e.retryAfterMs ?? OUTBOUND_BASE_DELAY_MS * 2 ** (row.attempts - 1);
        await markOutbound(this.db, row.id, { status, error: e.message, retryAt: new Date(Date.now() + delay) });
      }
    } else if (e.problem === 'quota') {
      // The period's quota is spent: held until the next period, whatever the attempts so far.
      status = 'pending';
      await markOutbound(this.db, row.id, { status, error: e.message, retryAt: new Date(Date.now() + (e.retryAfterMs ?? OUTBOUND_BASE_DELAY_MS)) });
    } else if (e.problem === 'outside_window' || e.problem === 'not_connected') {
      status = 'waiting';
      await markOutbound(this.db, row.id, { status, error: e.message });
    } else {
      status = 'failed';
      await markOutbound(this.db, row.id, { status, error: e.message });
    }
    for (const l of this.problemListeners) {
      await l({ channel, userId: row.userId, error: e }).catch((err) => logger.error({ err, channel }, 'problem listener failed'));
    }
    return status;
  }
}

/** Anything thrown by a sender becomes a typed error (network failures are transient). */
export function asPlatformError(channel: ChannelName, err: unknown): PlatformApiError {
  if (err instanceof PlatformApiError) return err;
  return new PlatformApiError(channel, 'send', 'unknown', 'transient', err instanceof Error ? err.message : String(err));
}
