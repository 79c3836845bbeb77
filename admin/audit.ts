// The audit log: every login and every change made in the admin leaves a row.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../models/db';
import { adminAudit } from '../models/schema/admin';

export type AuditRow = typeof adminAudit.$inferSelect;

export interface AuditEntry {
  /** Who did it: the signed-in user, a username (failed login), or null for the system. */
  actor: { id: number; username: string } | string | null;
  /** Dotted verb, e.g. 'login.ok', 'user.create', 'catalog.edit'. */
  action: string;
  /** What it was done to, e.g. a username or a procedure code. */
  target?: string | null;
  /** Small JSON of what changed. Never passwords, phone or ID numbers or message text. */
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  const actor = entry.actor;
  await db.insert(adminAudit).values({
    actorId: actor && typeof actor === 'object' ? actor.id : null,
    actorName: actor && typeof actor === 'object' ? actor.username : (actor ?? null),
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
  });
}

export function recentAudit(db: Db, opts: { limit: number; action?: string }): Promise<AuditRow[]> {
  const q = db.select().from(adminAudit);
  const filtered = opts.action ? q.where(eq(adminAudit.action, opts.action)) : q;
  return filtered.orderBy(desc(adminAudit.id)).limit(opts.limit);
}
