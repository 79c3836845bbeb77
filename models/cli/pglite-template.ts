// Run by `npm run build` (scripts/build.mjs, so by `npm ci`): makes this installation's PGlite template
// store when there is none yet, so that the first `npm start` copies it instead of running initdb
// (models/pglite-template.ts). Without it (a read-only node_modules) the first start runs initdb.
import { cliTranslator } from '../../core/cli';
import { PGLITE_CONF } from '../db';
import { pgliteTemplate, TEMPLATE_DIR } from '../pglite-template';

if (!(await pgliteTemplate(PGLITE_CONF))) {
  const t = await cliTranslator(process.argv.slice(2));
  console.error(t('cli:db.template.failed', { dir: TEMPLATE_DIR }));
}
