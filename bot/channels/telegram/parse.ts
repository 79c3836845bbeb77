// Telegram updates → InboundEvents. The event id is the update_id (a re-delivered update has the same one),
// prefixed with the bot's id: update ids are per bot, and a new bot token must not collide with old ids.
import type { Update } from 'telegraf/types';
import type { Attachment, InboundEvent } from '../../../core/types';
import { cleanText, cleanTextValue } from '../../../core/text';

export function parseTelegramUpdate(update: Update, botId = '', now = new Date()): InboundEvent | null {
  const id = botId ? `${botId}:${update.update_id}` : String(update.update_id);
  const base = { id, channel: 'telegram' as const, receivedAt: now };
  if ('callback_query' in update) {
    const q = update.callback_query;
    const chatId = q.message?.chat.id ?? q.from.id;
    const data = 'data' in q ? q.data : undefined;
    return typeof data === 'string' && data ? { ...base, userId: String(chatId), kind: 'postback', payload: cleanText(data) } : null;
  }
  if ('my_chat_member' in update) {
    // Blocking the bot shows as the member status "kicked" in the private chat (docs/channels.md §Telegram Errors).
    const m = update.my_chat_member;
    if (m.chat.type !== 'private') return null;
    const status = m.new_chat_member.status;
    if (status === 'kicked') return { ...base, userId: String(m.chat.id), kind: 'unfollow' };
    if (status === 'member' && m.old_chat_member.status === 'kicked') return { ...base, userId: String(m.chat.id), kind: 'follow' };
    return null;
  }
  if (!('message' in update)) return null;
  const msg = update.message;
  // Groups are not a citizen's private conversation with the office.
  if (msg.chat.type !== 'private') return null;
  const userId = String(msg.chat.id);
  // A signed update is still outside input: a `text` that is not a string is no text (it used to throw
  // in the engine after the update id was recorded, so the update was lost).
  if ('text' in msg) {
    const text = cleanTextValue(msg.text);
    return text === undefined ? null : { ...base, userId, kind: 'text', text };
  }
  if ('location' in msg) return { ...base, userId, kind: 'location', location: { latitude: msg.location.latitude, longitude: msg.location.longitude } };
  const caption = 'caption' in msg ? cleanTextValue(msg.caption) : undefined;
  let attachment: Attachment = { type: 'other' };
  if ('photo' in msg) attachment = { type: 'image', name: msg.photo.at(-1)?.file_id, size: msg.photo.at(-1)?.file_size };
  else if ('document' in msg) attachment = { type: 'file', name: cleanTextValue(msg.document.file_name), size: msg.document.file_size };
  else if ('voice' in msg || 'audio' in msg) attachment = { type: 'audio' };
  else if ('video' in msg) attachment = { type: 'video' };
  else if ('sticker' in msg) attachment = { type: 'sticker' };
  return { ...base, userId, kind: 'attachment', attachments: [attachment], text: caption };
}
