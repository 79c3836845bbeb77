// What the public results page shows (issue 15 item 18): the latest weekly bulletin an official
// approved, and the petitions whose senders agreed to publication, with their answers. No personal
// data: never the sender's name, address, phone or channel.
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { PublicationContent } from '../schema/publications';

// The bulletin is public once an official approved it (models/repos/publications.ts).
const PUBLISHED_STATES = ['approved', 'scheduled', 'sending', 'sent'];
// Support requests ("gặp cán bộ") are conversations, not petitions: never listed.
const SUPPORT_KIND = 'ho_tro';

export interface PublicPetition {
  code: string;
  kind: string;
  content: string;
  answer: string;
  receivedDate: string;
  answeredAt: Date;
}

/** The most recent approved bulletin's figures and lists, or null. */
export async function latestPublishedWeek(db: Db): Promise<PublicationContent | null> {
  const r = (await db.execute(sql`
    select content from publications where state in (${sql.join(PUBLISHED_STATES.map((s) => sql`${s}`), sql`, `)})
    order by period_end desc, id desc limit 1`)) as unknown as { rows: { content: PublicationContent | string }[] };
  const c = r.rows[0]?.content;
  return c ? (typeof c === 'string' ? (JSON.parse(c) as PublicationContent) : c) : null;
}

/** Answered petitions whose senders agreed to publication, most recently answered first. */
export async function publicPetitions(db: Db, limit: number): Promise<PublicPetition[]> {
  const r = (await db.execute(sql`
    select code, kind, content, answer, received_date::text as received_date, answered_at from feedback
    where is_public and kind <> ${SUPPORT_KIND} and answer is not null and answered_at is not null
    order by answered_at desc, id desc limit ${limit}`)) as unknown as {
    rows: { code: string; kind: string; content: string; answer: string; received_date: string; answered_at: Date | string }[];
  };
  return r.rows.map((x) => ({
    code: x.code, kind: x.kind, content: x.content, answer: x.answer, receivedDate: x.received_date, answeredAt: new Date(x.answered_at),
  }));
}
