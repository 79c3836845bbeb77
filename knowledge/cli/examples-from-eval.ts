// `npm run examples:from-eval -- FILE.jsonl [--source NAME]`: writes an evaluation set's messages as
// example messages (data/examples/NAME.txt, knowledge/examples.ts) once the set is spent (scored once,
// tuning data since). Follow-ups without a subject of their own are left out (their label is the
// previous message's procedure, not their words'; kept only when the note says "new subject"); Telex/VNI
// keystrokes are written as the sentence the note says was typed. A referral is labelled with the
// referral table's entry that answers it (referralOfItem). Messages: cli:examples.from_eval.*.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Referral } from '../../core/types';
import { cliArgsOrExit } from '../../core/cli';
import { openDatabase } from '../../models/db';
import { loadSampleCatalogIfEmpty } from '../catalog';
import { readQaFile, type QaItem } from '../eval';
import { labelOf } from '../examples';
import type { ProcedureIndex } from '../search';
import { getKnowledge } from '../store';
import { DATA_DIR } from '../text';
import { analyzeByRules } from '../understand';

/** The example lines of a set's items (header comment first); `referralOf` names a referral's entry. */
export function exampleLines(items: QaItem[], source: string, referralOf: (it: QaItem) => string | undefined = () => undefined): string[] {
  const out = [`# Câu mẫu lấy từ bộ đánh giá ${source} (đã chấm một lần, dùng để học từ đó).`];
  for (const it of items) {
    // After a previous message, a procedure question is kept only when its note says it is a new subject.
    if (it.context?.length && (it.intent === 'procedure' || it.intent === 'fee') && !/^new/i.test(it.note ?? '')) continue;
    const text = exampleText(it);
    if (!text) continue;
    if (it.intent === 'procedure' || it.intent === 'fee') {
      if (!it.codes.length) continue;
      out.push(`${labelOf({ codes: it.codes })} | ${text}`);
    } else {
      const referral = it.intent === 'referral' ? referralOf(it) : undefined;
      out.push(`${labelOf({ codes: [], intent: it.intent, ...(referral ? { referral } : {}) })} | ${text}`);
    }
  }
  return out;
}

/** The message as the citizen meant it: for Telex/VNI keystrokes, the sentence the note says was typed. */
function exampleText(it: QaItem): string {
  // "typed: SENTENCE | judgement" or, in older sets, "typed: SENTENCE; rule 5" / "; A10".
  const typed = /^typed:\s*(.*?)(?:\s+\|\s+.*|;\s*(?:rule\s+\d+|[A-Z]\d+)\b.*)?$/.exec(it.note ?? '')?.[1];
  return (typed ?? it.text).replace(/\s+/g, ' ').replace(/\|/g, '/').trim();
}

/** Words of an English note or entry that say nothing of the matter. */
const NOTE_STOP = new Set(['the', 'a', 'an', 'of', 'or', 'and', 'to', 'for', 'in', 'on', 'at', 'by', 'rule', 'new', 'subject', 'office', 'provincial', 'district', 'commune', 'department', 'branch']);
const noteWords = (s: string) => new Set((s.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => w.length > 2 && !NOTE_STOP.has(w)));
/** Shared words a note needs with an entry's English matter and office to name it. */
const NOTE_MIN_SHARED = 2;

/**
 * The referral table's entry for a referral item: the one the rules give it (the table's own
 * patterns), else the one whose English matter and office share the most words with the item's
 * note ("ID card -> police"), with at least NOTE_MIN_SHARED of them; none when neither says.
 */
export function referralOfItem(index: ProcedureIndex, it: QaItem): string | undefined {
  const a = analyzeByRules(index, exampleText(it), {});
  if (a.intent === 'referral' && a.referral) return a.referral.id;
  const note = noteWords(it.note ?? '');
  let best: { r: Referral; n: number } | undefined;
  for (const r of index.pipeline.referralList) {
    const n = [...noteWords(`${r.matter.en} ${r.office.en}`)].filter((w) => note.has(w)).length;
    if (n >= NOTE_MIN_SHARED && (!best || n > best.n)) best = { r, n };
  }
  return best?.r.id;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const { values, positionals, t } = await cliArgsOrExit({ command: 'examples:from-eval', positionals: true, options: { source: { type: 'string' } } });
  const file = positionals[0];
  if (!file) {
    console.error(t('cli:examples.from_eval.no_file'));
    process.exit(2);
  }
  const source = values.source ?? path.basename(file, '.jsonl').replace(/^eval-/, '');
  const database = await openDatabase();
  try {
    await database.migrate();
    await loadSampleCatalogIfEmpty(database.db);
    const index = await getKnowledge(database.db);
    const lines = exampleLines(readQaFile(file), source, (it) => referralOfItem(index, it));
    const out = path.join(DATA_DIR, 'examples', `${source}.txt`);
    writeFileSync(out, `${lines.join('\n')}\n`);
    console.log(t('cli:examples.from_eval.written', { count: lines.length - 1, file: path.relative(process.cwd(), out) }));
  } finally {
    await database.close();
  }
}
