// Invitations to rate a dossier (TT 01/2018/TT-VPCP Art. 14.3: indices 1, 3, 4, 7 collected from the
// citizen). When a dossier reaches status 10 (result returned) and its applicant has a channel with us
// (verified the dossier in the chat, or watches it), one invitation per (dossier, channel, user) is
// queued. Two paths lead here: the in-process status listener (immediate), and a periodic sweep that
// catches dossiers finished by another process (the import CLI, another instance).
import { sql } from 'drizzle-orm';
import type { Config } from '../core/config';
import { initI18n } from '../core/i18n';
import { logger } from '../core/logger';
import type { ChannelName, Lang } from '../core/types';
import type { Db } from '../models/db';
import { enqueueOutbound, outboundSignal } from '../models/repos/outbound';
import { ratingInvitations } from '../models/schema/ratings';
import { invitationReply } from '../handlers/rating';
import { RATEABLE_STATUS } from '../core/domain';
import { onDossierStatusChanged } from '../models/repos/dossiers/records';
import { NOT_STARTED, startPeriodic, type Periodic } from './periodic';

// Only dossiers returned recently are worth asking about; older ones would puzzle the citizen.
export const INVITE_WINDOW_DAYS = 14;
// The sweep runs every 10 minutes; the listener covers the common case at once.
export const INVITE_SWEEP_CRON = '*/10 * * * *';
// Pairs handled per sweep query (keeps one pass short; the next pass continues).
const INVITE_BATCH = 500;

interface Candidate {
  dossier_code: string;
  channel: string;
  user_id: string;
  procedure_name: string | null;
  lang: string | null;
}

/**
 * Queues the invitations still due, for the given codes or for every recently finished dossier.
 * Returns how many were queued. Safe to run concurrently: the unique invitation row decides.
 */
export async function inviteToRate(db: Db, config: Pick<Config, 'DEFAULT_LANGUAGE'>, codes?: string[]): Promise<number> {
  if (codes && !codes.length) return 0;
  await initI18n();
  const only = codes ? sql`and d.code = any(${sql.param(codes)}::varchar[])` : sql``;
  let queued = 0;
  for (;;) {
    const result = (await db.execute(sql`
      select c.dossier_code, c.channel, c.user_id, d.procedure_name, s.lang
      from (
        select dossier_code, channel, user_id from dossier_lookups where success
        union
        select dossier_code, channel, user_id from dossier_watches
      ) c
      join dossiers d on d.code = c.dossier_code
      left join sessions s on s.channel = c.channel and s.user_id = c.user_id
      where d.status = ${RATEABLE_STATUS}
        and d.updated_at > now() - make_interval(days => ${INVITE_WINDOW_DAYS})
        ${only}
        and not exists (select 1 from ratings r where r.dossier_code = d.code)
        and not exists (select 1 from rating_invitations i
                        where i.dossier_code = c.dossier_code and i.channel = c.channel and i.user_id = c.user_id)
      limit ${INVITE_BATCH}
    `)) as unknown as { rows: Candidate[] };
    for (const c of result.rows) {
      const lang: Lang = c.lang === 'en' ? 'en' : c.lang === 'vi' ? 'vi' : config.DEFAULT_LANGUAGE;
      // The claim and the message commit together: a failed send to the queue leaves no claim
      // behind, so the next pass invites again instead of never.
      const done = await db.transaction(async (tx) => {
        const claimed = await tx
          .insert(ratingInvitations)
          .values({ dossierCode: c.dossier_code, channel: c.channel, userId: c.user_id })
          .onConflictDoNothing()
          .returning({ id: ratingInvitations.id });
        if (!claimed.length) return false;
        await enqueueOutbound(tx, {
          channel: c.channel as ChannelName,
          userId: c.user_id,
          kind: 'invitation',
          replies: [invitationReply(lang, c.dossier_code, c.procedure_name)],
        });
        return true;
      });
      if (done) queued += 1;
    }
    // Once the rows are committed (the signal inside each transaction came before they were visible).
    if (queued) outboundSignal.emit();
    if (result.rows.length < INVITE_BATCH) return queued;
  }
}

/**
 * Registers (once per process; the key makes it idempotent) the listener that invites the applicant
 * to rate when a dossier reaches status 10 and the applicant has a channel with us. The program's
 * composition (bot/app.ts) calls it; dossiers finished by another process are caught by the sweep.
 */
export function registerRatingInvitations(config: Pick<Config, 'DEFAULT_LANGUAGE'>): () => void {
  return onDossierStatusChanged(async (db, changes) => {
    const codes = changes.filter((c) => c.to === RATEABLE_STATUS && c.from !== RATEABLE_STATUS).map((c) => c.code);
    await inviteToRate(db, config, codes);
  }, 'reports:rating-invitations');
}

/** Starts the periodic sweep (first pass at once). */
export function startRatingInvitations(deps: { db: Db; config: Config }): Periodic {
  if (!deps.config.JOBS_ENABLED) return NOT_STARTED;
  return startPeriodic('rating-invitations', INVITE_SWEEP_CRON, async () => {
    const n = await inviteToRate(deps.db, deps.config);
    if (n) logger.info({ queued: n }, 'rating invitations queued');
  });
}
