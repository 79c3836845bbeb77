// `npm run bench:start`: from starting the server (as `npm start` does) to a ready /readyz, on PGlite:
// the first start (initdb, migrations, sample catalog) and restarts on the existing database; and the
// resident memory once idle. Targets (issue 17): first start ≤ 5 s, restart ≤ 2 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuilt, rssMb, startServer } from './lib/process';

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 3);
// Idle memory is read after start-up work has settled.
const SETTLE_MS = 1000;
const env = { JOBS_ENABLED: 'false' };

ensureBuilt();
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-start-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const first = await startServer({ ...env, DATA_DIR: dataDir });
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const firstRss = rssMb(first.child.pid!);
  await first.stop();
  const restarts: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RESTARTS; i++) {
    const s = await startServer({ ...env, DATA_DIR: dataDir });
    restarts.push(s.coldStartMs);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    rss.push(rssMb(s.child.pid!));
    await s.stop();
  }
  console.log('\nnpm start → ready /readyz, PGlite');
  console.log(`first start  ${first.coldStartMs.toFixed(0).padStart(6)} ms   RSS idle ${firstRss.toFixed(0)} MB`);
  console.log(
    `restart      ${median(restarts).toFixed(0).padStart(6)} ms   RSS idle ${median(rss).toFixed(0)} MB   (median of ${RESTARTS}: ${restarts.map((m) => m.toFixed(0)).join(', ')} ms)`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
