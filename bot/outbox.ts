// The outbound worker: claims queued messages and hands each to its channel's sender.
// Senders are registered by the channel adapters at start; handlers only enqueue rows.
import type { Db } from '../models/db';
import { claimDue, markOutbound, outboundSignal } from '../models/repos/outbound';
import { PlatformApiError } from './errors';
import { logger } from './logger';
import type { ChannelName, Reply } from './types';

export interface ChannelSender {
  /** Sends the replies; resolves with the platform's message id, or throws PlatformApiError. */
  send(userId: string, replies: Reply[]): Promise<string | undefined>;
}

// Retry schedule for transient failures: 5 attempts with doubling delay from 2 s
// (covers a platform outage of about a minute without hammering it).
export const OUTBOUND_MAX_ATTEMPTS = 5;
const OUTBOUND_BASE_DELAY_MS = 2_000;
// The queue is polled this often when nothing signals new work (other instances enqueue too).
const OUTBOUND_POLL_MS = 1_000;
const OUTBOUND_BATCH = 20;

export type DeliveryListener = (e: { channel: ChannelName; userId: string; error: PlatformApiError }) => Promise<void>;

export class Outbox {
  private readonly senders = new Map<ChannelName, ChannelSender>();
  private readonly problemListeners: DeliveryListener[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private wake = () => void this.tick();
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  register(channel: ChannelName, sender: ChannelSender): void {
    this.senders.set(channel, sender);
  }

  /** Called when a delivery meets a typed problem (e.g. blocked → unsubscribe). */
  onProblem(listener: DeliveryListener): void {
    this.problemListeners.push(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    outboundSignal.listeners.add(this.wake);
    this.timer = setInterval(this.wake, OUTBOUND_POLL_MS);
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    outboundSignal.listeners.delete(this.wake);
    if (this.timer) clearInterval(this.timer);
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

  private async deliver(row: { id: number; channel: string; userId: string; replies: unknown; attempts: number }) {
    const channel = row.channel as ChannelName;
    const sender = this.senders.get(channel)!;
    try {
      const platformMessageId = await sender.send(row.userId, row.replies as Reply[]);
      await markOutbound(this.db, row.id, { status: 'sent', platformMessageId });
    } catch (err) {
      const e =
        err instanceof PlatformApiError
          ? err
          : new PlatformApiError(channel, 'send', 'unknown', 'transient', err instanceof Error ? err.message : String(err));
      logger.warn({ channel, method: e.method, code: e.code, problem: e.problem, attempt: row.attempts }, 'delivery problem');
      if (e.problem === 'rate_limited' || e.problem === 'transient') {
        if (row.attempts >= OUTBOUND_MAX_ATTEMPTS) {
          await markOutbound(this.db, row.id, { status: 'failed', error: e.message });
        } else {
          const delay = e.retryAfterMs ?? OUTBOUND_BASE_DELAY_MS * 2 ** (row.attempts - 1);
          await markOutbound(this.db, row.id, { status: 'pending', error: e.message, retryAt: new Date(Date.now() + delay) });
        }
      } else if (e.problem === 'outside_window' || e.problem === 'not_connected') {
        await markOutbound(this.db, row.id, { status: 'waiting', error: e.message });
      } else {
        await markOutbound(this.db, row.id, { status: 'failed', error: e.message });
      }
      for (const l of this.problemListeners) await l({ channel, userId: row.userId, error: e }).catch(() => undefined);
    }
  }
}
