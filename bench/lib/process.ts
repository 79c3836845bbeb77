// Starting the assistant as a real server process for benchmarks, and reading its memory.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
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

// Linux's clock tick for /proc/<pid>/stat times (USER_HZ, 100 on every common architecture).
const USER_HZ = 100;

/** CPU time a process has used (user + system, all its threads) in ms, from /proc/<pid>/stat; null off Linux. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return null;
  }
}

/** Time a process's main thread (where the JavaScript and PGlite run) spent on a CPU and waiting for one. */
export interface SchedStat {
  cpuMs: number;
  waitMs: number;
}

/** The main thread's scheduler figures (Linux /proc/<pid>/schedstat); null where the kernel does not keep them. */
export function schedStat(pid: number): SchedStat | null {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(onCpu) && Number.isFinite(waiting) ? { cpuMs: onCpu! / 1e6, waitMs: waiting! / 1e6 } : null;
  } catch {
    return null;
  }
}

const AUTOGROUP_SWITCH = '/proc/sys/kernel/sched_autogroup_enabled';
const OWN_GROUP_ENV = 'BENCH_OWN_AUTOGROUP';

// The group's nice when the benchmark was started without a lower one: high enough that other sessions'
// tests on a shared machine do not starve the figures (the helpers' guide runs short CPU-bound work at -12).
// BENCH_NICE overrides it (0: no priority over other sessions).
const DEFAULT_GROUP_NICE = -12;

/**
 * Runs this benchmark (and the servers it spawns, which inherit the session) in a scheduling group of its
 * own with a high priority: the nice the benchmark was started with if lower, else BENCH_NICE or -12. With
 * Linux autogroup on, the kernel shares the CPUs fairly between sessions first and applies `nice` only
 * within a session, so `nice -n -15 npm run bench:soak` on a machine where other sessions are busy still
 * got 1/N of the CPUs: measured 16:51 UTC, the server's main thread waited for a CPU 75–83 % of the time
 * and got 15–24 % of one. Re-executes the script in a new session (a new autogroup) with that nice, then
 * waits for it; returns at once in that child, where autogroup is off, or when the group cannot be set
 * (the bench then runs as before and says so). A PostgreSQL server the bench talks to stays in its own
 * group: only its share of the CPUs is not ours to set.
 */
export async function ownSchedulingGroup(): Promise<void> {
  if (process.env[OWN_GROUP_ENV] || process.platform !== 'linux' || !existsSync(AUTOGROUP_SWITCH)) return;
  if (readFileSync(AUTOGROUP_SWITCH, 'utf8').trim() !== '1') return;
  const wanted = process.env.BENCH_NICE !== undefined ? Number(process.env.BENCH_NICE) : DEFAULT_GROUP_NICE;
  const nice = Math.min(os.getPriority(), Number.isFinite(wanted) ? wanted : DEFAULT_GROUP_NICE);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    // detached: setsid() in the child, which makes a new autogroup.
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, [OWN_GROUP_ENV]: String(nice) },
  });
  try {
    writeFileSync(`/proc/${child.pid}/autogroup`, String(nice));
  } catch (e) {
    console.warn(`Could not give the benchmark's scheduling group nice ${nice} (${(e as Error).message}): other sessions' work may starve it.`);
  }
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, forward);
  const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  process.exit(code);
}

// How often the PostgreSQL backends serving a benchmark are looked for (the pool opens connections as load grows).
const BACKEND_POLL_MS = 250;

/**
 * Gives the PostgreSQL backends serving one database the priority of this benchmark's scheduling group,
 * until the returned stop() is called. Each backend calls setsid() when the server forks it, so each is
 * a scheduling group of its own at nice 0; next to a benchmark group at nice -12 holding the assistant,
 * they starved (measured 20:25 UTC: 28 ms a statement, 151 turns/s). Only this database's backends are
 * touched (a scratch database of the bench), not the other users of the server; PostgreSQL must run on
 * this machine and we must be allowed to set its groups (root), else nothing is done.
 */
export async function prioritisePostgresBackends(url: string): Promise<{ stop(): Promise<void>; boosted(): number }> {
  const nice = Number(/nice\s+(-?\d+)/.exec(schedulingGroup() ?? '')?.[1] ?? 0);
  const none = { stop: async () => undefined, boosted: () => 0 };
  if (!inOwnSchedulingGroup() || nice >= 0) return none;
  const { default: pg } = await import('pg');
  const database = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return none;
  }
  const done = new Set<number>();
  let stopped = false;
  const poll = async () => {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
    for (const { pid } of rows) {
      if (done.has(pid)) continue;
      try {
        writeFileSync(`/proc/${pid}/autogroup`, String(nice));
        done.add(pid);
      } catch {
        // Not on this machine, gone meanwhile, or not ours to set.
      }
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await poll().catch(() => undefined);
      await new Promise((r) => setTimeout(r, BACKEND_POLL_MS));
    }
  })();
  return {
    boosted: () => done.size,
    stop: async () => {
      stopped = true;
      await loop;
      await client.end().catch(() => undefined);
    },
  };
}

/** This process's scheduling group as read from /proc ("/autogroup-N nice -12"), or null. */
export function schedulingGroup(): string | null {
  try {
    return readFileSync('/proc/self/autogroup', 'utf8').trim();
  } catch {
    return null;
  }
}

/** The machine's load average (1, 5, 15 min) and this bench's scheduling group, to print beside every figure. */
export function machineLoad(): string {
  const [a, b, c] = os.loadavg().map((x) => x.toFixed(2));
  const group = schedulingGroup();
  return `load average ${a} ${b} ${c}${group ? `; ${group}${inOwnSchedulingGroup() ? ' (own group)' : ''}` : ''}`;
}

/** True in the process ownSchedulingGroup() started. */
export const inOwnSchedulingGroup = (): boolean => Boolean(process.env[OWN_GROUP_ENV]);

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  coldStartMs: number;
  /** CPU time (user + system, all threads) the server process used from spawn to that first 200; null off Linux. */
  cpuAtReadyMs: number | null;
  stop(): Promise<void>;
}

let built = false;
/** Builds dist/main.js once per bench run, so no start measured includes a build. */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  built = true;
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
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
    // The engine is the caller's choice: a DATABASE_URL left in the shell must not turn a PGlite run into PostgreSQL.
    env: { ...withoutDatabaseUrl(process.env), LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
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
    cpuAtReadyMs: cpuMs(child.pid!),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
