// `npm run bench:profile`: where the CPU time goes. Runs the server under `node --cpu-prof`, then prints
// the top costs by self time, per function and per module (our folders, or the package under
// node_modules).
//   default:     a turn: the web chat route loaded as bench:webchat does (start-up and warm-up left out);
//   `-- --start`: a restart on an existing database, from spawn to a ready /readyz;
//   `-- --postgres URL`: the turn on PostgreSQL at URL (a scratch database: the server migrates and seeds it)
//   instead of PGlite; only the server's Node side is profiled, not the database's backends.
// PROFILE_KEEP=file keeps the raw .cpuprofile.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { machineLoad, ownSchedulingGroup, startServer } from './lib/process';
import { WebIdentities } from '../bot/channels/web/identity';
import { printTop, summarise, type Profile } from './lib/cpuprofile';

const CONNECTIONS = 10;
const DURATION_S = Number(process.env.PROFILE_SECONDS ?? 10);
const QUESTIONS = ['xin chào', 'làm giấy khai sinh cần gì', 'chung thuc 5 trang het bao nhieu', 'menu', 'English', 'Tiếng Việt'];
const startMode = process.argv.includes('--start');
const pgAt = process.argv.indexOf('--postgres');
const engineEnv: Record<string, string> = pgAt >= 0 ? { DATABASE_URL: process.argv[pgAt + 1]! } : {};
// The server signs web chat identities with this key; the bench signs its citizens' ids alike.
const SECRET = 'bench-profile-secret-0123456789abcdef';
const identities = new WebIdentities(SECRET);
const env = { WEBCHAT_RATE_PER_MINUTE: '1000000', WEBCHAT_IP_RATE_PER_MINUTE: '1000000', WEBCHAT_SECRET: SECRET, JOBS_ENABLED: 'false' };

// A scheduling group of its own, as bench:webchat: other sessions' work would otherwise fill the profile with waits.
await ownSchedulingGroup();
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-profile-'));
const profDir = mkdtempSync(path.join(tmpdir(), 'bench-profile-cpu-'));
const profArgs = ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
try {
  if (startMode) {
    // First start (initdb, migrations, seeding) unprofiled; the restart is what is measured.
    await (await startServer({ ...env, DATA_DIR: dataDir })).stop();
    const server = await startServer({ ...env, DATA_DIR: dataDir }, profArgs);
    const ms = server.coldStartMs;
    await server.stop();
    const s = summarise(readProfile(), 0);
    // The stop is in the profile too, but it is short next to the start.
    console.log(`restart to /readyz in ${ms.toFixed(0)} ms; ${s.totalMs.toFixed(0)} ms busy, ${s.idleMs.toFixed(0)} ms idle; ${machineLoad()}`);
    printTop('Top functions by self time', s.functions);
    printTop('Top modules by self time', s.modules);
  } else {
    const spawned = performance.now();
    const server = await startServer({ ...env, DATA_DIR: dataDir, ...engineEnv }, profArgs);
    let i = 0;
    const body = () => JSON.stringify({ userId: identities.sign(`prof-${i % 500}`), text: QUESTIONS[i++ % QUESTIONS.length] });
    // Warm-up (JIT, caches) as bench:webchat does; start-up and warm-up samples are left out of the summary.
    await autocannon({ url: `${server.base}/api/webchat/messages`, connections: 2, amount: 200, method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
    const loadFrom = performance.now() - spawned;
    const r = await autocannon({
      url: `${server.base}/api/webchat/messages`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
    });
    await server.stop();
    const s = summarise(readProfile(), loadFrom * 1000);
    console.log(`${r.requests.total} turns in ${DURATION_S} s (${r.requests.average.toFixed(0)} req/s); ${s.totalMs.toFixed(0)} ms busy, ${s.idleMs.toFixed(0)} ms idle under load; ${machineLoad()}`);
    printTop('Top functions by self time', s.functions);
    printTop('Top modules by self time', s.modules);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profDir, { recursive: true, force: true });
}

function readProfile(): Profile {
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  // PROFILE_KEEP=path: keep the raw profile there too (for Chrome DevTools or a closer look).
  if (process.env.PROFILE_KEEP) copyFileSync(path.join(profDir, file), process.env.PROFILE_KEEP);
  return JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as Profile;
}
