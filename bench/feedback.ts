// `npm run bench:feedback [-- --rows N]`: speed of the PAKN module on a filled table: filing
// through the repo, the full chat form through the engine, the quarterly counts, the inbox list
// (plain, overdue, search) and the XLSX export. In-memory PGlite, or DATABASE_URL when set.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';

// Per-turn logs would drown the figures; the logger reads LOG_LEVEL when first imported.
process.env.LOG_LEVEL ??= 'warn';
const { openDatabase } = await import('../models/db');
const { parseConfig } = await import('../core/config');
const { createAssistant } = await import('../bot/app');
const { createFeedback } = await import('../models/repos/feedback/filing');
const { DEFAULT_DUE_WORKING_DAYS } = await import('../models/repos/feedback/deadlines');
const { feedbackCounts } = await import('../models/repos/feedback/counts');
const { listFeedback } = await import('../models/repos/feedback/inbox');
const { vnDate } = await import('../core/clock');
const { exportFeedbackXlsx } = await import('../handlers/feedback/export');

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '20000' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench:feedback [-- --rows N]
Fills the feedback tables with N complaints spread over the last 12 months (with their audit events),
then times: filing (repo), the whole chat form (8 turns through the engine), feedbackCounts for a
quarter, the inbox list (plain, overdue, search) and the XLSX export of a quarter.
Uses an in-memory PGlite database, or the PostgreSQL server of DATABASE_URL (tables are emptied).`);
  process.exit(0);
}
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 0) {
  console.error('--rows must be a whole number, e.g. --rows 20000');
  process.exit(2);
}

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
await database.migrate();
const { db } = database;
await db.execute(sql`truncate feedback, feedback_events, feedback_counters restart identity cascade`);

const time = async <T>(fn: () => Promise<T>, n = 1): Promise<{ ms: number; last: T }> => {
  let last!: T;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) last = await fn();
  return { ms: (performance.now() - t0) / n, last };
};

// Fill: one SQL statement per table (the repo path is timed separately below).
const t0 = performance.now();
await db.execute(sql`
  insert into feedback (code, kind, status, channel, user_id, lang, content, name, address, phone, received_at, received_date, due_date, assigned_to)
  select 'PB-' || lpad(g::text, 12, '0'),
         (array['quy_dinh','giai_quyet','kien_nghi','khac'])[1 + g % 4],
         (array['moi','dang_xu_ly','da_tra_loi','da_dong','da_chuyen'])[1 + g % 5],
         'zalo', 'user-' || (g % 5000), 'vi',
         'Nội dung phản ánh số ' || g || ' về thời gian giải quyết hồ sơ chứng thực',
         'Người dân ' || g, 'Thôn ' || (g % 12), '09' || lpad((g % 100000000)::text, 8, '0'),
         now() - (g % 365) * interval '1 day', (now() - (g % 365) * interval '1 day')::date,
         (now() - (g % 365) * interval '1 day' + interval '14 days')::date,
         case when g % 3 = 0 then 'lan' else null end
  from generate_series(1, ${rows}) g`);
await db.execute(sql`
  insert into feedback_events (feedback_id, actor, action, to_status, created_at)
  select id, 'citizen', 'created', 'moi', received_at from feedback`);
await db.execute(sql`
  insert into feedback_events (feedback_id, actor, action, from_status, to_status, created_at)
  select id, 'lan', 'transition', 'moi', status, received_at + interval '3 days' from feedback where status <> 'moi'`);
const fillMs = performance.now() - t0;

const opts = { dueDays: DEFAULT_DUE_WORKING_DAYS, officeDays: [1, 2, 3, 4, 5] };
const FILED = 200;
const filing = await time(
  () => createFeedback(db, { kind: 'quy_dinh', channel: 'web', userId: 'bench', lang: 'vi', content: 'Phản ánh thử nghiệm hiệu năng' }, opts),
  FILED,
);

// The whole form through the engine (8 turns), with the real handlers.
const assistant = await createAssistant(parseConfig({ NODE_ENV: 'test', JOBS_ENABLED: 'false', LOG_LEVEL: 'silent' }), database);
const FORMS = 30;
let seq = 0;
const form = await time(async () => {
  const user = `form-${++seq}`;
  for (const text of ['gửi phản ánh', '1', 'Đường vào trụ sở xã ngập nước sau mưa, đề nghị sửa.', 'Nguyễn Văn An', 'Thôn 3, xã Hoàng Kim', '0912345678', 'không', 'gửi']) {
    await assistant.engine.handle({ id: `b-${seq}-${text.length}-${Math.random()}`, channel: 'web', userId: user, kind: 'text', text, receivedAt: new Date() });
  }
}, FORMS);

const today = vnDate();
const quarterFrom = vnDate(new Date(Date.now() - 91 * 86_400_000));
const counts = await time(() => feedbackCounts(db, { from: quarterFrom, to: today }), 5);
const yearCounts = await time(() => feedbackCounts(db, { from: vnDate(new Date(Date.now() - 365 * 86_400_000)), to: today }), 3);
const list = await time(() => listFeedback(db, { today }), 10);
const overdue = await time(() => listFeedback(db, { today, overdue: true }), 10);
const mine = await time(() => listFeedback(db, { today, assignedTo: 'lan', status: 'dang_xu_ly' }), 10);
const search = await time(() => listFeedback(db, { today, q: 'Người dân 1234' }), 10);
const xlsx = await time(() => exportFeedbackXlsx(db, { from: quarterFrom, to: today }), 1);

const total = rows + FILED + FORMS;
console.log(`feedback bench on ${database.kind}: ${total} complaints (${rows} bulk-filled in ${(fillMs / 1000).toFixed(1)} s)`);
console.log(`file one PAKN (repo: code + row + audit, one transaction): ${filing.ms.toFixed(2)} ms`);
console.log(`whole chat form, 8 turns through the engine:              ${form.ms.toFixed(1)} ms per form (${((8 * 1000) / form.ms).toFixed(0)} turns/s)`);
console.log(`feedbackCounts, one quarter:  ${counts.ms.toFixed(1)} ms  → received ${counts.last.received}, answered ${counts.last.answered}, in process ${counts.last.in_process}, transferred ${counts.last.transferred}, overdue ${counts.last.overdue}`);
console.log(`feedbackCounts, one year:     ${yearCounts.ms.toFixed(1)} ms  → received ${yearCounts.last.received}`);
console.log(`inbox list (50 newest):       ${list.ms.toFixed(1)} ms  (total ${list.last.total})`);
console.log(`inbox list, overdue:          ${overdue.ms.toFixed(1)} ms  (total ${overdue.last.total})`);
console.log(`inbox list, mine + status:    ${mine.ms.toFixed(1)} ms  (total ${mine.last.total})`);
console.log(`inbox search (name):          ${search.ms.toFixed(1)} ms  (total ${search.last.total})`);
console.log(`XLSX export of a quarter:     ${xlsx.ms.toFixed(0)} ms  (${(xlsx.last.length / 1024).toFixed(0)} KiB)`);
await assistant.stop();
await database.close();
