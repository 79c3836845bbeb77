// `npm run publications:approve -- ID --by USERNAME`: an official approves a publication.
import { and, eq, inArray } from 'drizzle-orm';
import { adminUsers } from '../../../models/schema/admin';
import { getPublication, transitionPublication } from '../../../models/repos/publications';
import { DB_NOTE, fail, helpOrNull, openForCli, parseArgs, publicationId } from './common';

const USAGE = 'npm run publications:approve -- ID --by USERNAME';
const HELP = `
Approves a publication (a draft is submitted and approved in one go). Only an admin account with the
role "official" (or "admin") may approve; the name is recorded in the publication's history.

Usage: ${USAGE}
Then: npm run publications:send -- ID (or wait for the weekly run, WEEKLY_PUBLICATION_CRON).
${DB_NOTE}
`;

const args = parseArgs(process.argv.slice(2));
helpOrNull(args, HELP);
const id = publicationId(args, USAGE);
if (typeof args.flags.by !== 'string') fail(`Say who approves: ${USAGE}`);
const by = args.flags.by.toLowerCase();
const { database, db } = await openForCli();
try {
  const [official] = await db
    .select({ username: adminUsers.username })
    .from(adminUsers)
    .where(and(eq(adminUsers.username, by), inArray(adminUsers.role, ['official', 'admin']), eq(adminUsers.disabled, false)));
  if (!official) {
    fail(`"${by}" is not an active admin account with the role official or admin. Create one with: npm run admin:create-user -- --role official --username ${by}`);
  }
  const p = await getPublication(db, id);
  if (!p) fail(`Publication ${id} does not exist (npm run publications:draft creates one).`);
  try {
    if (p.state === 'draft') await transitionPublication(db, id, 'submitted', by, { note: 'command line' });
    const approved = await transitionPublication(db, id, 'approved', by, { note: 'command line' });
    console.log(`Publication ${id} (${approved.week}) approved by ${by}. Send it: npm run publications:send -- ${id}`);
  } catch (e) {
    fail((e as Error).message);
  }
} finally {
  await database.close();
}
