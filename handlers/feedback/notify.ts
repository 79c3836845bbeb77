// Tells the staff's Telegram group about a new PAKN or "gặp cán bộ" request (STAFF_TELEGRAM_CHAT_ID,
// editable in the admin's settings), through the outbound queue like every other message. The
// notice carries the code, kind and the start of the text, never the sender's name, address or
// phone: a chat group is not the place for personal data (NĐ 13/2023).
import type { Config } from '../../core/config';
import { logger } from '../../core/logger';
import type { TFunction } from 'i18next';
import type { Db } from '../../models/db';
import { enqueueOutbound } from '../../models/repos/outbound';
import type { FeedbackRow } from '../../models/repos/feedback/states';

// Enough of the text to decide who takes it; the rest is in the inbox.
const EXCERPT_LENGTH = 200;

export async function notifyStaffGroup(db: Db, config: Config, t: TFunction, row: FeedbackRow): Promise<void> {
  const chatId = config.STAFF_TELEGRAM_CHAT_ID;
  if (!chatId || !config.TELEGRAM_BOT_TOKEN) return;
  const excerpt = row.content.length > EXCERPT_LENGTH ? row.content.slice(0, EXCERPT_LENGTH).trimEnd() + '…' : row.content;
  const link = config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/$/, '')}/admin/inbox/${row.id}` : '';
  const text = t('feedback:staff_notice', { code: row.code, kind: t(`feedback:kinds.${row.kind}`), excerpt, channel: row.channel }) + (link ? `\n${link}` : '');
  try {
    await enqueueOutbound(db, { channel: 'telegram', userId: chatId, kind: 'notification', replies: [{ text }] });
  } catch (err) {
    // The citizen's submission is stored already: a failed notice must not undo or fail it.
    logger.error({ err, code: row.code }, 'staff group notice not queued');
  }
}
