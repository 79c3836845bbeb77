// `npm run catalog:import -- FILE [--dry-run]`: upserts procedures by code from JSON, CSV or XLSX
// (or national-portal records) in one transaction. A bad row stops everything: nothing changes.
// Messages: cli:catalog.import.*.
import { cliArgsOrExit } from '../../core/cli';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { applyImport, CatalogError, previewImport, type ImportResult } from '../catalog';
import { readCatalogFile } from '../catalog-files';

const { values, positionals, t, help } = await cliArgsOrExit({ command: 'catalog:import', options: { 'dry-run': { type: 'boolean', default: false } }, positionals: true });
if (positionals.length !== 1) {
  console.log(help());
  process.exit(1);
}

let rows: Record<string, unknown>[];
try {
  rows = await readCatalogFile(positionals[0]!);
} catch (e) {
  console.error(t('cli:catalog.import.cannot_read', { file: positionals[0], reason: (e as Error).message }));
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
  for (const err of result.errors) console.error(t('cli:catalog.import.row_error', { row: err.row, code: err.code ? ` (${err.code})` : '', reason: err.reason }));
  console.error(t('cli:catalog.import.failed', { count: result.errors.length }));
  process.exit(1);
}
const count = (a: string) => result.changes.filter((c) => c.action === a).length;
for (const c of result.changes.filter((x) => x.action !== 'unchanged')) {
  console.log(`${c.action === 'insert' ? '+' : '~'} ${c.code}${c.action === 'update' ? `: ${c.fields.join(', ')}` : ''}`);
}
console.log(
  t(values['dry-run'] ? 'cli:catalog.import.preview' : 'cli:catalog.import.done', {
    rows: rows.length,
    inserted: count('insert'),
    updated: count('update'),
    unchanged: count('unchanged'),
  }),
);
