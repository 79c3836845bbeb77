// GET /metrics as Prometheus scrapes it, and /readyz's write.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes';
import { converse, testConfig } from '../helpers/assistant';
import { refuseInserts } from '../helpers/db';
import { post, startHarness, type ChannelHarness } from '../channels/helpers';
import type { Handler } from '../../handlers/types';

const SECRET = 'tg_Secret-metrics';
const TOKEN = 'metrics-token-0123456789abcdef';
let fake: FakeTelegram;
let h: ChannelHarness;

/** The value of one sample of the exposition text (labels as given, in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const scrape = async (headers: Record<string, string> = {}) => {
  const res = await fetch(`${h.url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

beforeAll(async () => {
  fake = await startFakeTelegram();
  h = await startHarness({ ...fake.env, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://motcua.example.gov.vn' });
});
afterAll(async () => {
  await h.close();
  await fake.close();
});

describe('GET /metrics (no METRICS_TOKEN: local requests only)', () => {
  it('counts turns by channel and outcome: answered, unknown, dialog, error', async () => {
    // A handler that fails, to see the engine count an error turn.
    const boom: Handler = {
      name: 'boom',
      commands: ['no tung'],
      onCommand: async () => {
        throw new Error('handler failed on purpose');
      },
    };
    (h.a.engine.handlers as Handler[]).unshift(boom);
    try {
      await converse(h.a, 'm-1', ['xin chào', 'qwzx vbnm plok', 'nổ tung', 'gửi phản ánh']);
    } finally {
      (h.a.engine.handlers as Handler[]).shift();
    }
    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    expect(sample(text, 'motcua_turns_total', { channel: 'console', outcome: 'answered' })).toBe(1);
    expect(sample(text, 'motcua_turns_total', { channel: 'console', outcome: 'unknown' })).toBe(1);
    expect(sample(text, 'motcua_turns_total', { channel: 'console', outcome: 'dialog' })).toBe(1);
    expect(sample(text, 'motcua_turns_total', { channel: 'console', outcome: 'error' })).toBe(1);
  });

  it('counts webhook requests and signature refusals per platform', async () => {
    const before = sample((await scrape()).text, 'motcua_webhook_signature_refusals_total', { platform: 'telegram' }) ?? 0;
    const update = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 5, type: 'private' }, text: 'hi' } };
    expect((await post(`${h.url}/webhooks/telegram`, JSON.stringify(update))).status).toBe(401);
    expect((await post(`${h.url}/webhooks/telegram`, JSON.stringify(update), { 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(403);
    const { text } = await scrape();
    expect(sample(text, 'motcua_webhook_signature_refusals_total', { platform: 'telegram' })).toBe(before + 2);
    expect(sample(text, 'motcua_webhook_requests_total', { platform: 'telegram', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'motcua_webhook_requests_total', { platform: 'telegram', status: '403' })).toBeGreaterThanOrEqual(1);
  });

  it('reads the outbound queue, the oldest pending age and delivery latency from the database', async () => {
    await h.a.database.reset();
    // Two waiting rows (the oldest queued 90 s ago) on a channel no worker sends, and three sent ones.
    await h.a.database.db.execute(sql`
      insert into outbound_messages (channel, user_id, kind, replies, status, created_at, next_attempt_at, sent_at) values
        ('zalo', 'u1', 'notification', '[]', 'pending', now() - interval '90 seconds', now() + interval '1 hour', null),
        ('zalo', 'u2', 'notification', '[]', 'pending', now() - interval '10 seconds', now() + interval '1 hour', null),
        ('zalo', 'u3', 'staff', '[]', 'sent', now() - interval '60 seconds', now(), now() - interval '58 seconds'),
        ('zalo', 'u4', 'staff', '[]', 'sent', now() - interval '60 seconds', now(), now() - interval '56 seconds'),
        ('zalo', 'u5', 'staff', '[]', 'sent', now() - interval '60 seconds', now(), now() - interval '50 seconds'),
        ('zalo', 'u6', 'staff', '[]', 'failed', now() - interval '3 hours', now(), null)`);
    const { text } = await scrape();
    expect(sample(text, 'motcua_outbound_queue_depth')).toBe(2);
    expect(sample(text, 'motcua_outbound_messages', { channel: 'zalo', status: 'pending' })).toBe(2);
    expect(sample(text, 'motcua_outbound_messages', { channel: 'zalo', status: 'sent' })).toBe(3);
    expect(sample(text, 'motcua_outbound_messages', { channel: 'zalo', status: 'failed' })).toBe(1);
    const oldest = sample(text, 'motcua_outbound_oldest_pending_seconds')!;
    expect(oldest).toBeGreaterThanOrEqual(90);
    expect(oldest).toBeLessThan(120);
    expect(sample(text, 'motcua_delivery_latency_seconds', { quantile: '0.5' })).toBeCloseTo(4, 1);
    expect(sample(text, 'motcua_deliveries_last_hour')).toBe(3);
  });

  it('holds database statement time and event-loop lag', async () => {
    const { text } = await scrape();
    const engine = h.a.database.kind;
    expect(sample(text, 'motcua_db_statement_seconds_count', { engine })).toBeGreaterThan(10);
    expect(sample(text, 'motcua_db_statement_seconds_bucket', { engine, le: '+Inf' })).toBe(
      sample(text, 'motcua_db_statement_seconds_count', { engine }),
    );
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('refuses a request relayed by a proxy (its socket is local too)', async () => {
    const res = await scrape({ 'X-Forwarded-For': '203.0.113.9' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('METRICS_TOKEN');
    expect(res.text).not.toContain('motcua_');
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let guarded: ChannelHarness;
  beforeAll(async () => {
    guarded = await startHarness({ METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await guarded.close();
  });

  it('needs the bearer token, from anywhere', async () => {
    const get = (headers: Record<string, string>) => fetch(`${guarded.url}/metrics`, { headers });
    expect((await get({})).status).toBe(401);
    expect((await get({ Authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    const ok = await get({ Authorization: `Bearer ${TOKEN}`, 'X-Forwarded-For': '203.0.113.9' });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('motcua_outbound_queue_depth');
  });

  it('refuses a token that is too short at start', async () => {
    expect(() => testConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});

describe('/readyz', () => {
  it('writes to the database', async () => {
    const res = await fetch(`${h.url}/readyz`);
    expect(res.status).toBe(200);
    const r = (await h.a.database.db.execute(sql`select updated_at from ops_state where key = 'readyz'`)) as unknown as {
      rows: { updated_at: string }[];
    };
    expect(Date.now() - new Date(r.rows[0]!.updated_at).getTime()).toBeLessThan(60_000);
  });

  it('is not ready while writes fail (a full disk, a read-only database), and ready again after', async () => {
    const allow = await refuseInserts(h.a.database.db, 'ops_state');
    try {
      const res = await fetch(`${h.url}/readyz`);
      expect(res.status).toBe(503);
      expect((await res.json()) as unknown).toEqual({ status: 'database unavailable' });
    } finally {
      await allow();
    }
    expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
  });
});
