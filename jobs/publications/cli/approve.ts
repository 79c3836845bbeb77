// `npm run publications:approve -- ID --by USERNAME`: an official approves a publication.
// Messages: cli:publications.approve.*.
import { and, eq, inArray } from 'drizzle-orm';
import { cliArgsOrExit } from '../../../core/cli';
import { adminUsers } from '../../../models/schema/admin';
import { getPublication, PublicationStateError, transitionPublication } from '../../../models/repos/publications';
import { fail, openForCli, publicationId } from './common';

const USAGE = 'cli:publications.approve.usage';
const { values, positionals, t } = await cliArgsOrExit({ command: 'publications:approve', options: { by: { type: 'string' } }, positionals: true });
const id = publicationId(positionals, t, USAGE);
if (!values.by) {
  console.error(t('cli:publications.approve.no_by', { usage: t(USAGE) }));
  process.exit(2);
}
const by = values.by.toLowerCase();
const { database, db } = await openForCli();
try {
  const [official] = await db
    .select({ username: adminUsers.username })
    .from(adminUsers)
    .where(and(eq(adminUsers.username, by), inArray(adminUsers.role, ['official', 'admin']), eq(adminUsers.disabled, false)));
  if (!official) fail(t('cli:publications.approve.not_official', { by }));
  const p = await getPublication(db, id);
  if (!p) fail(t('cli:publications.not_found', { id }));
  try {
    if (p.state === 'draft') await transitionPublication(db, id, 'submitted', by, { note: 'command line' });
    const approved = await transitionPublication(db, id, 'approved', by, { note: 'command line' });
    console.log(t('cli:publications.approve.approved', { id, week: approved.week, by }));
  } catch (e) {
    if (!(e instanceof PublicationStateError)) throw e;
    fail(t('cli:publications.approve.wrong_state', { id, state: t(`publications:admin.states.${e.from ?? 'draft'}`) }));
  }
} finally {
  await database.close();
}
