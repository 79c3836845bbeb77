// `npm run ask -- [--json] TEXT` / `npm run ask -- --json --file FILE`: what the assistant understands
// of a message (intent, up to 5 procedures), through the same understanding the chat uses. Messages: cli:ask.*.
import { readFileSync } from 'node:fs';
import { cliArgsOrExit } from '../../core/cli';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { openDatabase, type Database } from '../../models/db';
import { loadSampleCatalogIfEmpty } from '../catalog';
import { createUnderstanding } from '../index';
import { getKnowledge } from '../store';
import { analyzeWith } from '../understand';
import { labelOf } from '../examples';

const { values, positionals, lang, t, help } = await cliArgsOrExit({
  command: 'ask',
  options: { json: { type: 'boolean', default: false }, file: { type: 'string' }, sample: { type: 'boolean', default: false } },
  positionals: true,
});
if (!values.file && !positionals.length) {
  console.log(help());
  process.exit(1);
}

function messagesOf(file: string): string[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(t('cli:ask.cannot_read', { file, reason: (e as Error).message }));
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

/** Nearest example messages shown under each message. */
const EXAMPLES_SHOWN = 3;

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
  const index = await getKnowledge(database.db);
  for (const text of texts) {
    const a = await understanding.analyze(text, {});
    const procedures = a.procedures.slice(0, 5).map((p) => ({ code: p.code, name: p.name, score: p.score }));
    if (values.json) console.log(JSON.stringify({ text, intent: a.intent, outcome: a.outcome, confidence: a.confidence, referral: a.referral?.id, procedures }));
    else {
      const outcome = a.outcome ? t('cli:ask.outcome', { outcome: a.outcome }) : '';
      console.log(t('cli:ask.understood', { text, intent: a.intent, outcome, confidence: (a.confidence ?? 0).toFixed(2) }));
      if (a.referral) console.log(t('cli:ask.referral', { id: a.referral.id, office: a.referral.office[lang] }));
      for (const p of procedures) console.log(`  ${p.code}  ${p.score.toFixed(2).padStart(6)}  ${p.name}`);
      // The example messages that voted (second-opinion.ts), so staff see why an answer was given.
      const detail = analyzeWith(index, text, {});
      if (detail.decidedBy === 'examples') console.log(t('cli:ask.decided_by_examples'));
      for (const n of index.pipeline.examples.vote(detail.processed.words).nearest.slice(0, EXAMPLES_SHOWN)) {
        const label = labelOf(n.example);
        console.log(t('cli:ask.example', { similarity: n.similarity.toFixed(2), label, text: n.example.text, file: n.example.source }));
      }
    }
  }
} finally {
  await database.close();
}
