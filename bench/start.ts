// `npm run bench:start`: from starting the server (as `npm start` does) to a ready /readyz, on PGlite:
// the first start (initdb, migrations, sample catalog) and restarts on the existing database; and the
// resident memory once idle. Targets (issue 17): first start ≤ 5 s, restart ≤ 2 s. Besides the wall time it
// prints the server's CPU time to /readyz (a shared machine moves the wall time, less the CPU) and the
// load average; it runs in a high-priority scheduling group of its own (bench/lib/process.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuilt, machineLoad, ownSchedulingGroup, rssMb, startServer } from './lib/process';

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 3);
// Idle memory is read after start-up work has settled.
const SETTLE_MS = 1000;
const env = { JOBS_ENABLED: 'false' };

await ownSchedulingGroup();
ensureBuilt();
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-start-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const first = await startServer({ ...env, DATA_DIR: dataDir });
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const firstRss = rssMb(first.child.pid!);
  const firstLoad = machineLoad();
  await first.stop();
  const restarts: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RESTARTS; i++) {
    const s = await startServer({ ...env, DATA_DIR: dataDir });
    restarts.push(s.coldStartMs);
    cpu.push(s.cpuAtReadyMs ?? NaN);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    rss.push(rssMb(s.child.pid!));
    await s.stop();
  }
  const ms = (x: number | null) => (x === null || Number.isNaN(x) ? '?' : x.toFixed(0));
  console.log(`\nnpm start → ready /readyz, PGlite; ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}`);
  console.log(`first start  ${ms(first.coldStartMs).padStart(6)} ms wall, ${ms(first.cpuAtReadyMs).padStart(5)} ms CPU   RSS idle ${firstRss.toFixed(0)} MB   ${firstLoad}`);
  console.log(
    `restart      ${ms(median(restarts)).padStart(6)} ms wall, ${ms(median(cpu)).padStart(5)} ms CPU   RSS idle ${median(rss).toFixed(0)} MB   ${machineLoad()}`,
  );
  console.log(`             (each of ${RESTARTS}: ${restarts.map((m, i) => `${ms(m)} ms wall / ${ms(cpu[i]!)} ms CPU`).join(', ')})`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
