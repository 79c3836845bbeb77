// `npm run examples:from-eval -- FILE.jsonl [--source NAME]`: writes an evaluation set's messages as
// example messages (data/examples/NAME.txt, knowledge/examples.ts) once the set is spent (scored once,
// tuning data since). Follow-ups without a subject of their own are left out (their label is the
// previous message's procedure, not their words'; kept only when the note says "new subject"); Telex/VNI keystrokes are written as the sentence
// the note says was typed. Messages: cli:examples.from_eval.*.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cliArgsOrExit } from '../../core/cli';
import { readQaFile, type QaItem } from '../eval';
import { DATA_DIR } from '../text';

/** The example lines of a set's items (header comment first). */
export function exampleLines(items: QaItem[], source: string): string[] {
  const out = [`# Câu mẫu lấy từ bộ đánh giá ${source} (đã chấm một lần, dùng để học từ đó).`];
  for (const it of items) {
    // After a previous message, a procedure question is kept only when its note says it is a new subject.
    if (it.context?.length && (it.intent === 'procedure' || it.intent === 'fee') && !/^new/i.test(it.note ?? '')) continue;
    // "typed: SENTENCE | judgement" or, in older sets, "typed: SENTENCE; rule 5" / "; A10".
    const typed = /^typed:\s*(.*?)(?:\s+\|\s+.*|;\s*(?:rule\s+\d+|[A-Z]\d+)\b.*)?$/.exec(it.note ?? '')?.[1];
    const text = (typed ?? it.text).replace(/\s+/g, ' ').replace(/\|/g, '/').trim();
    if (!text) continue;
    if (it.intent === 'procedure' || it.intent === 'fee') {
      if (!it.codes.length) continue;
      out.push(`${it.codes.join(', ')} | ${text}`);
    } else {
      out.push(`#${it.intent} | ${text}`);
    }
  }
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const { values, positionals, t } = await cliArgsOrExit({ command: 'examples:from-eval', positionals: true, options: { source: { type: 'string' } } });
  const file = positionals[0];
  if (!file) {
    console.error(t('cli:examples.from_eval.no_file'));
    process.exit(2);
  }
  const source = values.source ?? path.basename(file, '.jsonl').replace(/^eval-/, '');
  const lines = exampleLines(readQaFile(file), source);
  const out = path.join(DATA_DIR, 'examples', `${source}.txt`);
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(t('cli:examples.from_eval.written', { count: lines.length - 1, file: path.relative(process.cwd(), out) }));
}
