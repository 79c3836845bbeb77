// `npm run bench:admin`: how fast the admin pages answer on a commune-sized year of data
// (in-process, PGlite in memory, or the PostgreSQL of DATABASE_URL), and what a login costs.
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { createAssistant } from '../bot/app';
import { parseConfig } from '../core/config';
import { openDatabase } from '../models/db';
import { loadSampleCatalogIfEmpty } from '../knowledge/catalog';
import { createAdminUser } from '../admin/users';

// A busy commune: ~300 citizen messages a day for a year, 3 000 dossiers, 1 500 distinct unanswered questions.
const MESSAGES = 110_000;
const DOSSIERS = 3_000;
const UNANSWERED = 1_500;
const LOGINS = 5;
// Two staff screens refreshing at once is already more than an office produces.
const CONNECTIONS = 2;
const DURATION_S = 5;
const PASSWORD = 'bench-password-123';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
await database.migrate();
const { db } = database;
if (process.env.DATABASE_URL) {
  console.log('PostgreSQL: tables of the bench are emptied first');
  await db.execute(sql`truncate messages, dossiers, unanswered_questions, admin_users, admin_sessions, admin_login_attempts, admin_audit`);
}
await loadSampleCatalogIfEmpty(db);
const t0 = performance.now();
await db.execute(sql`insert into messages (channel, user_id, direction, text, created_at)
  select 'web', 'u' || (i % 4000), case when i % 2 = 0 then 'in' else 'out' end, 'bench',
         now() - (i % 365) * interval '1 day' - (i % 600) * interval '1 minute'
  from generate_series(1, ${MESSAGES}) i`);
await db.execute(sql`insert into dossiers (code, status, received_date, content_hash)
  select 'B' || i, 1 + (i % 10), current_date - (i % 365), 'h' from generate_series(1, ${DOSSIERS}) i`);
await db.execute(sql`insert into unanswered_questions (normalized, text, count, first_asked_at)
  select 'q' || i, 'câu hỏi ' || i, 1 + (i % 17), now() - (i % 365) * interval '1 day' from generate_series(1, ${UNANSWERED}) i`);
console.log(`data: ${MESSAGES} messages, ${DOSSIERS} dossiers, ${UNANSWERED} unanswered questions (${Math.round(performance.now() - t0)} ms to insert)`);

await createAdminUser(db, { username: 'bench', role: 'admin', password: PASSWORD });
const config = parseConfig({ NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false', LOG_LEVEL: 'silent' });
const assistant = await createAssistant(config, database);
const { port } = await assistant.listen(0);
const base = `http://127.0.0.1:${port}`;

async function login(): Promise<{ cookie: string; ms: number }> {
  const page = await fetch(`${base}/admin/login`);
  const pre = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const started = performance.now();
  const res = await fetch(`${base}/admin/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre },
    body: new URLSearchParams({ _csrf: csrf, username: 'bench', password: PASSWORD }).toString(),
  });
  const ms = performance.now() - started;
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('tl_admin='))!, ms };
}

const times: number[] = [];
let cookie = '';
for (let i = 0; i < LOGINS; i++) {
  const l = await login();
  times.push(l.ms);
  cookie = l.cookie;
}
times.sort((a, b) => a - b);
console.log(`login (argon2id verify + session): median ${Math.round(times[Math.floor(LOGINS / 2)]!)} ms over ${LOGINS}`);

for (const path of ['/admin/', '/admin/catalog', '/admin/catalog/2.000815', '/admin/unanswered', '/admin/audit']) {
  const r = await autocannon({ url: base + path, connections: CONNECTIONS, duration: DURATION_S, headers: { cookie } });
  console.log(`GET ${path.padEnd(26)} ${r.requests.average.toFixed(1).padStart(7)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.errors + r.non2xx}`);
}
await assistant.stop();
await database.close();
