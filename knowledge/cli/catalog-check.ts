// `npm run catalog:check [-- --strict] [--json] [--file FILE | --sample] [--today YYYY-MM-DD]`:
// what staff must review in the catalog (replaced legal bases, facts without a source, reviews
// older than 12 months, blanks). Exits non-zero only with --strict and something to review.
import { parseArgs } from 'node:util';
import { initI18n, translator } from '../../core/i18n';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { listProcedures, procedureInputSchema, sampleCatalogRows, type Procedure } from '../catalog';
import { readCatalogFile } from '../catalog-files';
import { checkCatalog, countByKind, describeFinding, FINDING_KINDS, loadReplacedTexts } from '../catalog-check';
import { formatDateVi } from '../provenance';

const HELP = `Usage: npm run catalog:check -- [--strict] [--json] [--file FILE | --sample] [--today YYYY-MM-DD]
Lists what to review in the procedure catalog:
  - legal bases and fact sources citing a text a newer one replaced (data/catalog/replaced-texts.json)
  - facts (fees, time, place, documents, legalBasis) given without a source
  - procedures not reviewed for 12 months
  - blanks (shown to citizens as "chưa có thông tin")
Options:
  --strict   exit with code 1 when anything is listed (for CI); otherwise the exit code is 0
  --json     one JSON object: {"today","procedures","counts","findings":[...]}
  --file F   check a catalog file (.json, .csv, .xlsx, same formats as catalog:import) instead of the database
  --sample   check the shipped sample catalog (data/catalog/procedures.json)
  --today D  count review ages to this day (default: today)
The database is DATABASE_URL, or the embedded one in DATA_DIR (stop the server first).`;

const { values } = parseArgs({
  options: {
    strict: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    file: { type: 'string' },
    sample: { type: 'boolean', default: false },
    today: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const today = values.today ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
  console.error(`--today phải có dạng YYYY-MM-DD (nhận được "${today}").`);
  process.exit(2);
}

/** Rows of a file as procedures; a bad row is reported with its number and stops the check. */
function fromRows(rows: Record<string, unknown>[], what: string): Procedure[] {
  return rows.map((r, i) => {
    const parsed = procedureInputSchema.safeParse(r);
    if (!parsed.success) {
      console.error(`${what}, dòng ${typeof r.__row === 'number' ? r.__row : i + 1}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
      process.exit(2);
    }
    return parsed.data as Procedure;
  });
}

let procedures: Procedure[];
if (values.file) {
  try {
    procedures = fromRows(await readCatalogFile(values.file), values.file);
  } catch (e) {
    console.error(`Không đọc được ${values.file}: ${(e as Error).message}`);
    process.exit(2);
  }
} else if (values.sample) {
  procedures = fromRows(sampleCatalogRows(), 'data/catalog/procedures.json');
} else {
  const database = await databaseOrExit(configOrExit());
  try {
    procedures = await listProcedures(database.db);
  } finally {
    await database.close();
  }
}

const findings = checkCatalog(procedures, { today, replaced: loadReplacedTexts() });
const counts = countByKind(findings);
await initI18n();
const t = translator('vi');
if (values.json) {
  console.log(JSON.stringify({ today, procedures: procedures.length, counts, findings }));
} else {
  console.log(`Rà soát danh mục ngày ${formatDateVi(today)}: ${procedures.length} thủ tục.`);
  for (const kind of FINDING_KINDS) {
    const of = findings.filter((f) => f.kind === kind);
    if (!of.length) continue;
    console.log(`\n${t(`catalog:check.kind_${kind}`)} (${of.length})`);
    for (const f of of) console.log(`  ${f.code}  ${f.name.slice(0, 60)}: ${describeFinding(f, t)}`);
  }
  console.log(`\n${findings.length ? t('catalog:check.summary', counts) : t('catalog:check.none')}`);
}
process.exit(values.strict && findings.length ? 1 : 0);
