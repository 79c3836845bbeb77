// A tiny HTTP server on 127.0.0.1 that records every request; the platform fakes build on it.
// They answer like the real APIs (status codes, error bodies), so the adapters are tested for real.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: string;
  /** Parsed JSON or form body ({} when empty). */
  body: Record<string, unknown>;
  at: number;
}

export interface FakeResponse {
  status: number;
  body: unknown;
  /** Milliseconds to wait before answering (to widen races in tests). */
  delayMs?: number;
}

export type Route = (req: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** Resolves when `count` requests match (or rejects after timeoutMs). */
  waitFor(match: (r: RecordedRequest) => boolean, count?: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  clear(): void;
  /** Calls `listener` with every request as it arrives (benchmarks time replies with it). */
  onRequest(listener: (r: RecordedRequest) => void): () => void;
  close(): Promise<void>;
}

export async function startFakeServer(route: Route): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const listeners = new Set<(r: RecordedRequest) => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: Record<string, unknown> = {};
      const type = String(req.headers['content-type'] ?? '');
      try {
        if (raw && type.includes('json')) body = JSON.parse(raw);
        else if (raw && type.includes('urlencoded')) body = Object.fromEntries(new URLSearchParams(raw));
      } catch {
        body = {};
      }
      const rec: RecordedRequest = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, raw, body, at: Date.now() };
      requests.push(rec);
      for (const w of waiters) w();
      for (const l of listeners) l(rec);
      try {
        const answer = await route(rec);
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      } catch (err) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: String(err) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitFor(match, count = 1, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = requests.filter(match);
          if (found.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake server: expected ${count} matching request(s), saw ${requests.filter(match).length}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    clear() {
      requests.length = 0;
    },
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/** A queue of programmed failures: the next matching calls answer with these instead of success. */
export class FailureQueue<T> {
  private readonly queue: T[] = [];
  push(...items: T[]) {
    this.queue.push(...items);
  }
  take(): T | undefined {
    return this.queue.shift();
  }
  clear() {
    this.queue.length = 0;
  }
}
