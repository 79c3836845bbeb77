// `npm run db:migrate`: applies the committed migrations to the configured database
// (PGlite under DATA_DIR, or DATABASE_URL). The server also does this at every start.
import { cliArgsOrExit } from '../../core/cli';
import { configOrExit, databaseOrExit } from '../boot';

const { t } = await cliArgsOrExit({ command: 'db:migrate', options: {} });
const config = configOrExit();
const started = performance.now();
const database = await databaseOrExit(config, { seed: false });
await database.close();
console.log(t('cli:db.migrate.done', { kind: database.kind, ms: Math.round(performance.now() - started) }));
