// `npm start`: the assistant's server process.
import { createAssistant } from './app';
import { configOrExit, databaseOrExit } from '../models/boot';
import { logger } from '../core/logger';
import { countActiveAdmins } from '../admin/users';
import { setKnowledgeCacheDir } from '../knowledge/store';

const startedAt = performance.now();
const config = configOrExit();
logger.level = config.LOG_LEVEL;
// The catalog's phrasings as the understanding read them, kept for the next start (knowledge/phrase-memo.ts).
setKnowledgeCacheDir(`${config.DATA_DIR.replace(/\/+$/, '')}/cache`);
const database = await databaseOrExit(config);
const assistant = await createAssistant(config, database);
await assistant.startBackground();
let listening;
try {
  listening = await assistant.listen();
} catch (e) {
  console.error(`Cannot listen on PORT ${config.PORT}: ${(e as Error).message}. Set PORT to a free port.`);
  await database.close();
  process.exit(1);
}

logger.info(
  { port: listening.port, database: database.kind, ms: Math.round(performance.now() - startedAt) },
  `Trợ lý Một cửa listening: web chat at http://localhost:${listening.port}/`,
);
for (const c of assistant.channels) logger.info({ channel: c.channel, on: c.on }, `channel ${c.channel}: ${c.reason}`);
if ((await countActiveAdmins(database.db)) === 0) {
  logger.warn(
    `No admin account yet: ${database.kind === 'pglite' ? 'stop the server and ' : ''}run \`npm run admin:create-user -- --role admin --username NAME\`, then sign in at http://localhost:${listening.port}/admin/`,
  );
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing requests in flight');
  try {
    await assistant.stop();
    await database.close();
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
