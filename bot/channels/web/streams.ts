// The open Server-Sent Event streams of the web chat, bounded: a few per identity (tabs of one
// citizen), more per source address (a shared Wi-Fi), a ceiling for the process; each sends a heartbeat
// and is closed after a while (the browser's EventSource opens it again). One address once held
// 19,799 streams and slowed every answer (issue 18). docs/security.md.
import type { Response } from 'express';

export interface StreamBounds {
  perIdentity: number;
  perSource: number;
  total: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  /** A stream is closed after this long; the page reconnects by itself. */
  maxAgeMs: number;
}

export const DEFAULT_STREAM_BOUNDS: StreamBounds = {
  // Three tabs or windows of one citizen; a fourth closes the oldest (a reloaded page's old stream).
  perIdentity: 3,
  // A commune office's shared Wi-Fi: dozens of citizens at once, never thousands.
  perSource: 50,
  // What one small server (1–2 GB) holds without slowing answers.
  total: 5000,
  // Most proxies close an idle connection after 30–60 s.
  heartbeatMs: 25_000,
  // Half an hour: a forgotten tab gives its connection back; EventSource reconnects within seconds.
  maxAgeMs: 30 * 60_000,
};

// What the browser waits before reconnecting after the server closed the stream.
const RECONNECT_MS = 3000;

interface Stream {
  res: Response;
  source: string;
  userId: string;
  close(): void;
}

export class WebStreams {
  private readonly byUser = new Map<string, Stream[]>();
  private readonly bySource = new Map<string, number>();
  private total = 0;

  constructor(private readonly bounds: StreamBounds = DEFAULT_STREAM_BOUNDS) {}

  /** False (nothing opened) when the source or the process holds as many streams as allowed. */
  canOpen(source: string): boolean {
    return this.total < this.bounds.total && (this.bySource.get(source) ?? 0) < this.bounds.perSource;
  }

  /** Starts the event stream on `res`; the caller checked canOpen(). */
  open(userId: string, source: string, res: Response): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
    const own = this.byUser.get(userId) ?? [];
    // The oldest stream of the identity gives way (a reloaded page's connection not yet noticed closed).
    while (own.length >= this.bounds.perIdentity) own[0]!.close();
    const heartbeat = setInterval(() => res.write(': ping\n\n'), this.bounds.heartbeatMs);
    const expiry = setTimeout(() => stream.close(), this.bounds.maxAgeMs);
    let closed = false;
    const stream: Stream = {
      res,
      source,
      userId,
      close: () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearTimeout(expiry);
        const list = this.byUser.get(userId) ?? [];
        const i = list.indexOf(stream);
        if (i >= 0) list.splice(i, 1);
        if (!list.length) this.byUser.delete(userId);
        const n = (this.bySource.get(source) ?? 1) - 1;
        if (n > 0) this.bySource.set(source, n);
        else this.bySource.delete(source);
        this.total--;
        res.end();
      },
    };
    res.on('close', stream.close);
    this.byUser.set(userId, [...(this.byUser.get(userId) ?? []), stream]);
    this.bySource.set(source, (this.bySource.get(source) ?? 0) + 1);
    this.total++;
  }

  /** Writes an event to every open stream of the identity; false when it has none. */
  push(userId: string, data: unknown): boolean {
    const list = this.byUser.get(userId);
    if (!list?.length) return false;
    const line = `data: ${JSON.stringify(data)}\n\n`;
    for (const s of list) s.res.write(line);
    return true;
  }

  /** How many streams are open (for a source, or in all). */
  count(source?: string): number {
    return source === undefined ? this.total : (this.bySource.get(source) ?? 0);
  }

  closeAll(): void {
    for (const list of [...this.byUser.values()]) for (const s of [...list]) s.close();
  }
}
