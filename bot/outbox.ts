// The one outbound pipeline every message to a citizen takes: a row first, then the channel's policy
// (bot/outbound/policies.ts: window and tag, message type, paid quota, quiet hours), then a paced platform
// call, then one table of what a failure does (core/outbound-policy.ts failureAction).
// - deliverNow(): replies within a conversation (row recorded as 'sending', sent at once, retried inline).
// - the worker: claims queued rows (enqueueOutbound: staff answers, notifications, invitations) and sends
//   them, one lane per channel so a channel waiting for its platform's pace never holds back another;
//   row-level retries with back-off, holds until a known time (quota, night), waits for the person.
// - sendNow(): the policy and the paced send with inline retries, throwing typed PlatformApiError; the
//   bulletin worker (bot/outbound/bulletins.ts) keeps its own rows (one per subscriber) and calls this.
// Senders are registered by the channel adapters at start; handlers and jobs only enqueue rows.
import type { Db } from '../models/db';
import {
  claimDue, dropStaleWaiting, markOutbound, outboundSignal, recordSending, recoverSending, requeueWaiting, type OutboundKind,
} from '../models/repos/outbound';
import { findSession } from '../models/repos/sessions';
import { returnQuota, takeQuota } from '../models/repos/quota';
import { PlatformApiError } from '../core/errors';
import { logger } from '../core/logger';
import { Pacer, sleep, type PacingLimits } from '../core/pacing';
import {
  endOfQuietHours, failureAction, inQuietHours, msToNextQuotaPeriod, quotaPeriodOf, type SendAs,
} from '../core/outbound-policy';
import type { ChannelName, Reply } from '../core/types';
import { CHANNEL_POLICIES } from './outbound/policies';

export interface SendOptions {
  /** Why the message leaves: the channel's policy decides from it how, or whether, it goes. */
  kind?: OutboundKind;
  /** How it goes out (message type, tag), as the channel's policy decided; a reply's when absent. */
  sendAs?: SendAs;
}

export interface ChannelSender {
  /** Sends the replies; resolves with the platform's message id, or throws PlatformApiError. */
  send(userId: string, replies: Reply[], opts?: SendOptions): Promise<string | undefined>;
}

/**
 * A sender that exposes its platform messages one by one, so the outbox can pace (and bill) each call and,
 * after a 429 half-way through a split answer, resume at the failed piece instead of repeating the first ones.
 */
export interface MessageSender<M = unknown> extends ChannelSender {
  prepare(userId: string, replies: Reply[], opts?: SendOptions): Promise<M[]> | M[];
  sendOne(userId: string, message: M): Promise<string | undefined>;
}

const isMessageSender = (s: ChannelSender): s is MessageSender => 'prepare' in s && 'sendOne' in s;

export { OUTBOUND_MAX_ATTEMPTS } from '../core/outbound-policy';
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

export interface SendNowOptions extends SendOptions {
  /** Inline tries of each platform call (429/5xx); 1 when the caller's rows do the retrying. */
  attempts?: number;
  /** When the person last wrote, if the caller knows it (else read from their session). */
  lastInboundAt?: Date | null;
}

export interface OutboxOptions {
  /** Overrides the policies' pacing per channel (benchmarks, tests). */
  pacing?: Partial<Record<ChannelName, PacingLimits>>;
  /** Units per period of each paid quota (policy.paidQuota.key → limit); a quota not listed is unlimited. */
  quotas?: Record<string, number>;
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
  private readonly pacing: Partial<Record<ChannelName, PacingLimits>>;
  private readonly quotas: Record<string, number>;

  constructor(
    private readonly db: Db,
    opts: OutboxOptions | Partial<Record<ChannelName, PacingLimits>> = {},
  ) {
    const o: OutboxOptions = 'pacing' in opts || 'quotas' in opts ? (opts as OutboxOptions) : { pacing: opts as Partial<Record<ChannelName, PacingLimits>> };
    this.pacing = o.pacing ?? {};
    this.quotas = o.quotas ?? {};
  }

  register(channel: ChannelName, sender: ChannelSender): void {
    this.senders.set(channel, sender);
    const limits = this.pacing[channel] ?? CHANNEL_POLICIES[channel].pacing;
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
   * The channel's policy, then the paced send, retrying 429/5xx inline (honouring retry_after).
   * Resolves with the platform message ids (comma-separated); throws PlatformApiError otherwise: a message
   * the policy holds (outside the window), drops (forbidden), delays (quiet hours) or cannot pay for (quota
   * spent) throws before any request. Does not record a row nor notify problem listeners: the caller does.
   */
  async sendNow(channel: ChannelName, userId: string, replies: Reply[], opts: SendNowOptions = {}): Promise<string | undefined> {
    const sender = this.senders.get(channel);
    if (!sender) throw new PlatformApiError(channel, 'send', 'off', 'not_connected', `channel ${channel} is not configured`);
    const kind = opts.kind ?? 'reply';
    const sendAs = opts.sendAs ?? (await this.decide(channel, userId, kind, opts.lastInboundAt));
    const attempts = opts.attempts ?? SEND_NOW_MAX_ATTEMPTS;
    const pacer = this.pacers.get(channel);
    const sendOpts: SendOptions = { kind, sendAs };
    if (!isMessageSender(sender)) {
      return this.billed(channel, sendAs, () =>
        this.withRetries(channel, attempts, pacer, async () => {
          await pacer?.acquire(userId, 1);
          return sender.send(userId, replies, sendOpts);
        }),
      );
    }
    const messages = await sender.prepare(userId, replies, sendOpts);
    const ids: string[] = [];
    for (const m of messages) {
      const id = await this.billed(channel, sendAs, () =>
        this.withRetries(channel, attempts, pacer, async () => {
          await pacer?.acquire(userId, 1);
          return sender.sendOne(userId, m);
        }),
      );
      if (id) ids.push(id);
    }
    return ids.length ? ids.join(',') : undefined;
  }

  /** How a message of this kind goes to this person now, by the channel's policy; throws when not now. */
  async decide(channel: ChannelName, userId: string, kind: OutboundKind, lastInboundAt?: Date | null, now = Date.now()): Promise<SendAs> {
    const policy = CHANNEL_POLICIES[channel];
    if (lastInboundAt === undefined && kind !== 'reply') {
      const session = await findSession(this.db, channel, userId);
      lastInboundAt = session?.lastInboundAt ?? session?.createdAt ?? null;
    }
    const decision = policy.decide(kind, lastInboundAt, now);
    if ('hold' in decision) throw new PlatformApiError(channel, 'send', 'window', 'outside_window', decision.hold);
    if ('drop' in decision) throw new PlatformApiError(channel, 'send', 'policy', 'invalid', decision.drop);
    const quiet = policy.quietHours?.(kind);
    if (quiet && inQuietHours(quiet, now)) {
      throw new PlatformApiError(channel, 'send', 'quiet_hours', 'transient', 'not sent at night', endOfQuietHours(quiet, now) - now);
    }
    return decision.send;
  }

  /** Runs a billable send on one unit of the channel's paid quota (given back when nothing left). */
  private async billed<T>(channel: ChannelName, sendAs: SendAs, send: () => Promise<T>): Promise<T> {
    const quota = CHANNEL_POLICIES[channel].paidQuota;
    const limit = quota ? this.quotas[quota.key] : undefined;
    if (!sendAs.billable || !quota || limit === undefined) return send();
    const now = Date.now();
    const period = quotaPeriodOf(quota.period, now);
    if (!(await takeQuota(this.db, quota.key, period, limit))) {
      throw new PlatformApiError(channel, 'send', 'own_quota', 'quota', `paid quota of ${limit} for ${period} spent`, msToNextQuotaPeriod(quota.period, now));
    }
    try {
      return await send();
    } catch (err) {
      await returnQuota(this.db, quota.key, period).catch((e: unknown) => logger.error({ err: e, channel }, 'quota unit not given back'));
      throw err;
    }
  }

  private async withRetries<T>(channel: ChannelName, attempts: number, pacer: Pacer | undefined, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const e = asPlatformError(channel, err);
        // The platform says slow down: every sender on this channel waits, not only this one.
        if (e.problem === 'rate_limited' && e.retryAfterMs !== undefined) pacer?.pause(e.retryAfterMs);
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
   * The person wrote again: held messages that still matter go back to the queue (after the answer to
   * what they just wrote, which the caller has sent); the others (earlier replies: menus, greetings,
   * answers; anything older than its kind's relevance) are dropped (core/outbound-policy.ts).
   */
  async personBack(channel: ChannelName, userId: string): Promise<{ requeued: number; dropped: number }> {
    const dropped = await dropStaleWaiting(this.db, channel, userId);
    const requeued = await requeueWaiting(this.db, channel, userId);
    return { requeued, dropped };
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
    await this.claimPass;
    await Promise.all([...this.lanes.values()]);
  }

  // One lane per channel: a batch waits for its slowest row (the platform's pace, a chat's pace), so one
  // pass over every channel made Telegram's rows wait behind a Zalo backlog. Rows are claimed for the
  // channels with no lane running (one query when idle); a lane whose batch was full claims its own next.
  private readonly lanes = new Map<ChannelName, Promise<void>>();
  private claiming = false;
  private claimAgain = false;
  private claimPass: Promise<void> = Promise.resolve();

  /** Claims what is due on the channels not draining already and sends it; resolves when that is done. */
  tick(): Promise<void> {
    if (this.claiming) {
      this.claimAgain = true;
      return this.claimPass;
    }
    this.claiming = true;
    const started: Promise<void>[] = [];
    this.claimPass = (async () => {
      try {
        do {
          this.claimAgain = false;
          const idle = [...this.senders.keys()].filter((c) => !this.lanes.has(c));
          if (!idle.length) break;
          const rows = await claimDue(this.db, OUTBOUND_BATCH, idle);
          const full = rows.length === OUTBOUND_BATCH;
          for (const channel of new Set(rows.map((r) => r.channel as ChannelName))) {
            started.push(this.lane(channel, rows.filter((r) => r.channel === channel), full));
          }
          if (full) this.claimAgain = true;
        } while (this.claimAgain && this.running);
      } catch (err) {
        logger.error({ err }, 'outbound worker pass failed');
      } finally {
        this.claiming = false;
      }
      // Also the lanes already running: a caller of tick() finds what was due sent, as before lanes.
      await Promise.all([...started, ...this.lanes.values()]);
    })();
    return this.claimPass;
  }

  /** Sends a channel's claimed rows; while its batches come full (a backlog), claims the channel's next. */
  private lane(channel: ChannelName, first: Awaited<ReturnType<typeof claimDue>>, more: boolean): Promise<void> {
    const pass = (async () => {
      try {
        let rows = first;
        let full = more;
        for (;;) {
          await this.deliverInOrder(rows);
          if (!full || !this.running) break;
          rows = await claimDue(this.db, OUTBOUND_BATCH, [channel]);
          full = rows.length === OUTBOUND_BATCH;
          if (!rows.length) break;
        }
      } catch (err) {
        logger.error({ err, channel }, 'outbound worker pass failed');
      } finally {
        this.lanes.delete(channel);
      }
    })();
    this.lanes.set(channel, pass);
    return pass;
  }

  /**
   * Sends claimed rows: one person's one after another in the order they were queued (sent at once, two
   * requests to the same chat could arrive swapped), different people's concurrently.
   */
  private async deliverInOrder(rows: Awaited<ReturnType<typeof claimDue>>): Promise<void> {
    const byPerson = new Map<string, typeof rows>();
    for (const r of [...rows].sort((x, y) => x.id - y.id)) {
      const list = byPerson.get(r.userId);
      if (list) list.push(r);
      else byPerson.set(r.userId, [r]);
    }
    await Promise.all(
      [...byPerson.values()].map(async (list) => {
        for (const r of list) await this.deliver(r);
      }),
    );
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

  /** Records what a failed delivery's problem means (failureAction: the one table); listeners hear of it. */
  private async recordFailure(
    row: { id: number; channel: ChannelName; userId: string; attempts: number },
    e: PlatformApiError,
  ): Promise<DeliveryResult['status']> {
    const { channel } = row;
    logger.warn({ channel, method: e.method, code: e.code, problem: e.problem, attempt: row.attempts }, 'delivery problem');
    const next = failureAction(e.problem, row.attempts, e.retryAfterMs);
    let status: DeliveryResult['status'];
    if (next.action === 'retry' || next.action === 'hold') {
      status = 'pending';
      const ms = next.action === 'retry' ? next.afterMs : next.untilMs;
      await markOutbound(this.db, row.id, { status, error: e.message, retryAt: new Date(Date.now() + ms) });
    } else if (next.action === 'wait') {
      status = 'waiting';
      await markOutbound(this.db, row.id, { status, error: e.message });
    } else {
      // 'unsubscribe' (blocked) or 'fail': the message itself is not sent; listeners unsubscribe.
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
