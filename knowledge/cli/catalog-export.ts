// `npm run catalog:export -- --json [--out FILE]`: prints the catalog as JSON rows that
// catalog:import reads back unchanged.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { exportCatalog } from '../catalog';

const HELP = `Usage: npm run catalog:export -- --json [--out FILE]
Prints the procedure catalog (all fields, fee rules included) as a JSON list; catalog:import
reads the same format. The database is DATABASE_URL, or the embedded one in DATA_DIR (stop the server first).`;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: true },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const database = await databaseOrExit(configOrExit());
try {
  const rows = await exportCatalog(database.db);
  const text = `${JSON.stringify(rows, null, 2)}\n`;
  if (values.out) {
    writeFileSync(values.out, text);
    console.error(`Đã ghi ${rows.length} thủ tục vào ${values.out}.`);
  } else process.stdout.write(text);
} finally {
  await database.close();
}
