// `npm run bench:qa [-- --file F] [--split a|b] [--misses]`: accuracy and latency of the
// understanding on a question set (default ../shared/eval/qa-dev.jsonl), with the Fuse.js
// baseline on the same set in the same run. Uses an in-memory database with the sample catalog.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { openDatabase } from '../models/db';
import { loadSampleCatalogIfEmpty } from '../knowledge/catalog';
import { getKnowledge } from '../knowledge/store';
import { evaluate, evaluateBaseline, readQaFile, split, type QaReport, type Tally } from '../knowledge/eval';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_FILE = path.resolve(here, '..', '..', 'shared', 'eval', 'qa-dev.jsonl');

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: DEFAULT_FILE },
    split: { type: 'string', default: 'all' },
    misses: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench:qa [-- --file FILE.jsonl] [--split a|b|all] [--misses] [--json]
Scores intent, top-1 and top-3 procedure codes by style, and latency per message (p50/p99),
against a Fuse.js baseline over procedure names. Default file: ${DEFAULT_FILE}`);
  process.exit(0);
}

const items = split(readQaFile(values.file!), values.split as 'a' | 'b' | 'all');
if (!items.length) {
  console.log(`No questions found in ${values.file} (the file is optional). Nothing to measure.`);
  process.exit(0);
}
const database = await openDatabase();
await database.migrate();
await loadSampleCatalogIfEmpty(database.db);
const index = await getKnowledge(database.db);
const ours = evaluate(index, items);
const base = evaluateBaseline(index, items);
await database.close();

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
function row(name: string, t: Tally, b?: Tally) {
  return `${name.padEnd(14)} n=${String(t.n).padStart(3)}  intent ${pct(t.intentOk, t.n).padStart(6)}  top-1 ${pct(t.top1, t.withCodes).padStart(6)}  top-3 ${pct(t.top3, t.withCodes).padStart(6)}${b ? `   | baseline top-1 ${pct(b.top1, b.withCodes).padStart(6)}` : ''}`;
}
function print(r: QaReport, b: QaReport) {
  console.log(`Question set: ${values.file} (${items.length} messages, split ${values.split})`);
  console.log(row('overall', r.overall, b.overall));
  for (const s of Object.keys(r.byStyle).sort()) console.log(row(`  ${s}`, r.byStyle[s]!, b.byStyle[s]));
  console.log(`unknown answered with a procedure: ${r.unknownAnswered}/${r.unknownTotal} (baseline ${b.unknownAnswered}/${b.unknownTotal})`);
  console.log(`latency per message: p50 ${r.latencyMs.p50.toFixed(3)} ms, p99 ${r.latencyMs.p99.toFixed(3)} ms, max ${r.latencyMs.max.toFixed(3)} ms, CPU ${r.latencyMs.cpuMean!.toFixed(3)} ms on average, p99 of best-of-3 ${r.latencyMs.bestOf3P99!.toFixed(3)} ms (baseline p50 ${b.latencyMs.p50.toFixed(3)} ms, p99 ${b.latencyMs.p99.toFixed(3)} ms)`);
  console.log(`machine load (1 min): ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores — wall-clock figures include waiting for the CPU`);
  const ratio = b.overall.top1 ? (r.overall.top1 / b.overall.top1).toFixed(2) : '∞';
  console.log(`gain: top-1 ×${ratio} over the baseline`);
}
if (values.json) console.log(JSON.stringify({ ours, baseline: { ...base, misses: undefined } }, null, 2));
else print(ours, base);
if (values.misses) for (const m of ours.misses) console.log(`MISS ${m.id ?? ''} [${m.expected}] → [${m.got}] ${m.text}`);
