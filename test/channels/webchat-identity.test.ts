// The web chat's identity (issued and signed by the server), its limits per identity and per source
// address, the conversation a reopened page gets back, and the bounds of its event streams (issue 18
// items 4 and 6, issue 15 item 1).
import { describe, expect, it } from 'vitest';
import { useTestAssistant } from '../helpers/assistant';
import { openWebStream, webPost, webSession, webUser } from '../helpers/webchat';
import { WebChannel } from '../../bot/channels/web';
import { WebIdentities } from '../../bot/channels/web/identity';
import { sourceKey } from '../../bot/channels/web/limits';
import { createHttpApp, listen } from '../../bot/server';
import { enqueueOutbound } from '../../models/repos/outbound';

const IP_LIMIT = 8;
const a = useTestAssistant({
  env: { TRUST_PROXY: 'true', WEBCHAT_RATE_PER_MINUTE: '5', WEBCHAT_IP_RATE_PER_MINUTE: String(IP_LIMIT), WEBCHAT_SECRET: 'k'.repeat(40) },
  listen: true,
  background: true,
});

// Each test speaks from its own address: the limiters live as long as the process.
let ipSeq = 0;
const from = () => ({ 'x-forwarded-for': `203.0.113.${++ipSeq}` });

async function history(userId: string | undefined, headers: Record<string, string> = {}) {
  const res = await fetch(`${a.base}/api/webchat/history${userId ? `?userId=${encodeURIComponent(userId)}` : ''}`, { headers });
  return { status: res.status, body: (await res.json()) as { messages?: { direction: string; text: string; buttons?: { title: string }[]; at: string }[]; openForm?: string; error?: { code: string; message: string } } };
}

describe('web chat identity', () => {
  it('is issued by the server, in the answer and as an HttpOnly SameSite=Lax cookie; the cookie alone is enough', async () => {
    const ip = from();
    const s = await webSession(a.base, ip);
    expect(s.status).toBe(200);
    expect(s.userId).toMatch(/^w_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    const cookie = s.cookie!;
    expect(cookie).toContain(`motcua_chat=${s.userId}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http here

    const pair = cookie.split(';')[0]!;
    // Messages and the history accept the cookie without a userId field.
    const res = await webPost(a.base, { text: 'xin chào' }, { ...ip, cookie: pair });
    expect(res.status).toBe(200);
    const h = await history(undefined, { ...ip, cookie: pair });
    expect(h.status).toBe(200);
    expect(h.body.messages!.map((m) => m.direction)).toEqual(['in', 'out']);

    // Opening the page again keeps the identity; two pages without it get two different ones.
    const again = await fetch(`${a.base}/api/webchat/session`, { method: 'POST', headers: { ...ip, cookie: pair } });
    expect(((await again.json()) as { userId: string }).userId).toBe(s.userId);
    const other = await webSession(a.base, ip);
    expect(other.userId).not.toBe(s.userId);
  });

  it('is Secure behind https (X-Forwarded-Proto from the proxy)', async () => {
    const s = await webSession(a.base, { ...from(), 'x-forwarded-proto': 'https' });
    expect(s.cookie).toMatch(/;\s*Secure/i);
  });

  it('refuses an id it did not sign with a clear 401, on messages, history and stream', async () => {
    const ip = from();
    const foreign = new WebIdentities('another-server-secret-of-32-chars!!').sign('citizen');
    for (const id of ['w-abc123', 'citizen-1', foreign, webUser(a, 'citizen').slice(0, -1) + 'x']) {
      const msg = await webPost(a.base, { userId: id, text: 'xin chào' }, ip);
      expect(msg.status).toBe(401);
      expect(((await msg.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'unknown_user', message: expect.stringContaining('/api/webchat/session') });
      expect((await history(id, ip)).status).toBe(401);
      const stream = await openWebStream(a.base, id, ip);
      expect(stream.status).toBe(401);
      expect(JSON.parse(stream.raw()).error.code).toBe('unknown_user');
    }
    // A forged cookie is refused too, and no id at all is a 401 that says how to get one.
    expect((await webPost(a.base, { text: 'x' }, { ...ip, cookie: 'motcua_chat=w_abc.AAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(401);
    const none = await webPost(a.base, { text: 'x' }, ip);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('missing_user');
  });

  it('an identity named in the request wins over the cookie, and a signed one from elsewhere is not readable without it', async () => {
    const ip = from();
    const owner = await webSession(a.base, ip);
    await webPost(a.base, { userId: owner.userId, text: 'gửi phản ánh' }, ip);
    const stranger = await webSession(a.base, ip);
    // The stranger's own history is empty: one identity never sees another's conversation.
    const h = await history(stranger.userId, { ...ip, cookie: owner.cookie!.split(';')[0]! });
    expect(h.body.messages).toEqual([]);
  });
});

describe('verified ids kept (the HMAC once per chat)', () => {
  it('a kept id still verifies, a forged one beside it never does, and many chats later the first verifies afresh', () => {
    const ids = new WebIdentities('secret-0123456789abcdef-0123456789');
    const other = new WebIdentities('another-secret-0123456789abcdef-01');
    const id = ids.sign('citizen');
    const forged = other.sign('citizen');
    for (let i = 0; i < 3; i++) {
      expect(ids.verify(id)).toBe(id);
      expect(ids.verify(forged)).toBeNull();
      expect(ids.verify(`${id}x`)).toBeNull();
    }
    for (let i = 0; i < 10_050; i++) expect(ids.verify(ids.sign(`c${i}`))).not.toBeNull();
    expect(ids.verify(id)).toBe(id);
    expect(ids.verify(forged)).toBeNull();
  });
});

describe('limits per identity and per source address', () => {
  it('new identities count against the address: a fresh id per message no longer escapes the limit', async () => {
    const ip = from();
    const statuses: number[] = [];
    for (let i = 0; i < IP_LIMIT + 2; i++) {
      const s = await webSession(a.base, ip);
      statuses.push(s.status);
      if (s.userId) statuses.push((await webPost(a.base, { userId: s.userId, text: `câu ${i}` }, ip)).status);
    }
    // Identities and messages share the address's minute: 8 in all, then 429.
    expect(statuses.filter((s) => s === 200)).toHaveLength(IP_LIMIT);
    expect(statuses.at(-1)).toBe(429);
    // Another address (another household) is not affected.
    const elsewhere = await webSession(a.base, from());
    expect(elsewhere.status).toBe(200);
    expect((await webPost(a.base, { userId: elsewhere.userId, text: 'xin chào' }, from())).status).toBe(200);
  });

  it('one identity is limited wherever it writes from (WEBCHAT_RATE_PER_MINUTE)', async () => {
    const id = webUser(a, 'roaming');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await webPost(a.base, { userId: id, text: `câu ${i}` }, from())).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('counts an IPv6 /64 as one source', () => {
    expect(sourceKey('2001:db8:1:2:aaaa::1')).toBe(sourceKey('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(sourceKey('2001:db8:1:2::1')).not.toBe(sourceKey('2001:db8:1:3::1'));
    expect(sourceKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });
});

describe('the conversation of a reopened page (GET /api/webchat/history)', () => {
  it('returns it oldest first with buttons and notifications, and says when a form is open', async () => {
    const ip = from();
    const me = webUser(a, 'history-1');
    for (const text of ['xin chào', 'gửi phản ánh']) expect((await webPost(a.base, { userId: me, text }, ip)).status).toBe(200);
    await enqueueOutbound(a.database.db, { channel: 'web', userId: me, kind: 'notification', replies: [{ text: 'Hồ sơ đã có kết quả' }] });
    const stream = await openWebStream(a.base, me, ip);
    await stream.waitFor((raw) => raw.includes('Hồ sơ đã có kết quả'));
    await stream.close();
    // The outbox marks the row sent just after the push.
    await expect.poll(async () => (await history(me, ip)).body.messages!.some((m) => m.text === 'Hồ sơ đã có kết quả')).toBe(true);

    const h = await history(me, ip);
    expect(h.status).toBe(200);
    const msgs = h.body.messages!;
    expect(msgs[0]).toMatchObject({ direction: 'in', text: 'xin chào' });
    expect(msgs[1]!.direction).toBe('out');
    expect(msgs[1]!.buttons!.length).toBeGreaterThan(0);
    expect(msgs[2]).toMatchObject({ direction: 'in', text: 'gửi phản ánh' });
    expect(msgs.at(-1)!.text).toBe('Hồ sơ đã có kết quả');
    const times = msgs.map((m) => Date.parse(m.at));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(h.body.openForm).toBe("Đang gửi phản ánh — gõ 'huỷ' để dừng");

    // Cancelled: no banner any more; another identity sees nothing of it.
    await webPost(a.base, { userId: me, text: 'huỷ' }, ip);
    expect((await history(me, ip)).body.openForm).toBeUndefined();
    expect((await history(webUser(a, 'history-2'), ip)).body.messages).toEqual([]);
  });

  it('says so in English for a citizen who chose English', async () => {
    const ip = from();
    const me = webUser(a, 'history-en');
    await webPost(a.base, { userId: me, payload: 'lang:en' }, ip);
    await webPost(a.base, { userId: me, text: 'gửi phản ánh' }, ip);
    expect((await history(me, ip)).body.openForm).toBe("Sending a petition — type 'cancel' to stop");
  });
});

describe('event streams are bounded (issue 18 item 6)', () => {
  it('caps streams per identity and per address, beats, and closes an old stream', async () => {
    const web = new WebChannel({
      db: a.database.db,
      handle: (e) => a.engine.handle(e),
      ratePerMinute: 100,
      ipRatePerMinute: 100,
      secret: 's'.repeat(40),
      streams: { perIdentity: 2, perSource: 3, total: 100, heartbeatMs: 50, maxAgeMs: 1500 },
    });
    const server = await listen(createHttpApp({ db: a.database.db, routers: [web.router()] }), 0, '127.0.0.1');
    const base = `http://127.0.0.1:${server.port}`;
    try {
      const one = web.identities.sign('one');
      const s1 = await openWebStream(base, one);
      const s2 = await openWebStream(base, one);
      expect(s1.raw()).toContain('retry:');
      // A third stream of the same identity closes its oldest (a reloaded page's).
      const s3 = await openWebStream(base, one);
      await s1.ended;
      expect(web.openStreams()).toBe(2);
      // The address holds at most 3: a fourth, of another identity, is refused with a clear 429.
      const s4 = await openWebStream(base, web.identities.sign('two'));
      expect(web.openStreams()).toBe(3);
      const refused = await openWebStream(base, web.identities.sign('three'));
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.raw()).error.code).toBe('too_many_streams');
      // Heartbeats keep proxies from closing an idle stream.
      await s2.waitFor((raw) => raw.includes(': ping'));
      // And a stream is closed after its time; the address can open streams again.
      await Promise.all([s2.ended, s3.ended, s4.ended]);
      expect(web.openStreams()).toBe(0);
      const after = await openWebStream(base, web.identities.sign('three'));
      expect(after.status).toBe(200);
      await after.close();
    } finally {
      web.closeStreams();
      await server.close();
    }
  });
});
