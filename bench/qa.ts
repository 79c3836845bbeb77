// `npm run bench:qa [-- --sets dev,tuning,fresh,fresh2,fresh3,fresh4,fresh5,fresh6,fresh7,fresh8,fresh9,fresh10,fresh11,fresh12] [--file F] [--split a|b] [--misses] [--fit]`:
// accuracy, outcomes, calibration and latency of the understanding on the evaluation sets, side by
// side, with the gap between them and a Fuse.js baseline in the same run; `--fit` refits the
// confidence model (knowledge/confidence.ts) on the tuning sets. Scoring rules: knowledge/eval.ts.
// Uses an in-memory database with the sample catalog.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { openDatabase } from '../models/db';
import { loadSampleCatalogIfEmpty } from '../knowledge/catalog';
import { getKnowledge } from '../knowledge/store';
import { CONFIDENT_WRONG_MIN, evaluate, evaluateBaseline, OUTCOME_KINDS, readQaFile, split, type QaReport, type Tally } from '../knowledge/eval';
import { CALIBRATION, confidenceOf, EVIDENCE_KEYS, fitConfidence, logLoss, outcomeFor, type Coefficients } from '../knowledge/confidence';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The sets: the old development set (outside the repository, optional), ours for tuning, the frozen one. */
const SETS: Record<string, string> = {
  // ../shared next to the main repository (a worktree sits one level deeper: /work/wt/NAME).
  dev: [path.resolve(here, '..', '..', 'shared'), path.resolve(here, '..', '..', '..', 'shared')]
    .map((d) => path.join(d, 'eval', 'qa-dev.jsonl'))
    .find((f) => existsSync(f)) ?? path.resolve(here, '..', '..', 'shared', 'eval', 'qa-dev.jsonl'),
  tuning: path.resolve(here, '..', 'test', 'knowledge', 'eval-tuning.jsonl'),
  // Spent (scored once, then tuned on): part of the tuning data now.
  fresh: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh.jsonl'),
  // Spent too (scored once by the lead, then tuned on).
  fresh2: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh2.jsonl'),
  // Spent as well: scored once at the end of the round that froze it (70.3 %), tuning data since.
  fresh3: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh3.jsonl'),
  // Spent: scored once at the end of the round that froze it (79.5 %), tuning data since.
  fresh4: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh4.jsonl'),
  // Spent: scored once at the end of the round that froze it (80.8 %), tuning data since.
  fresh5: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh5.jsonl'),
  // Spent: scored once at the end of the round that froze it (83.5 %), tuning data since.
  fresh6: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh6.jsonl'),
  // Spent: scored once at the end of the round that froze it (82.0 %), tuning data since.
  fresh7: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh7.jsonl'),
  // Spent: scored once at the end of the round that froze it (77.8 %), tuning data since.
  fresh8: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh8.jsonl'),
  // Spent: scored once at the end of the round that froze it (79.3 %; 78.3 % at freezing), tuning data since.
  fresh9: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh9.jsonl'),
  // Spent: scored once at the end of the round that froze it (71.3 %, as at freezing), tuning data since.
  fresh10: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh10.jsonl'),
  // Spent: scored once at the end of the round that froze it (78.8 %; 71.3 % at freezing), tuning data since.
  fresh11: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh11.jsonl'),
  // Spent: scored once at the end of the round that froze it (75.3 %; 73.3 % at freezing), tuning data since.
  fresh12: path.resolve(here, '..', 'test', 'knowledge', 'eval-fresh12.jsonl'),
};
/** Frozen sets: only their aggregates are ever printed, never a message or a per-item result.
 * Between rounds it is empty, until the next set written without reading the code is frozen. */
const FROZEN = new Set<string>();
// A frozen set is scored only when named (`--sets NAME`): a default run while tuning must not show
// even its aggregates.
const DEFAULT_SETS = 'dev,tuning,fresh,fresh2,fresh3,fresh4,fresh5,fresh6,fresh7,fresh8,fresh9,fresh10,fresh11,fresh12';

const { values } = parseArgs({
  options: {
    sets: { type: 'string' },
    file: { type: 'string' },
    split: { type: 'string', default: 'all' },
    misses: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    fit: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench:qa [-- --sets ${DEFAULT_SETS}] [--file FILE.jsonl] [--split a|b|all] [--misses] [--fit] [--json]
Scores each set (top-1 by style, right procedure answered or offered, outcomes, wrong procedures answered, out-of-scope answered,
complaint and ask-a-person intents, calibration, latency) and prints them side by side with the gaps.
Sets: ${Object.entries(SETS).map(([k, v]) => `${k} = ${v}`).join('; ')}. A missing file is skipped.
--file scores one other file instead. --misses lists the misses of the tuning sets. --fit refits the
confidence model on the chosen sets' messages that reach the procedure search and prints the
coefficients (with --split a|b, checked on the other half). A frozen set (not yet scored) is only
ever reported in aggregate: --misses and --fit refuse it.`);
  process.exit(0);
}

const frozen = (file: string) => FROZEN.has(path.resolve(file));
let chosen: [string, string][] = values.file
  ? [[path.basename(values.file, '.jsonl'), values.file]]
  : (values.sets ?? DEFAULT_SETS).split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
      if (!SETS[s]) {
        console.error(`Unknown set "${s}". Known sets: ${Object.keys(SETS).join(', ')}.`);
        process.exit(1);
      }
      return [s, SETS[s]!];
    });
// The frozen set's items are never printed nor fitted on: asked for by name, --misses and --fit are
// refused; by default, the frozen set is left out of such a run.
if (values.misses || values.fit) {
  const named = chosen.filter(([, f]) => frozen(f));
  if (named.length && (values.sets !== undefined || values.file !== undefined)) {
    console.error(`${named.map(([n]) => n).join(', ')} is frozen: --misses and --fit are refused on it (only its aggregates are ever printed).`);
    process.exit(1);
  }
  if (named.length) console.log(`${named.map(([n]) => n).join(', ')} (frozen) left out of a --misses/--fit run.`);
  chosen = chosen.filter(([, f]) => !frozen(f));
}

const database = await openDatabase();
await database.migrate();
await loadSampleCatalogIfEmpty(database.db);
const index = await getKnowledge(database.db);
const allExamples = index.pipeline.examples;

const reports: { name: string; file: string; r: QaReport; base: ReturnType<typeof evaluateBaseline> }[] = [];
const part = values.split as 'a' | 'b' | 'all';
/** The other half's samples (--fit --split a|b checks the refit on what it was not fitted on). */
const heldOut: QaReport['samples'] = [];
for (const [name, file] of chosen) {
  if (!existsSync(file)) {
    console.log(`${name}: ${path.relative(process.cwd(), file)} not found (optional), skipped.`);
    continue;
  }
  const all = readQaFile(file);
  const items = split(all, part);
  if (!items.length) continue;
  // Leave-set-out: a set is scored with the other sets' example messages only (data/examples/NAME.txt
  // holds a set's own messages), so its figure is not read from its own answers.
  index.pipeline.examples = allExamples.without(name);
  // Refitting needs the analyses only, not the latency.
  reports.push({ name, file, r: evaluate(index, items, values.fit ? { latencyRounds: 0 } : {}), base: evaluateBaseline(index, items) });
  if (values.fit && part !== 'all') heldOut.push(...evaluate(index, split(all, part === 'a' ? 'b' : 'a'), { latencyRounds: 0 }).samples);
}
await database.close();

if (values.fit) {
  const samples = reports.flatMap((x) => x.r.samples);
  if (!samples.length) {
    console.error('No message reached the procedure search: nothing to fit.');
    process.exit(1);
  }
  const fitted = fitConfidence(samples);
  const right = samples.filter((s) => s.right).length;
  console.log(`Fitted on ${samples.length} messages that reach the procedure search (${right} with the right best procedure), sets ${reports.map((x) => x.name).join(', ')}${part === 'all' ? '' : `, half ${part}`}.`);
  const show = (c: Coefficients) => ['bias', ...EVIDENCE_KEYS].map((k) => `${k}: ${Number(c[k as keyof Coefficients].toFixed(2))}`).join(', ');
  console.log(`log loss  current ${logLoss(samples).toFixed(4)}  refit ${logLoss(samples, fitted).toFixed(4)}  (on the fitted messages)`);
  if (heldOut.length) console.log(`log loss  current ${logLoss(heldOut).toFixed(4)}  refit ${logLoss(heldOut, fitted).toFixed(4)}  (on the other half: ${heldOut.length} messages)`);
  // What the thresholds make of it: right and wrong best procedures that would be answered (the
  // search's own acceptance of a candidate aside), and wrong ones answered confidently.
  const answers = (set: typeof samples, c: Coefficients) => {
    const conf = set.map((s) => confidenceOf(s.evidence, c));
    // The thresholds and the close runner-up rule, as analyze applies them.
    const answered = set.map((s, i) => outcomeFor(conf[i]!, s.evidence) === 'answer');
    const right = set.filter((s, i) => s.right && answered[i]).length;
    const wrong = set.filter((s, i) => !s.right && answered[i]).length;
    const sure = set.filter((s, i) => !s.right && conf[i]! >= CONFIDENT_WRONG_MIN).length;
    return `${right} right / ${wrong} wrong (${sure} at ≥ ${CONFIDENT_WRONG_MIN})`;
  };
  for (const [label, set] of [['fitted', samples], ['other half', heldOut]] as const) {
    if (set.length) console.log(`answered  current ${answers(set, CALIBRATION)}  refit ${answers(set, fitted)}  (${label})`);
  }
  console.log(`current:  { ${show(CALIBRATION)} }`);
  console.log(`refit:    { ${show(fitted)} }`);
  console.log('Paste the refit into CALIBRATION (knowledge/confidence.ts) if it is better on the other half, then rerun bench:qa.');
  process.exit(0);
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
const col = (s: string) => s.padStart(15);
function line(label: string, f: (r: QaReport, base: (typeof reports)[number]['base']) => string) {
  console.log(`${label.padEnd(40)}${reports.map((x) => col(f(x.r, x.base))).join('')}`);
}
const top1 = (t: Tally | undefined) => (t ? `${pct(t.top1, t.n)} (${t.n})` : '');

if (values.json) {
  console.log(JSON.stringify(reports.map((x) => ({ name: x.name, ...x.r, misses: values.misses && !frozen(x.file) ? x.r.misses : undefined, samples: undefined, baseline: x.base })), null, 2));
} else if (reports.length) {
  console.log(`${'set'.padEnd(40)}${reports.map((x) => col(x.name)).join('')}`);
  line('top-1 overall', (r) => top1(r.overall));
  const styles = [...new Set(reports.flatMap((x) => Object.keys(x.r.byStyle)))].sort();
  for (const s of styles) line(`  ${s}`, (r) => top1(r.byStyle[s]));
  line('intent right', (r) => pct(r.overall.intentOk, r.overall.n));
  line('right procedure answered or offered', (r) => pct(r.overall.offered, r.overall.withCodes));
  line('right procedure in the first 3 found', (r) => pct(r.overall.top3, r.overall.withCodes));
  for (const k of OUTCOME_KINDS) line(`outcome: ${k}`, (r) => pct(r.outcomes[k], r.overall.n));
  line('out of scope answered with a procedure', (r) => `${r.outOfScopeAnswered}/${r.outOfScopeTotal} ${pct(r.outOfScopeAnswered, r.outOfScopeTotal)}`);
  line('answered with a wrong procedure', (r) => `${r.answeredWrong.n} ${pct(r.answeredWrong.n, r.overall.n)}`);
  line(`  of them at confidence ≥ ${CONFIDENT_WRONG_MIN}`, (r) => `${r.answeredWrong.confident}`);
  line('referral items given a referral', (r) => `${r.referralOk}/${r.referralTotal}`);
  line('complaint (feedback) intent', (r) => pct(r.intentRecall.feedback.ok, r.intentRecall.feedback.n));
  line('ask-a-person (human) intent', (r) => pct(r.intentRecall.human.ok, r.intentRecall.human.n));
  // Precision watched beside recall: other messages taken for a complaint or a request for a person.
  line('  others given a complaint', (r) => `${r.falseIntent.feedback.wrong}/${r.falseIntent.feedback.n}`);
  line('  others given a person', (r) => `${r.falseIntent.human.wrong}/${r.falseIntent.human.n}`);
  line('messages reaching the procedure search', (r) => `${r.samples.length}`);
  console.log('calibration: right / messages reaching the procedure search, by confidence');
  for (let b = 0; b < reports[0]!.r.calibration.length; b++) {
    const from = reports[0]!.r.calibration[b]!.from;
    const to = reports[0]!.r.calibration[b + 1]?.from ?? 1;
    line(`  ${from.toFixed(2)}–${to.toFixed(2)}`, (r) => {
      const c = r.calibration[b]!;
      return c.n ? `${pct(c.right, c.n)} of ${c.n}` : '—';
    });
  }
  line('latency p50 / p99 (ms)', (r) => `${r.latencyMs.p50.toFixed(2)} / ${r.latencyMs.p99.toFixed(2)}`);
  line('  p99 best-of-3, CPU mean (ms)', (r) => `${r.latencyMs.bestOf3P99!.toFixed(2)} / ${r.latencyMs.cpuMean!.toFixed(2)}`);
  // CPU time of the message alone (no waiting for a core on a shared machine), best of the same three runs.
  line('  p99 CPU best-of-3 (ms)', (r) => r.latencyMs.cpuBestOf3P99!.toFixed(2));
  line('baseline (Fuse.js over names) top-1', (_r, b) => pct(b.top1, b.n));
  line('gain over the baseline', (r, b) => (b.top1 ? `×${(r.overall.top1 / b.top1).toFixed(2)}` : '∞'));
  if (reports.length > 1) {
    const first = reports[0]!;
    for (const x of reports.slice(1)) {
      const gap = (100 * first.r.overall.top1) / first.r.overall.n - (100 * x.r.overall.top1) / x.r.overall.n;
      console.log(`gap ${first.name} → ${x.name}: ${gap >= 0 ? '' : '+'}${(-gap).toFixed(1)} points of top-1`);
    }
  }
  const offices = Object.entries(reports.at(-1)!.r.offices).map(([o, n]) => `${o} ×${n}`).join('; ');
  if (offices) console.log(`offices named in referrals (${reports.at(-1)!.name}): ${offices}`);
  console.log(`machine load (1 min): ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores — wall-clock figures include waiting for the CPU`);
  if (values.misses) {
    for (const x of reports.filter((r) => !frozen(r.file))) for (const m of x.r.misses) console.log(`MISS ${x.name} ${m.id ?? ''} ${m.style} [${m.expected}] → [${m.got}] ${m.text}`);
  }
}
