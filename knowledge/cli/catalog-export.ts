// `npm run catalog:export -- --json [--out FILE]`: prints the catalog as JSON rows that
// catalog:import reads back unchanged. Messages: cli:catalog.export.*.
import { writeFileSync } from 'node:fs';
import { cliArgsOrExit } from '../../core/cli';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { exportCatalog } from '../catalog';

const { values, t } = await cliArgsOrExit({ command: 'catalog:export', options: { json: { type: 'boolean', default: true }, out: { type: 'string' } } });
const database = await databaseOrExit(configOrExit());
try {
  const rows = await exportCatalog(database.db);
  const text = `${JSON.stringify(rows, null, 2)}\n`;
  if (values.out) {
    writeFileSync(values.out, text);
    console.error(t('cli:catalog.export.written', { count: rows.length, file: values.out }));
  } else process.stdout.write(text);
} finally {
  await database.close();
}
