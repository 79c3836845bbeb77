// Per-channel pacing of outgoing platform calls: one token bucket for the whole channel and one per chat.
// Callers reserve before sending and wait the time they are told, so concurrent senders queue fairly
// instead of all hitting the platform at once and collecting 429s.
import type { ChannelName } from './types';

export interface PacingLimits {
  /** Sustained messages per second for the whole channel. */
  perSecond: number;
  /** Messages that may leave at once before the sustained rate applies. */
  burst: number;
  /** Sustained messages per second into one chat. */
  perChatPerSecond: number;
  perChatBurst: number;
}

export const CHANNEL_PACING: Record<Exclude<ChannelName, 'web' | 'console'>, PacingLimits> = {
  // Bot FAQ: ~30 msg/s for bulk notifications, avoid > 1 msg/s in one chat (short bursts tolerated) [T2].
  telegram: { perSecond: 30, burst: 30, perChatPerSecond: 1, perChatBurst: 3 },
  // Send API: 300 calls/s per Page [M11]; we keep a margin. Per-thread throttling is unpublished: 1/s with bursts.
  messenger: { perSecond: 200, burst: 50, perChatPerSecond: 1, perChatBurst: 5 },
  // No published numbers; exceeding them returns -32 [Z4]. Conservative on purpose.
  zalo: { perSecond: 10, burst: 10, perChatPerSecond: 1, perChatBurst: 5 },
};

// Per-chat buckets idle this long are full again and can be forgotten.
const CHAT_BUCKET_IDLE_MS = 60_000;
const CHAT_BUCKETS_PRUNE_AT = 10_000;

class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes `cost` tokens (possibly going into debt) and returns how long the caller must wait. */
  reserve(cost: number, now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.rate);
    this.last = now;
    this.tokens -= cost;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }

  idleSince(now: number): boolean {
    return this.tokens >= 0 && now - this.last > CHAT_BUCKET_IDLE_MS;
  }
}

export class Pacer {
  private readonly global: TokenBucket;
  private readonly chats = new Map<string, TokenBucket>();

  constructor(private readonly limits: PacingLimits) {
    this.global = new TokenBucket(limits.perSecond, limits.burst, Date.now());
  }

  private pausedUntil = 0;

  /** Stops the whole channel for ms (the platform answered 429 with retry_after). */
  pause(ms: number, now = Date.now()): void {
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
  }

  /** Milliseconds to wait before sending `cost` messages to this chat (the slots are reserved). */
  reserve(chatId: string, cost = 1, now = Date.now()): number {
    let chat = this.chats.get(chatId);
    if (!chat) {
      if (this.chats.size >= CHAT_BUCKETS_PRUNE_AT) this.prune(now);
      chat = new TokenBucket(this.limits.perChatPerSecond, this.limits.perChatBurst, now);
      this.chats.set(chatId, chat);
    }
    return Math.max(this.global.reserve(cost, now), chat.reserve(cost, now), this.pausedUntil - now);
  }

  async acquire(chatId: string, cost = 1): Promise<void> {
    const wait = this.reserve(chatId, cost);
    if (wait > 0) await sleep(wait);
  }

  private prune(now: number) {
    for (const [k, b] of this.chats) if (b.idleSince(now)) this.chats.delete(k);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
