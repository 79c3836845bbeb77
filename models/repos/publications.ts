// Publications: creation, editing, the state machine (one transition table, checked in one place),
// enqueueing one delivery per (publication, subscriber), and the outcome counts.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import {
  publicationDeliveries, publicationEvents, publications, type DeliveryState, type PublicationContent, type PublicationState,
} from '../schema/publications';
import { subscribers } from '../schema/subscriptions';

export type Publication = typeof publications.$inferSelect;

/**
 * Allowed moves. Only an approved publication can be scheduled, and only a scheduled one is sent;
 * a submitted one can be sent back to draft for changes. Cancelling is possible until sending starts
 * (after that, messages are already with citizens and cannot be recalled).
 */
export const PUBLICATION_TRANSITIONS: Readonly<Record<PublicationState, readonly PublicationState[]>> = {
  draft: ['submitted', 'cancelled'],
  submitted: ['approved', 'draft', 'cancelled'],
  approved: ['scheduled', 'cancelled'],
  scheduled: ['sending', 'cancelled'],
  sending: ['sent'],
  sent: [],
  cancelled: [],
};

export class PublicationStateError extends Error {
  constructor(
    readonly id: number,
    readonly from: PublicationState | undefined,
    readonly to: PublicationState,
  ) {
    super(
      from === undefined
        ? `Publication ${id} does not exist.`
        : `Publication ${id} is ${from}; it cannot become ${to} (allowed from ${from}: ${PUBLICATION_TRANSITIONS[from].join(', ') || 'nothing'}).`,
    );
    this.name = 'PublicationStateError';
  }
}

export function canTransition(from: PublicationState, to: PublicationState): boolean {
  return PUBLICATION_TRANSITIONS[from].includes(to);
}

export async function createPublication(
  db: Db,
  p: { week: string; periodStart: string; periodEnd: string; content: PublicationContent; texts: { vi: string; en: string }; createdBy: string },
): Promise<Publication> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(publications).values({ ...p, state: 'draft' }).returning();
    await tx.insert(publicationEvents).values({ publicationId: row!.id, fromState: null, toState: 'draft', actor: p.createdBy });
    return row!;
  });
}

export async function getPublication(db: Db, id: number): Promise<Publication | undefined> {
  const [row] = await db.select().from(publications).where(eq(publications.id, id));
  return row;
}

export async function listPublications(db: Db, limit = 50): Promise<Publication[]> {
  return db.select().from(publications).orderBy(desc(publications.id)).limit(limit);
}

export async function publicationHistory(db: Db, id: number) {
  return db.select().from(publicationEvents).where(eq(publicationEvents.publicationId, id)).orderBy(publicationEvents.id);
}

/** Texts can change only while a draft: what an official approved is what goes out. */
export async function editPublicationTexts(db: Db, id: number, texts: { vi: string; en: string }, actor: string): Promise<Publication> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(publications)
      .set({ texts, updatedAt: sql`now()` })
      .where(and(eq(publications.id, id), eq(publications.state, 'draft')))
      .returning();
    if (!row) {
      const current = await getPublication(tx as unknown as Db, id);
      throw new PublicationStateError(id, current?.state, 'draft');
    }
    await tx.insert(publicationEvents).values({ publicationId: id, fromState: 'draft', toState: 'draft', actor, note: 'edited' });
    return row;
  });
}

/**
 * The one place a publication changes state: checks the table, updates only if the row is still in
 * the expected state (a concurrent change loses cleanly), and records who did it.
 */
export async function transitionPublication(
  db: Db,
  id: number,
  to: PublicationState,
  actor: string,
  extra: { scheduledFor?: Date | null; note?: string } = {},
): Promise<Publication> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(publications).where(eq(publications.id, id)).for('update');
    if (!current || !canTransition(current.state, to)) throw new PublicationStateError(id, current?.state, to);
    const set: Record<string, unknown> = { state: to, updatedAt: sql`now()` };
    if (to === 'approved') Object.assign(set, { approvedBy: actor, approvedAt: sql`now()` });
    if (to === 'draft') Object.assign(set, { approvedBy: null, approvedAt: null });
    if (to === 'scheduled') set.scheduledFor = extra.scheduledFor ?? null;
    if (to === 'sending') set.sendingAt = sql`now()`;
    if (to === 'sent') set.sentAt = sql`now()`;
    const [row] = await tx.update(publications).set(set).where(and(eq(publications.id, id), eq(publications.state, current.state))).returning();
    await tx.insert(publicationEvents).values({ publicationId: id, fromState: current.state, toState: to, actor, note: extra.note ?? null });
    return row!;
  });
}

/**
 * Creates one pending delivery per active subscriber; ON CONFLICT DO NOTHING makes a second run
 * (or a second instance) add nothing. Older publications still waiting for the same subscribers are
 * superseded: someone who comes back gets the latest one, not a backlog. Returns the rows added.
 */
export async function enqueueDeliveries(db: Db, publicationId: number): Promise<number> {
  return db.transaction(async (tx) => {
    const inserted = (await tx.execute(sql`
      insert into publication_deliveries (publication_id, subscriber_id, channel, user_id)
      select ${publicationId}, s.id, s.channel, s.user_id from subscribers s where s.status = 'active'
      on conflict (publication_id, subscriber_id) do nothing`)) as unknown as { rowCount?: number; affectedRows?: number };
    await tx
      .update(publicationDeliveries)
      .set({ state: 'superseded', updatedAt: sql`now()` })
      .where(
        and(
          eq(publicationDeliveries.state, 'waiting'),
          sql`${publicationDeliveries.publicationId} <> ${publicationId}`,
          sql`${publicationDeliveries.subscriberId} in (select subscriber_id from publication_deliveries where publication_id = ${publicationId})`,
        ),
      );
    return Number(inserted.rowCount ?? inserted.affectedRows ?? 0);
  });
}

export type Outcome = Record<DeliveryState, number> & { total: number };

export async function publicationOutcome(db: Db, publicationId: number): Promise<Outcome> {
  const rows = await db
    .select({ state: publicationDeliveries.state, n: sql<number>`count(*)::int` })
    .from(publicationDeliveries)
    .where(eq(publicationDeliveries.publicationId, publicationId))
    .groupBy(publicationDeliveries.state);
  const out: Outcome = { pending: 0, sending: 0, sent: 0, waiting: 0, failed: 0, unsubscribed: 0, superseded: 0, total: 0 };
  for (const r of rows) {
    out[r.state] = Number(r.n);
    out.total += Number(r.n);
  }
  return out;
}

/** Marks a publication 'sent' once nothing of it is left to send now (waiting ones go out later). */
export async function finishIfDone(db: Db, publicationId: number): Promise<boolean> {
  // EXISTS stops at the first open row: cheap even with 100 000 rows still queued.
  const res = (await db.execute(sql`
    select exists (select 1 from publication_deliveries
      where publication_id = ${publicationId} and state in ('pending', 'sending')) as open`)) as unknown as { rows: { open: boolean }[] };
  if (res.rows[0]?.open) return false;
  const pub = await getPublication(db, publicationId);
  if (pub?.state !== 'sending') return pub?.state === 'sent';
  try {
    await transitionPublication(db, publicationId, 'sent', 'system');
  } catch (e) {
    if (!(e instanceof PublicationStateError)) throw e; // another worker finished it first
  }
  return true;
}

/** Publications that should start sending now: scheduled and due (null = at the next run). */
export async function dueScheduled(db: Db): Promise<Publication[]> {
  return db
    .select()
    .from(publications)
    .where(and(eq(publications.state, 'scheduled'), sql`(${publications.scheduledFor} is null or ${publications.scheduledFor} <= now())`));
}

export async function publicationsInState(db: Db, state: PublicationState): Promise<Publication[]> {
  return db.select().from(publications).where(eq(publications.state, state));
}

export async function activeSubscriberCount(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(subscribers).where(eq(subscribers.status, 'active'));
  return Number(r?.n ?? 0);
}

/**
 * Starts (or resumes) sending: approved → scheduled → sending, and the deliveries enqueued, in one
 * transaction, so a crash leaves either nothing or a sending publication with all its rows.
 * Calling it on a publication already sending only adds rows for subscribers that are missing.
 */
export async function startSending(db: Db, id: number, actor: string): Promise<{ publication: Publication; enqueued: number }> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    let p = await getPublication(tx, id);
    if (!p) throw new PublicationStateError(id, undefined, 'sending');
    if (p.state === 'approved') p = await transitionPublication(tx, id, 'scheduled', actor);
    if (p.state === 'scheduled') p = await transitionPublication(tx, id, 'sending', actor);
    if (p.state !== 'sending') throw new PublicationStateError(id, p.state, 'sending');
    const enqueued = await enqueueDeliveries(tx, id);
    return { publication: p, enqueued };
  });
}
