// `npm run catalog:import -- FILE [--dry-run]`: upserts procedures by code from JSON, CSV or XLSX
// (or national-portal records) in one transaction. A bad row stops everything: nothing changes.
import { parseArgs } from 'node:util';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { applyImport, CatalogError, previewImport, type ImportResult } from '../catalog';
import { readCatalogFile } from '../catalog-files';

const HELP = `Usage: npm run catalog:import -- FILE [--dry-run]
  FILE        .json (a list of procedures, {"procedures": [...]}, or national-portal records),
              .csv or .xlsx (header row; columns code, name, field, timeText, timeDays, documents,
              fees, aliases, faq, ... — Vietnamese headers such as "mã thủ tục", "tên thủ tục",
              "lĩnh vực", "lệ phí" work too; lists one item per line or separated by " | ";
              a cell "U" means not verified yet)
  --dry-run   show what would change, change nothing
Upserts by code in one transaction: a row for an existing code updates the columns it fills.
A bad row stops the import with its row number and reason; then nothing is changed.
The database is DATABASE_URL, or the embedded one in DATA_DIR (stop the server first).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
});
if (values.help || positionals.length !== 1) {
  console.log(HELP);
  process.exit(values.help ? 0 : 1);
}

let rows: Record<string, unknown>[];
try {
  rows = await readCatalogFile(positionals[0]!);
} catch (e) {
  console.error(`Không đọc được ${positionals[0]}: ${(e as Error).message}`);
  process.exit(1);
}

const database = await databaseOrExit(configOrExit(), { seed: false });
let result: ImportResult;
try {
  result = values['dry-run'] ? await previewImport(database.db, rows) : await applyImport(database.db, rows);
} catch (e) {
  await database.close();
  if (e instanceof CatalogError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
await database.close();

if (!result.ok) {
  for (const err of result.errors) console.error(`Dòng ${err.row}${err.code ? ` (${err.code})` : ''}: ${err.reason}`);
  console.error(`Nhập thất bại: ${result.errors.length} dòng lỗi. Không có gì thay đổi; sửa tệp rồi chạy lại.`);
  process.exit(1);
}
const count = (a: string) => result.changes.filter((c) => c.action === a).length;
for (const c of result.changes.filter((x) => x.action !== 'unchanged')) {
  console.log(`${c.action === 'insert' ? '+' : '~'} ${c.code}${c.action === 'update' ? `: ${c.fields.join(', ')}` : ''}`);
}
console.log(
  `${values['dry-run'] ? 'Xem trước (chưa thay đổi gì)' : 'Đã nhập'}: ${rows.length} dòng — ${count('insert')} thêm mới, ${count('update')} cập nhật, ${count('unchanged')} không đổi.`,
);
