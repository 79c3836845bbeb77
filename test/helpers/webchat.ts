// The web chat as its page uses it: identities issued by the server, messages and streams over HTTP.
import type { Assistant } from '../../bot/app';
import { until } from './wait';

/** The signed web chat identity of a named test citizen (the same name gives the same id). */
export function webUser(a: Pick<Assistant, 'web'>, name: string): string {
  return a.web.identities.sign(name.replace(/[^A-Za-z0-9_-]/g, '_'));
}

/** Asks the server for a new identity, as the page does on opening; returns it with its cookie. */
export async function webSession(base: string, headers: Record<string, string> = {}): Promise<{ status: number; userId?: string; cookie?: string }> {
  const res = await fetch(`${base}/api/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  if (res.status !== 200) return { status: res.status };
  const { userId } = (await res.json()) as { userId: string };
  return { status: res.status, userId, cookie: res.headers.get('set-cookie') ?? undefined };
}

/** Sends one message as the page does; returns the response. */
export function webPost(base: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/api/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export interface WebStream {
  status: number;
  /** Everything received so far, comments (heartbeats) included. */
  raw(): string;
  /** The texts of the replies pushed so far. */
  texts: string[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  waitFor(pred: (raw: string) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens the web chat's event stream as the page's EventSource does, and collects what arrives. */
export async function openWebStream(base: string, userId: string | undefined, headers: Record<string, string> = {}): Promise<WebStream> {
  const ctrl = new AbortController();
  const url = `${base}/api/webchat/stream${userId ? `?userId=${encodeURIComponent(userId)}` : ''}`;
  const res = await fetch(url, { signal: ctrl.signal, headers: { accept: 'text/event-stream', ...headers } });
  let raw = '';
  const texts: string[] = [];
  let ended: Promise<void> = Promise.resolve();
  if (res.status === 200 && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    ended = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const chunk = decoder.decode(value, { stream: true });
          raw += chunk;
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const data = buf.slice(0, i).split('\n').find((l) => l.startsWith('data: '));
            buf = buf.slice(i + 2);
            if (data) for (const r of JSON.parse(data.slice(6)).replies as { text: string }[]) texts.push(r.text);
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  } else {
    raw = await res.text();
  }
  return {
    status: res.status,
    raw: () => raw,
    texts,
    ended,
    waitFor: (pred, ms = 8000) => until(() => pred(raw), { timeoutMs: ms, what: () => `the stream to match; got ${JSON.stringify(raw)}` }),
    async close() {
      ctrl.abort();
      await ended;
    },
  };
}

/**
 * The identity the server gave a page in Chromium (its HttpOnly cookie, which the page's scripts cannot
 * read). The page asks for it after it has loaded, so the cookie may arrive a moment after `goto`.
 */
export async function pageIdentity(page: { context(): { cookies(): Promise<{ name: string; value: string }[]> } }): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const cookie = (await page.context().cookies()).find((c) => c.name === 'motcua_chat');
    if (cookie) return cookie.value;
    if (Date.now() > deadline) throw new Error('the chat page has no identity cookie');
    await new Promise((r) => setTimeout(r, 50));
  }
}
