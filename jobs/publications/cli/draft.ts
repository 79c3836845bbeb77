// `npm run publications:draft -- --week 2024-W24`: drafts the week's publication from the dossier data
// and prints its number (stdout), with what it holds (stderr). Messages: cli:publications.draft.*.
import { cliArgsOrExit } from '../../../core/cli';
import { draftWeeklyPublication } from '../prefill';
import { IsoWeekError, parseIsoWeek, previousIsoWeek } from '../week';
import { fail, openForCli } from './common';

const { values, t } = await cliArgsOrExit({
  command: 'publications:draft',
  options: { week: { type: 'string' }, by: { type: 'string', default: 'cli' } },
});
const week = values.week ?? previousIsoWeek(new Date()).week;
// A wrong week is said before the database is opened (with PGlite, opening it waits for the server to be stopped).
try {
  parseIsoWeek(week);
} catch (e) {
  if (!(e instanceof IsoWeekError)) throw e;
  fail(e.reason === 'form' ? t('cli:publications.draft.bad_week_form', { week }) : t('cli:publications.draft.bad_week_range', { week, year: e.year, weeks: e.weeks }));
}
const { config, database, db } = await openForCli();
try {
  const p = await draftWeeklyPublication(db, week, { createdBy: values.by, communeName: config.COMMUNE_NAME, publicUrl: config.PUBLIC_URL }).catch(async (e: Error) => {
    await database.close();
    return fail(t('cli:publications.failed', { error: e.message }));
  });
  console.error(
    t('cli:publications.draft.drafted', {
      id: p.id, week: p.week, start: p.periodStart, end: p.periodEnd, received: p.content.received,
      resolved: p.content.resolved.total, inProcess: p.content.inProcess.total, ready: p.content.ready.length,
    }),
  );
  console.log(String(p.id));
} finally {
  await database.close();
}
