// Each platform's rules for a bulletin (docs/channels.md): pacing, messaging window, quiet hours.
import type { ChannelName } from '../../core/types';
import { CHANNEL_PACING } from '../../core/pacing';

const HOUR = 3_600_000;

export interface ChannelRule {
  /** Requests per second the worker allows itself. */
  ratePerSecond: number;
  /** Requests in flight at once per claimed batch (covers the platform's latency at that rate). */
  concurrency: number;
  /** Batches worked on at once (the next claim overlaps the current sends); default 1. */
  claimers?: number;
  /** Free messaging window after the user's last message; null = no window. */
  freeWindowMs: number | null;
  /** Beyond the free window, up to this age a send is possible but billed (Zalo 48 h–7 d). */
  paidWindowMs?: number;
  /** Local hours [from, to) during which the platform refuses sends (Zalo -234, 22:00–06:00). */
  quietHours?: [number, number];
}

export const CHANNEL_RULES: Readonly<Record<ChannelName, ChannelRule>> = {
  // Rates are the channel adapters' pacing (bot/pacing.ts, with its sources), so both agree.
  // Telegram: ~30 messages/s for bulk notifications, ≤ 1/s per chat (one message per delivery). No window.
  telegram: { ratePerSecond: CHANNEL_PACING.telegram.perSecond, concurrency: 8, freeWindowMs: null },
  // Messenger: Send API 300 calls/s per Page (paced lower); bulletins only inside the 24 h standard window.
  messenger: { ratePerSecond: CHANNEL_PACING.messenger.perSecond, concurrency: 32, claimers: 2, freeWindowMs: 24 * HOUR },
  // Zalo: no published per-second figure (-32 when exceeded). CS messages are free within 48 h of the
  // user's last message, billable up to 7 days, refused after (-230); not sent at night (-234).
  zalo: { ratePerSecond: CHANNEL_PACING.zalo.perSecond, concurrency: 8, freeWindowMs: 48 * HOUR, paidWindowMs: 7 * 24 * HOUR, quietHours: [22, 6] },
  // Our own channels: no platform limit; keep the database and browsers comfortable.
  web: { ratePerSecond: 200, concurrency: 16, freeWindowMs: null },
  console: { ratePerSecond: 200, concurrency: 16, freeWindowMs: null },
};

export type WindowDecision = { send: true; paid: boolean } | { send: false; reason: 'outside_window' };

/** Whether a subscriber can receive now, given when they last wrote and the paid quota left. */
export function windowDecision(rule: ChannelRule, lastInboundAt: Date | null, now: number, paidQuotaLeft: number): WindowDecision {
  if (rule.freeWindowMs === null) return { send: true, paid: false };
  const age = lastInboundAt ? now - lastInboundAt.getTime() : Infinity;
  if (age <= rule.freeWindowMs) return { send: true, paid: false };
  if (rule.paidWindowMs !== undefined && age <= rule.paidWindowMs && paidQuotaLeft > 0) return { send: true, paid: true };
  return { send: false, reason: 'outside_window' };
}

/** Paces requests: one token every 1/rate s, with a small burst so short database pauses lose no rate. */
export class Pacer {
  private tokens: number;
  private last = Date.now();
  private pausedUntil = 0;

  constructor(
    private readonly rate: number,
    private readonly burst = Math.max(1, Math.ceil(rate / 10)),
  ) {
    this.tokens = 1;
  }

  /** Stops sending for ms (the platform said 429 / retry_after). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    this.tokens = 0;
  }

  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (now < this.pausedUntil) {
        await sleep(this.pausedUntil - now);
        this.last = Date.now();
        continue;
      }
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.rate)));
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
