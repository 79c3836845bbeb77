// Starting the assistant as a real server process for benchmarks, and reading its memory.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  coldStartMs: number;
  stop(): Promise<void>;
}

let built = false;
/** Builds dist/main.js once per bench run, so no start measured includes a build. */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  built = true;
}

/**
 * Spawns the server as `npm start` runs it, `node scripts/start.mjs` (the built dist/main.js, in the same
 * process, so its RSS is the assistant's own).
 */
export async function startServer(
  env: Record<string, string>,
  nodeArgs: string[] = [],
  opts: { /** Every line the server writes (stdout and stderr); without it the output is inherited. */ onLine?: (line: string) => void } = {},
): Promise<ServerProcess> {
  ensureBuilt();
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', opts.onLine ? 'pipe' : 'inherit', opts.onLine ? 'pipe' : 'inherit'],
  });
  if (opts.onLine) {
    for (const stream of [child.stdout!, child.stderr!]) {
      let rest = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const l of lines) opts.onLine!(l);
      });
    }
  }
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const coldStartMs = performance.now() - started;
  return {
    child,
    port,
    base,
    coldStartMs,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
