// A citizen's conversation as they saw it, for a chat page opened again (GET /api/webchat/history):
// the turns' log (questions, answers with their buttons, staff answers) and the notifications that
// reached them outside a turn (dossier results, rating invitations, bulletins).
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import type { Button, ChannelName } from '../../core/types';

export interface HistoryMessage {
  direction: 'in' | 'out';
  text: string;
  buttons?: Button[];
  at: string;
}

// Staff answers are logged in `messages` already (models/repos/feedback.ts); these kinds are not.
const NOTIFICATION_KINDS = ['notification', 'invitation', 'broadcast'];

/** The last `limit` messages of a conversation, oldest first. */
export async function conversationHistory(db: Db, channel: ChannelName, userId: string, limit: number): Promise<HistoryMessage[]> {
  const result = (await db.execute(sql`
    select direction, text, buttons, at from (
      select 'log' as src, id, direction, text, buttons, created_at as at
        from messages where channel = ${channel} and user_id = ${userId}
      union all
      select 'note' as src, o.id * 100 + r.n as id, 'out' as direction, r.reply->>'text' as text, r.reply->'buttons' as buttons,
             coalesce(o.sent_at, o.created_at) as at
        from outbound_messages o, jsonb_array_elements(o.replies) with ordinality as r(reply, n)
        where o.channel = ${channel} and o.user_id = ${userId} and o.status = 'sent'
          and o.kind in (${sql.join(NOTIFICATION_KINDS.map((k) => sql`${k}`), sql`, `)})
      order by at desc, src, id desc
      limit ${limit}
    ) h order by at, id`)) as unknown as { rows: { direction: 'in' | 'out'; text: string | null; buttons: Button[] | null; at: Date | string }[] };
  return result.rows
    .filter((r) => r.text)
    .map((r) => ({
      direction: r.direction,
      text: r.text!,
      ...(r.buttons?.length ? { buttons: r.buttons } : {}),
      at: new Date(r.at).toISOString(),
    }));
}
