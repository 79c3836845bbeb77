// `npm run publications:draft -- --week 2024-W24`: drafts the week's publication from the dossier data.
import { draftWeeklyPublication } from '../prefill';
import { previousIsoWeek } from '../week';
import { DB_NOTE, fail, helpOrNull, openForCli, parseArgs } from './common';

const HELP = `
Drafts the weekly publication of dossier results from the dossier data and prints its id.

Usage: npm run publications:draft -- [--week 2024-W24] [--by USERNAME]
  --week   ISO week in Asia/Ho_Chi_Minh (default: last complete week)
  --by     who drafts it (recorded in the history; default "cli")

Next: edit it in the admin (Publications), then npm run publications:approve -- ID --by USERNAME.
${DB_NOTE}
`;

const args = parseArgs(process.argv.slice(2));
helpOrNull(args, HELP);
const week = typeof args.flags.week === 'string' ? args.flags.week : previousIsoWeek(new Date()).week;
const by = typeof args.flags.by === 'string' ? args.flags.by : 'cli';
const { config, database, db } = await openForCli();
try {
  const p = await draftWeeklyPublication(db, week, { createdBy: by, communeName: config.COMMUNE_NAME, publicUrl: config.PUBLIC_URL }).catch((e: Error) => fail(e.message));
  console.error(
    `Drafted publication ${p.id} for ${p.week} (${p.periodStart} – ${p.periodEnd}): received ${p.content.received}, ` +
      `resolved ${p.content.resolved.total}, in process ${p.content.inProcess.total}, ready ${p.content.ready.length}.`,
  );
  console.log(String(p.id));
} finally {
  await database.close();
}
