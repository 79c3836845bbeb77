// `npm run ask -- [--json] TEXT` / `npm run ask -- --json --file FILE`: what the assistant understands
// of a message (intent, up to 5 procedures), through the same understanding the chat uses.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { openDatabase, type Database } from '../../models/db';
import { loadSampleCatalogIfEmpty } from '../catalog';
import { createUnderstanding } from '../index';

const HELP = `Usage:
  npm run ask -- [--json] TEXT             understand one message
  npm run ask -- [--json] --file FILE      one message per line (plain text, or JSON lines with a "text" field)
Options:
  --json     print one JSON object per message: {"text","intent","procedures":[{"code","name","score"}]}
  --sample   use the shipped sample catalog in memory instead of the configured database
  -h, --help this help
The configured database is DATABASE_URL, or the embedded one in DATA_DIR (stop the server first when
using the embedded database; the tool says so if it is in use). The catalog is loaded once.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    file: { type: 'string' },
    sample: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || (!values.file && !positionals.length)) {
  console.log(HELP);
  process.exit(values.help ? 0 : 1);
}

function messagesOf(file: string): string[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`Cannot read ${file}: ${(e as Error).message}`);
    process.exit(1);
  }
  return content
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => {
      if (l.trimStart().startsWith('{')) {
        try {
          const o = JSON.parse(l) as { text?: unknown };
          if (typeof o.text === 'string') return o.text;
        } catch {
          // not JSON: the line is the message
        }
      }
      return l;
    });
}

const texts = values.file ? messagesOf(values.file) : [positionals.join(' ')];
let database: Database;
if (values.sample) {
  database = await openDatabase();
  await database.migrate();
  await loadSampleCatalogIfEmpty(database.db);
} else {
  database = await databaseOrExit(configOrExit());
}
try {
  const understanding = await createUnderstanding(database.db);
  for (const text of texts) {
    const a = await understanding.analyze(text, {});
    const procedures = a.procedures.slice(0, 5).map((p) => ({ code: p.code, name: p.name, score: p.score }));
    if (values.json) console.log(JSON.stringify({ text, intent: a.intent, outcome: a.outcome, confidence: a.confidence, referral: a.referral?.id, procedures }));
    else {
      console.log(`${text}\n  intent: ${a.intent}${a.outcome ? `, outcome: ${a.outcome}` : ''}, confidence ${(a.confidence ?? 0).toFixed(2)}`);
      if (a.referral) console.log(`  referral: ${a.referral.id} → ${a.referral.office.vi}`);
      for (const p of procedures) console.log(`  ${p.code}  ${p.score.toFixed(2).padStart(6)}  ${p.name}`);
    }
  }
} finally {
  await database.close();
}
