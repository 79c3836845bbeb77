// `npm run bench:dossiers [-- --rows N --lookups N]`: imports a generated export of 100 000 dossiers
// (rows per second, first import and the same file again), then measures verified look-ups per
// second at the repository and through the conversation engine.
// Database: in-memory PGlite, or a throw-away database on the DATABASE_URL server.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openTestDatabase } from '../test/helpers/db';
import { importDossierFile, parseDossierFile } from '../handlers/dossiers/importer';
import { verifyDossierAccess } from '../models/repos/dossiers/lookups';
import { createAssistant } from '../bot/app';
import { parseConfig } from '../core/config';
import { logger } from '../core/logger';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    lookups: { type: 'string', default: '2000' },
    conversations: { type: 'string', default: '300' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('Usage: npm run bench:dossiers -- [--rows 100000] [--lookups 2000] [--conversations 300]\n' +
    'Uses in-memory PGlite, or a temporary database on DATABASE_URL when it is set.');
  process.exit(0);
}
const ROWS = Number(values.rows);
const LOOKUPS = Number(values.lookups);
const CONVERSATIONS = Number(values.conversations);
logger.level = 'silent';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
function codeOf(i: number): string {
  // 10 000 dossiers per receipt day, as a busy provincial unit would number them.
  const day = Math.floor(i / 10_000);
  return `000.00.06.H56-2404${pad(day + 1, 2)}-${pad(i % 10_000, 4)}`;
}
const phoneOf = (i: number) => `09${pad(i, 8)}`;

function generate(file: string, rows: number, statusShift = 0) {
  const lines = ['ma_ho_so,ma_thu_tuc,ten_thu_tuc,linh_vuc,kenh,muc_do,nguon,ngay_tiep_nhan,ngay_hen_tra,ngay_ket_thuc_xu_ly,ngay_tra_ket_qua,trang_thai,chu_ho_so,so_dien_thoai,ngay_xin_loi,ngay_hen_moi'];
  const channels = ['truc_tuyen', 'truc_tiep', 'buu_chinh'];
  for (let i = 0; i < rows; i++) {
    const d = Math.floor(i / 10_000) + 1;
    const done = (i + statusShift) % 3 === 0;
    lines.push([
      codeOf(i), '1.001193', 'Đăng ký khai sinh', 'Hộ tịch', channels[i % 3], i % 2 ? 'toan_trinh' : 'mot_phan', 'mot_cua',
      `${pad(d, 2)}/04/2024`, `${pad(d + 3, 2)}/04/2024`, done ? `${pad(d + 2, 2)}/04/2024` : '', '',
      done ? 9 : 4, `Người nộp ${i}`, phoneOf(i), '', '',
    ].join(','));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

const dir = mkdtempSync(path.join(tmpdir(), 'bench-dossiers-'));
const file = path.join(dir, 'export.csv');
const newer = path.join(dir, 'export-newer.csv');
generate(file, ROWS);
generate(newer, ROWS, 1);

const database = await openTestDatabase();
const db = database.db;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
// The machine is shared: CPU time of this process (PGlite runs inside it) is reported beside wall time.
let cpuMark = process.cpuUsage();
const cpuMs = () => {
  const u = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const perCpu = (n: number) => {
  const c = cpuMs();
  return `${rate(n, c)} per CPU-second`;
};
try {
  console.log(`Database: ${database.kind}; ${ROWS} rows`);
  let t = performance.now();
  cpuMs();
  const parsed = await parseDossierFile(file);
  const parseMs = performance.now() - t;
  console.log(`parse + validate:   ${rate(parsed.total, parseMs)} rows/s (${(parseMs / 1000).toFixed(1)} s; ${perCpu(parsed.total)})`);

  t = performance.now();
  cpuMs();
  const first = await importDossierFile(db, file);
  let ms = performance.now() - t;
  console.log(`import (new):       ${rate(first.total, ms)} rows/s (${(ms / 1000).toFixed(1)} s; inserted ${first.inserted}; ${perCpu(first.total)})`);

  t = performance.now();
  cpuMs();
  const same = await importDossierFile(db, file);
  ms = performance.now() - t;
  console.log(`import (same file): ${rate(same.total, ms)} rows/s (${(ms / 1000).toFixed(1)} s; unchanged ${same.unchanged}; ${perCpu(same.total)})`);

  t = performance.now();
  cpuMs();
  const upd = await importDossierFile(db, newer);
  ms = performance.now() - t;
  console.log(`import (newer):     ${rate(upd.total, ms)} rows/s (${(ms / 1000).toFixed(1)} s; updated ${upd.updated}, unchanged ${upd.unchanged}; ${perCpu(upd.total)})`);

  // Repository look-ups: lock check + find + record, each by a different user (no lock-out).
  t = performance.now();
  cpuMs();
  let ok = 0;
  for (let n = 0; n < LOOKUPS; n++) {
    const i = (n * 7919) % ROWS;
    const r = await verifyDossierAccess(db, { channel: 'web', userId: `bench-${n}`, code: codeOf(i), digits: phoneOf(i).slice(-4) });
    if (r.outcome === 'ok') ok++;
  }
  ms = performance.now() - t;
  console.log(`look-ups (repo):    ${rate(LOOKUPS, ms)} /s (${ok}/${LOOKUPS} verified; ${perCpu(LOOKUPS)})`);

  // Whole conversations through the engine: code turn + digits turn.
  const assistant = await createAssistant(parseConfig({ NODE_ENV: 'test', PORT: '0', JOBS_ENABLED: 'false' }), database);
  t = performance.now();
  cpuMs();
  let answered = 0;
  for (let n = 0; n < CONVERSATIONS; n++) {
    const i = (n * 104_729) % ROWS;
    const userId = `conv-${n}`;
    const ev = (text: string, k: number) => ({ id: `b-${n}-${k}`, channel: 'web' as const, userId, kind: 'text' as const, text, receivedAt: new Date() });
    await assistant.engine.handle(ev(`tra cứu hồ sơ ${codeOf(i).toLowerCase()}`, 1));
    const res = await assistant.engine.handle(ev(phoneOf(i).slice(-4), 2));
    if (res.replies[0]?.text.includes('Đăng ký khai sinh')) answered++;
  }
  ms = performance.now() - t;
  console.log(`look-ups (engine):  ${rate(CONVERSATIONS, ms)} conversations/s, ${rate(CONVERSATIONS * 2, ms)} turns/s (${answered}/${CONVERSATIONS} answered; ${perCpu(CONVERSATIONS)} conversations)`);
  await assistant.stop();
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
