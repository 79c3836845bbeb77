// The admin over plain HTTP: cookies, redirects, CSRF on logout, static file, TRUST_PROXY.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Router } from 'express';
import { startTestAssistant, testConfig, type TestAssistant } from '../helpers/assistant';
import { createHttpApp, listen } from '../../bot/server';
import { initI18n } from '../../core/i18n';
import { createAdminRouter } from '../../admin/router';
import type { AdminContext } from '../../admin/types';
import { openTestDatabase } from '../helpers/db';
import { until } from '../helpers/wait';
import { createUser, TEST_PASSWORD } from '../helpers/admin';
import { adminAudit, adminSessions } from '../../models/schema/admin';
import { DEFAULT_LOGIN_LIMITS } from '../../admin/login-limit';
import { multipartFile, zipBomb } from '../helpers/zip';

/** A tiny cookie-keeping client. */
function client(base: string, fixedHeaders: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    jar,
    setCookies: [] as string[],
    async req(path: string, init: RequestInit & { form?: Record<string, string> } = {}) {
      const headers = new Headers(init.headers);
      for (const [k, v] of Object.entries(fixedHeaders)) headers.set(k, v);
      if (jar.size) headers.set('cookie', cookieHeader());
      let body = init.body;
      if (init.form) {
        headers.set('content-type', 'application/x-www-form-urlencoded');
        body = new URLSearchParams(init.form).toString();
      }
      const res = await fetch(base + path, { ...init, headers, body, redirect: 'manual' });
      for (const c of res.headers.getSetCookie()) {
        this.setCookies.push(c);
        const [pair] = c.split(';');
        const [k, v] = pair!.split('=');
        if (/expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(k!);
        else jar.set(k!, v ?? '');
      }
      return res;
    },
    async login(username: string, password = TEST_PASSWORD, next?: string) {
      const page = await (await this.req(`/admin/login${next ? `?next=${encodeURIComponent(next)}` : ''}`)).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
      const nextField = /name="next" value="([^"]*)"/.exec(page)![1]!;
      return this.req('/admin/login', { method: 'POST', form: { _csrf: csrf, username, password, next: nextField.replace(/&#47;/g, '/') } });
    },
    async csrf(path = '/admin/') {
      const page = await (await this.req(path)).text();
      return /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    },
  };
}

describe('admin over HTTP', () => {
  let a: TestAssistant;
  let base: string;

  beforeAll(async () => {
    a = await startTestAssistant();
    base = `http://127.0.0.1:${(await a.listen(0)).port}`;
  });
  afterAll(async () => {
    await a?.stop();
    await a?.database.close();
  });
  beforeEach(async () => {
    await a.database.reset();
    await createUser(a.database.db);
  });

  it('returns to a page inside the admin after login, never to another site', async () => {
    const c = client(base);
    const res = await c.login('lan', TEST_PASSWORD, '/admin/unanswered?status=all');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/unanswered?status=all');
    for (const evil of ['//evil.example/x', 'https://evil.example/', '/admin/\\evil']) {
      const d = client(base);
      const r = await d.login('lan', TEST_PASSWORD, evil);
      expect(r.headers.get('location')).toBe('/admin/');
    }
    // The POST checks the field too (a crafted form).
    const d = client(base);
    const page = await (await d.req('/admin/login')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const crafted = await d.req('/admin/login', { method: 'POST', form: { _csrf: csrf, username: 'lan', password: TEST_PASSWORD, next: '//evil.example/' } });
    expect(crafted.headers.get('location')).toBe('/admin/');
    const cookie = c.setCookies.find((s) => s.startsWith('tl_admin='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/admin/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('sends anonymous visitors to the login page and refuses their POSTs', async () => {
    const c = client(base);
    const res = await c.req('/admin/catalog');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fcatalog');
    const post = await c.req('/admin/users', { method: 'POST', form: { username: 'x' } });
    expect(post.status).toBe(401);
    expect(post.headers.get('content-type')).toContain('text/html');
  });

  it('refuses logout without the CSRF token and keeps the session', async () => {
    const c = client(base);
    await c.login('lan');
    const res = await c.req('/admin/logout', { method: 'POST', form: {} });
    expect(res.status).toBe(403);
    expect(await a.database.db.select().from(adminSessions)).toHaveLength(1);
    const ok = await c.req('/admin/logout', { method: 'POST', form: { _csrf: await c.csrf() } });
    expect(ok.status).toBe(303);
    expect(await a.database.db.select().from(adminSessions)).toHaveLength(0);
  });

  it('serves the stylesheet and the security headers; unknown admin pages are 404 pages', async () => {
    const css = await fetch(`${base}/admin/static/admin.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const c = client(base);
    await c.login('lan');
    const page = await c.req('/admin/');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    const missing = await c.req('/admin/khong-co');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Không tìm thấy');
  });

  it('switches the admin language for the session', async () => {
    const c = client(base);
    await c.login('lan');
    await c.req('/admin/lang', { method: 'POST', form: { _csrf: await c.csrf(), lang: 'en', next: '/admin/' } });
    expect(await (await c.req('/admin/')).text()).toContain('Overview');
  });
});

describe('admin cookies behind a TLS proxy', () => {
  it('marks the session cookie Secure when TRUST_PROXY=true; settings show it, and no secret', async () => {
    const db = await openTestDatabase();
    const a = await startTestAssistant({ TRUST_PROXY: 'true', DOSSIER_API_KEY: 'sieu-bi-mat-123', ADMIN_PASSWORD: 'mat-khau-bi-mat' }, db);
    try {
      const base = `http://127.0.0.1:${(await a.listen(0)).port}`;
      await createUser(db.db);
      await createUser(db.db, { username: 'boss', role: 'admin' });
      const c = client(base);
      await c.login('lan');
      expect(c.setCookies.find((s) => s.startsWith('tl_admin='))).toMatch(/Secure/i);
      // The settings page (admins only) shows the configuration but never a secret.
      expect((await c.req('/admin/settings')).status).toBe(403);
      const admin = client(base);
      await admin.login('boss');
      const settings = await (await admin.req('/admin/settings')).text();
      expect(settings).toContain('data-k="TRUST_PROXY">Có');
      expect(settings).toContain('data-channel="web">Đang bật');
      expect(settings).not.toContain('sieu-bi-mat-123');
      expect(settings).not.toContain('mat-khau-bi-mat');
    } finally {
      await a.stop();
      await db.close();
    }
  }, 120_000);
});

describe('an XLSX zip bomb uploaded to the admin', { timeout: 120_000 }, () => {
  it('is refused before it is unzipped: the process stays small and staff read why, in Vietnamese', async () => {
    const a = await startTestAssistant();
    try {
      const base = `http://127.0.0.1:${(await a.listen(0)).port}`;
      await createUser(a.database.db);
      const c = client(base);
      await c.login('lan');
      const csrf = await c.csrf('/admin/catalog/import');
      // 512 MB of zeros in about half a MB, its headers claiming 1 KB (as the attacker's did).
      const { body, contentType } = multipartFile('thu-tuc.xlsx', await zipBomb(512 * 1024 * 1024, { declared: 1024 }));
      expect(body.length).toBeLessThan(5 * 1024 * 1024);
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      const res = await c.req(`/admin/catalog/import?_csrf=${csrf}`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': contentType } });
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(res.status).toBe(413);
      const page = await res.text();
      expect(page).toContain('Không nhập được tệp «thu-tuc.xlsx»');
      expect(page).toContain('vượt giới hạn an toàn');
      // The bound counts the unzipped bytes without keeping them; unbounded, exceljs would hold GBs.
      expect(peak - before).toBeLessThan(150 * 1024 * 1024);
      // The admin still works.
      expect((await c.req('/admin/catalog/import')).status).toBe(200);
    } finally {
      await a.stop();
      await a.database.close();
    }
  });
});

describe('login lock per account and source', { timeout: 120_000 }, () => {
  it("a stranger's wrong passwords lock only the stranger's address; the staff member still signs in from theirs", async () => {
    const db = await openTestDatabase();
    // Behind a proxy, so the test can speak from two addresses (X-Forwarded-For).
    const a = await startTestAssistant({ TRUST_PROXY: 'true' }, db);
    try {
      const base = `http://127.0.0.1:${(await a.listen(0)).port}`;
      await createUser(db.db);
      const stranger = client(base, { 'x-forwarded-for': '203.0.113.9' });
      const statuses: number[] = [];
      for (let i = 0; i < DEFAULT_LOGIN_LIMITS.failures; i++) statuses.push((await stranger.login('lan', 'doan-bua-' + i)).status);
      expect(statuses).toEqual([...Array(DEFAULT_LOGIN_LIMITS.failures - 1).fill(401), 429]);
      // Locked from there, even with the right password.
      const refused = await stranger.login('lan');
      expect(refused.status).toBe(429);
      expect(await refused.text()).toContain('tạm khoá');
      // The staff member, from the office's address, is not locked out.
      const staff = client(base, { 'x-forwarded-for': '198.51.100.7' });
      const ok = await staff.login('lan');
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe('/admin/');
    } finally {
      await a.stop();
      await db.close();
    }
  });
});

describe('a page added through the page API', { timeout: 120_000 }, () => {
  it('is mounted behind login, CSRF and role checks, and a change it forgets to audit is still audited', async () => {
    await initI18n();
    const db = await openTestDatabase();
    let changed = 0;
    const page = {
      name: 'demo',
      nav: { titleKey: 'nav.audit', path: '/demo', roles: ['official' as const], order: 50 },
      mount(r: Router, ctx: AdminContext) {
        r.get('/demo', ctx.requireRole('official'), (_req, res) => {
          res.type('text').send('demo');
        });
        r.post('/demo', ctx.requireRole('official'), (_req, res) => {
          changed++;
          res.redirect(303, '/admin/demo');
        });
      },
    };
    const app = createHttpApp({ db: db.db, routers: [createAdminRouter({ db: db.db, config: testConfig(), pages: [page] })] });
    const server = await listen(app, 0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${server.port}`;
      await createUser(db.db, { username: 'sep', role: 'official' });
      await createUser(db.db);
      const official = client(base);
      await official.login('sep');
      expect(await (await official.req('/admin/demo')).text()).toBe('demo');
      expect((await official.req('/admin/demo', { method: 'POST', form: {} })).status).toBe(403);
      expect((await official.req('/admin/demo', { method: 'POST', form: { _csrf: await official.csrf() } })).status).toBe(303);
      expect(changed).toBe(1);
      const staff = client(base);
      await staff.login('lan');
      expect((await staff.req('/admin/demo')).status).toBe(403);
      // The 'finish' listener writes after the answer has gone.
      const posts = async () => (await db.db.select().from(adminAudit)).filter((r) => r.action === 'request.post');
      await until(async () => (await posts()).length > 0, { what: 'the audit row of the POST' });
      expect(await posts()).toEqual([
        expect.objectContaining({ actorName: 'sep', target: '/admin/demo', details: { status: 303 } }),
      ]);
    } finally {
      await server.close();
      await db.close();
    }
  });
});
