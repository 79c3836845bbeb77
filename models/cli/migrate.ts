// `npm run db:migrate`: applies the committed migrations to the configured database
// (PGlite under DATA_DIR, or DATABASE_URL). The server also does this at every start.
import { configOrExit, databaseOrExit } from '../boot';

if (process.argv.includes('--help')) {
  console.log(`Usage: npm run db:migrate
Applies the SQL migrations in models/migrations to the database of DATABASE_URL, or to the
embedded database under DATA_DIR (stop the server first: PGlite is one process at a time).`);
  process.exit(0);
}
const config = configOrExit();
const started = performance.now();
const database = await databaseOrExit(config, { seed: false });
await database.close();
console.log(`Database (${database.kind}) is up to date (${Math.round(performance.now() - started)} ms).`);
