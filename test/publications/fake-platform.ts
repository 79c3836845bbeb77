// A local fake of a messaging platform's send API (127.0.0.1) for the publication tests and the
// broadcast bench: enforces each channel's rate limit like the real one (429 + retry_after),
// answers "blocked" and "outside window" for chosen users, and honours an idempotency key the way
// ZBS honours tracking_id (a repeated key is accepted and not shown to the user again).
// It counts every request, and what each user actually got.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PlatformApiError } from '../../core/errors';
import type { ChannelName, Reply } from '../../core/types';
import type { DeliverySender } from '../../bot/outbound/bulletins';
import { CHANNEL_POLICIES } from '../../bot/outbound/policies';
import { Pacer, type PacingLimits } from '../../core/pacing';

export interface FakePlatformOptions {
  /** Allowed requests per second per channel (token bucket of one second). */
  rates?: Partial<Record<ChannelName, number>>;
  /** Milliseconds before answering (platform latency). */
  latencyMs?: number;
  /** Whether a repeated idempotency key is deduplicated (true = ZBS-like, false = Telegram-like). */
  idempotent?: boolean;
}

export interface FakePlatform {
  url: string;
  /** Every request received (channel, user, key). */
  requests: number;
  rejected429: number;
  /** Messages each user saw, by `${channel}:${userId}`. */
  received: Map<string, string[]>;
  blocked: Set<string>;
  outsideWindow: Set<string>;
  /** Per-channel accepted sends with timestamps (rate measurement). */
  accepted: Map<ChannelName, number[]>;
  close(): Promise<void>;
}

export async function startFakePlatform(opts: FakePlatformOptions = {}): Promise<FakePlatform> {
  const buckets = new Map<string, { tokens: number; last: number }>();
  const keys = new Set<string>();
  const self: Omit<FakePlatform, 'url' | 'close'> = {
    requests: 0,
    rejected429: 0,
    received: new Map(),
    blocked: new Set(),
    outsideWindow: new Set(),
    accepted: new Map(),
  };
  const allow = (channel: string): boolean => {
    const rate = opts.rates?.[channel as ChannelName];
    if (!rate) return true;
    const now = Date.now();
    const b = buckets.get(channel) ?? { tokens: rate, last: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.last) * rate) / 1000);
    b.last = now;
    buckets.set(channel, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      self.requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { channel: string; userId: string; text: string; key: string };
      const answer = (status: number, payload: unknown) => {
        const go = () => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(payload));
        };
        if (opts.latencyMs) setTimeout(go, opts.latencyMs);
        else go();
      };
      const who = `${body.channel}:${body.userId}`;
      if (!allow(body.channel)) {
        self.rejected429++;
        return answer(429, { ok: false, error: 'rate_limited', retry_after_ms: 200 });
      }
      if (self.blocked.has(who)) return answer(403, { ok: false, error: 'blocked' });
      if (self.outsideWindow.has(who)) return answer(400, { ok: false, error: 'outside_window' });
      const list = self.accepted.get(body.channel as ChannelName) ?? [];
      list.push(Date.now());
      self.accepted.set(body.channel as ChannelName, list);
      if (opts.idempotent !== false && keys.has(body.key)) return answer(200, { ok: true, message_id: `dup-${body.key}` });
      keys.add(body.key);
      const got = self.received.get(who) ?? [];
      got.push(body.text);
      self.received.set(who, got);
      return answer(200, { ok: true, message_id: `m-${self.requests}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(self, {
    url,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  }) as FakePlatform;
}

/**
 * A DeliverySender that talks to the fake over HTTP and maps its errors like the channel adapters do. It paces
 * like the outbox (each channel policy's pacing, or `pacing` to override) and records the message type the
 * policy chose (`sentAs`, by `${channel}:${userId}`).
 */
export function fakePlatformSender(
  url: string,
  channels: readonly ChannelName[],
  opts: { pacing?: Partial<Record<ChannelName, PacingLimits>>; sentAs?: Map<string, string> } = {},
): DeliverySender {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const pacers = new Map<ChannelName, Pacer>();
  const pacerOf = (ch: ChannelName) => {
    const limits = opts.pacing?.[ch] ?? CHANNEL_POLICIES[ch].pacing;
    if (!limits) return undefined;
    let p = pacers.get(ch);
    if (!p) pacers.set(ch, (p = new Pacer(limits)));
    return p;
  };
  return {
    channels,
    async send(channel, userId, replies: Reply[], { idempotencyKey, sendAs }) {
      opts.sentAs?.set(`${channel}:${userId}`, sendAs.type);
      const pacer = pacerOf(channel);
      await pacer?.acquire(userId);
      const data = JSON.stringify({ channel, userId, text: replies.map((r) => r.text).join('\n'), key: idempotencyKey });
      return new Promise<string | undefined>((resolve, reject) => {
        const req = http.request(`${url}/send`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean; message_id?: string; error?: string; retry_after_ms?: number };
            if (body.ok) return resolve(body.message_id);
            const problem = body.error === 'blocked' ? 'blocked' : body.error === 'outside_window' ? 'outside_window' : body.error === 'rate_limited' ? 'rate_limited' : 'transient';
            if (problem === 'rate_limited' && body.retry_after_ms !== undefined) pacer?.pause(body.retry_after_ms);
            reject(new PlatformApiError(channel, 'send', res.statusCode ?? 0, problem, body.error ?? 'error', body.retry_after_ms));
          });
        });
        req.on('error', (e) => reject(new PlatformApiError(channel, 'send', 'network', 'transient', e.message)));
        req.end(data);
      });
    },
  };
}
