// helmet's headers are taken from helmet once and set by one middleware (bot/server.ts): every response
// carries exactly the headers helmet itself sets, with the same values, in the same order.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { afterAll, expect, it } from 'vitest';
import { createHttpApp, HELMET_OPTIONS, securityHeaders } from '../../bot/server';
import type { Db } from '../../models/db';

const servers: http.Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function serve(app: express.Express): Promise<string> {
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The response's headers as sent, in order, without those that change from one response to the next. */
function rawHeaders(url: string, method = 'GET'): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      const pairs: string[][] = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
      resolve(pairs.filter(([k]) => !['date', 'keep-alive', 'connection'].includes(k!.toLowerCase())));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{"a":1}' : undefined);
  });
}

function withRoutes(first: express.RequestHandler): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(first);
  app.use(express.json());
  app.get('/page', (_req, res) => void res.type('html').send('<p>trang</p>'));
  app.post('/api', (req, res) => void res.json({ got: req.body }));
  app.get('/framed', (_req, res) => {
    res.removeHeader('X-Frame-Options');
    res.send('ok');
  });
  return app;
}

it('sets the headers helmet sets, with the same values and in the same order', async () => {
  const [ours, theirs] = await Promise.all([serve(withRoutes(securityHeaders())), serve(withRoutes(helmet(HELMET_OPTIONS)))]);
  for (const [path, method] of [['/page', 'GET'], ['/api', 'POST'], ['/framed', 'GET'], ['/none', 'GET']] as const) {
    const [a, b] = await Promise.all([rawHeaders(ours + path, method), rawHeaders(theirs + path, method)]);
    expect(a, `${method} ${path}`).toEqual(b);
  }
  const page = Object.fromEntries(await rawHeaders(ours + '/page'));
  expect(page['Content-Security-Policy']).toContain("img-src 'self' data: https:");
  expect(page['X-Frame-Options']).toBe('SAMEORIGIN');
});

it("the assistant's server sends them on every response", async () => {
  const base = await serve(createHttpApp({ db: {} as Db, routers: [] }));
  const headers = Object.fromEntries(await rawHeaders(base + '/healthz'));
  const reference = Object.fromEntries(await rawHeaders((await serve(withRoutes(helmet(HELMET_OPTIONS)))) + '/page'));
  for (const name of ['Content-Security-Policy', 'Cross-Origin-Opener-Policy', 'Cross-Origin-Resource-Policy', 'Origin-Agent-Cluster', 'Referrer-Policy', 'Strict-Transport-Security', 'X-Content-Type-Options', 'X-DNS-Prefetch-Control', 'X-Download-Options', 'X-Frame-Options', 'X-Permitted-Cross-Domain-Policies', 'X-XSS-Protection']) {
    expect(headers[name], name).toBe(reference[name]);
  }
  expect(headers['X-Powered-By']).toBeUndefined();
});
