// `npm run catalog:check [-- --strict] [--json] [--file FILE | --sample] [--today YYYY-MM-DD]`:
// what staff must review in the catalog (replaced legal bases, facts without a source, reviews
// older than 12 months, blanks). Exits non-zero only with --strict and something to review.
// Messages: cli:catalog.check.* and the findings' catalog:check.*.
import { cliArgsOrExit } from '../../core/cli';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { listProcedures, procedureInputSchema, sampleCatalogRows, type Procedure } from '../catalog';
import { readCatalogFile } from '../catalog-files';
import { checkCatalog, countByKind, describeFinding, FINDING_KINDS, loadReplacedTexts } from '../catalog-check';
import { formatDateVi } from '../provenance';

const { values, t } = await cliArgsOrExit({
  command: 'catalog:check',
  options: {
    strict: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    file: { type: 'string' },
    sample: { type: 'boolean', default: false },
    today: { type: 'string' },
  },
});
const today = values.today ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
  console.error(t('cli:catalog.check.bad_today', { today }));
  process.exit(2);
}

/** Rows of a file as procedures; a bad row is reported with its number and stops the check. */
function fromRows(rows: Record<string, unknown>[], what: string): Procedure[] {
  return rows.map((r, i) => {
    const parsed = procedureInputSchema.safeParse(r);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      console.error(t('cli:catalog.check.row_error', { what, row: typeof r.__row === 'number' ? r.__row : i + 1, path: issue?.path.join('.') ?? '', message: issue?.message ?? '' }));
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
    console.error(t('cli:catalog.check.cannot_read', { file: values.file, reason: (e as Error).message }));
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
if (values.json) {
  console.log(JSON.stringify({ today, procedures: procedures.length, counts, findings }));
} else {
  console.log(t('cli:catalog.check.heading', { date: formatDateVi(today), count: procedures.length }));
  for (const kind of FINDING_KINDS) {
    const of = findings.filter((f) => f.kind === kind);
    if (!of.length) continue;
    console.log(`\n${t(`catalog:check.kind_${kind}`)} (${of.length})`);
    for (const f of of) console.log(`  ${f.code}  ${f.name.slice(0, 60)}: ${describeFinding(f, t)}`);
  }
  console.log(`\n${findings.length ? t('catalog:check.summary', counts) : t('catalog:check.none')}`);
}
process.exit(values.strict && findings.length ? 1 : 0);
