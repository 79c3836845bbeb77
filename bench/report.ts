// npm run bench:report — the quarterly report over a quarter with 100 000 dossiers.
// Loads synthetic dossiers (and 20 000 ratings) with generate_series, then times the figures
// (SQL aggregates), the .docx and the .xlsx. Uses an in-memory PGlite, or, with DATABASE_URL,
// a throw-away database created next to it (dropped at the end).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { initI18n } from '../core/i18n';
import { parseConfig } from '../core/config';
import { openDatabase } from '../models/db';
import { computeFigures } from '../reports/figures';
import { parsePeriod } from '../reports/period';
import { loadReport, reportDocx, reportXlsx } from '../reports/service';

// The issue's target size: a quarter with 100 000 dossiers (far above a commune's ~300).
const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 100_000);
const RATINGS = Number(process.env.BENCH_RATINGS ?? 20_000);
const RUNS = 5;

const FIELDS = ['Chứng thực', 'Hộ tịch', 'Bảo trợ xã hội', 'Người có công', 'Đất đai', 'Tư pháp', 'Nông nghiệp', 'Văn hóa'];

async function main(): Promise<void> {
  await initI18n();
  const base = process.env.DATABASE_URL;
  let url: string | undefined;
  let name: string | undefined;
  if (base) {
    name = `bench_report_${randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const database = await openDatabase({ databaseUrl: url });
  try {
    await database.migrate();
    const { db } = database;
    const t0 = performance.now();
    const fields = sql.raw(`array[${FIELDS.map((f) => `'${f}'`).join(',')}]`);
    // Every status, channel, level and source; statuses 1 and 3 must drop out.
    await db.execute(sql`
      insert into dossiers (code, procedure_code, field, channel, online_level, source, received_date, due_date,
                            end_date, returned_date, status, apology_date, new_due_date, content_hash)
      select 'B-' || g,
        '1.' || lpad((g % 40)::text, 6, '0'),
        (${fields})[1 + g % ${FIELDS.length}],
        (array['truc_tuyen','truc_tuyen','truc_tuyen','truc_tiep','buu_chinh'])[1 + g % 5],
        (array['toan_trinh','mot_phan','mot_phan','khong'])[1 + g % 4],
        (array['mot_cua','mot_cua','lien_thong','chung_thuc_dien_tu'])[1 + g % 4],
        r, r + 5, case when s in (7, 9, 10) then r + (g % 9) end, case when s = 10 then r + (g % 9) end,
        s, case when g % 97 = 0 then r + 4 end, case when g % 97 = 0 then r + 8 end, 'bench'
      from (
        select g,
          -- The first DOSSIERS are received inside Q2/2024; a tenth more before it (carried over or not).
          case when g <= ${DOSSIERS} then date '2024-03-15' + (g % 92) else date '2024-01-15' + (g % 60) end as r,
          (array[2,4,5,7,9,10,10,10,10,10,1,3])[1 + g % 12] as s
        from generate_series(1, ${Math.round(DOSSIERS * 1.1)}) g
      ) x
    `);
    await db.execute(sql`
      insert into ratings (dossier_code, rated_on, idx1, idx2, idx3, idx4, idx5, idx6, idx7, idx8, idx9, level, origin)
      select 'B-' || g, date '2024-03-15' + (g % 92), 2, 2, 1 + g % 2, 2, 2, 2, 2 - g % 3 / 2, 2, 1,
        (array['rat_hai_long','rat_hai_long','hai_long','binh_thuong'])[1 + g % 4], 'import'
      from generate_series(1, ${RATINGS}) g
    `);
    await db.execute(sql`analyze dossiers`);
    await db.execute(sql`analyze ratings`);
    const load = performance.now() - t0;
    const inQuarter = (await db.execute(sql`
      select count(*)::int as n from dossiers where received_date between '2024-03-15' and '2024-06-14'`)) as unknown as { rows: { n: number }[] };
    console.log(`${database.kind}: loaded ${Math.round(DOSSIERS * 1.1)} dossiers (${inQuarter.rows[0]!.n} received in Q2/2024) and ${RATINGS} ratings in ${(load / 1000).toFixed(1)} s`);

    const period = parsePeriod('2024-Q2');
    const times: number[] = [];
    let figures = await computeFigures(db, period);
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      figures = await computeFigures(db, period);
      times.push(performance.now() - s);
      if (process.stdout.isTTY) process.stdout.write(`\rfigures run ${i + 1}/${RUNS}`);
    }
    if (process.stdout.isTTY) process.stdout.write('\n');
    times.sort((a, b) => a - b);
    const config = parseConfig({});
    let s = performance.now();
    const input = { ...(await loadReport(db, period, config, { create: false })), figures };
    const docx = await reportDocx(input, config, '2024-06-14');
    const docxMs = performance.now() - s;
    s = performance.now();
    const xlsx = await reportXlsx(input, config);
    const xlsxMs = performance.now() - s;
    const d = figures.dossiers;
    console.log(
      `figures for ${period.from}..${period.to}: median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms, ` +
        `min ${times[0]!.toFixed(0)} ms, max ${times[RUNS - 1]!.toFixed(0)} ms (${RUNS} runs)`,
    );
    console.log(`  received ${d.received.total} (carried over ${d.received.carried_over}), resolved ${d.resolved.total}, in process ${d.in_process.total}, ${figures.satisfaction.forms} forms, ${figures.warnings.length} warning(s)`);
    console.log(`docx ${docxMs.toFixed(0)} ms (${(docx.length / 1024).toFixed(0)} KiB), xlsx ${xlsxMs.toFixed(0)} ms (${(xlsx.length / 1024).toFixed(0)} KiB)`);
  } finally {
    await database.close();
    if (name && base) {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }
}

main().catch((err) => {
  console.error(`bench:report failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
