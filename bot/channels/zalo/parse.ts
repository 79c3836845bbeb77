// Zalo OA webhook events → InboundEvents. Ids stay strings (18–19 digits, beyond Number.MAX_SAFE_INTEGER).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Attachment, InboundEvent } from '../../../core/types';
import { cleanText, cleanTextValue } from '../../../core/text';
import { anonymousUserId } from './client';

// Button payloads come back as the user's text (oa.query.hide buttons, docs/channels.md §Zalo Receive): this
// prefix tells them apart from typed text.
export const ZALO_PAYLOAD_PREFIX = '#p:';

const Id = z.union([z.string(), z.number()]).transform(String);
const ZaloAttachment = z.object({
  type: z.string(),
  payload: z
    .object({
      url: z.string().optional(),
      thumbnail: z.string().optional(),
      name: z.string().optional(),
      size: z.union([z.string(), z.number()]).optional(),
      coordinates: z.object({ latitude: z.union([z.string(), z.number()]), longitude: z.union([z.string(), z.number()]) }).optional(),
    })
    .passthrough()
    .optional(),
});
export const ZaloEventSchema = z
  .object({
    event_name: z.string(),
    app_id: Id.optional(),
    timestamp: Id.optional(),
    sender: z.object({ id: Id }).optional(),
    recipient: z.object({ id: Id }).optional(),
    follower: z.object({ id: Id }).optional(),
    user_id_by_app: Id.optional(),
    message: z
      .object({
        msg_id: Id.optional(),
        // Not a string in a malformed event: read as no text rather than refusing the whole event.
        text: z.unknown().transform(cleanTextValue).optional(),
        conversation_id: Id.optional(),
        attachments: z.array(ZaloAttachment).optional(),
        location: z.object({ latitude: z.union([z.string(), z.number()]), longitude: z.union([z.string(), z.number()]) }).optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

export type ZaloEvent = z.infer<typeof ZaloEventSchema>;

const ATTACHMENT_TYPES: Record<string, Attachment['type']> = {
  image: 'image', gif: 'image', file: 'file', audio: 'audio', voice: 'audio', video: 'video', sticker: 'sticker',
};

/** Returns null for events that are not a citizen's input (echoes of our sends, receipts, seen marks). */
export function parseZaloEvent(e: ZaloEvent, raw: Buffer, now = new Date()): InboundEvent | null {
  const name = e.event_name;
  const id = e.message?.msg_id ?? `h:${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
  const base = { id, channel: 'zalo' as const, receivedAt: now };
  if (name === 'follow' || name === 'unfollow') {
    const userId = e.follower?.id ?? e.sender?.id;
    return userId ? { ...base, userId, kind: name } : null;
  }
  // oa_send_* are echoes of what the OA sent. Anonymous visitors (the OA's chat widget) are answered
  // through their anonymous id and conversation id (docs/channels.md §Zalo Receive).
  const anonymous = name.startsWith('anonymous_send_');
  if ((!name.startsWith('user_send_') && !anonymous) || !e.sender) return null;
  const m: NonNullable<ZaloEvent['message']> = e.message ?? { text: undefined };
  if (anonymous && !m.conversation_id) return null;
  const userId = anonymous ? anonymousUserId(e.sender.id, m.conversation_id!) : e.sender.id;
  const kind = name.slice(anonymous ? 'anonymous_send_'.length : 'user_send_'.length);
  // A message that has text is a text message: a link (user_send_link) carries the text the citizen
  // typed around it, with the link preview as an attachment.
  if (kind === 'text' || (kind === 'link' && m.text?.trim())) {
    const text = cleanText(m.text ?? '');
    if (text.startsWith(ZALO_PAYLOAD_PREFIX)) return { ...base, userId, kind: 'postback', payload: text.slice(ZALO_PAYLOAD_PREFIX.length) };
    return { ...base, userId, kind: 'text', text };
  }
  if (kind === 'location') {
    const c = m.attachments?.find((a) => a.payload?.coordinates)?.payload?.coordinates ?? m.location;
    const latitude = Number(c?.latitude);
    const longitude = Number(c?.longitude);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
    return { ...base, userId, kind: 'location', location: { latitude, longitude } };
  }
  const attachments: Attachment[] = (m.attachments ?? []).map((a) => ({
    type: ATTACHMENT_TYPES[a.type] ?? 'other',
    url: a.payload?.url ?? a.payload?.thumbnail,
    name: a.payload?.name !== undefined ? cleanText(a.payload.name) : undefined,
    size: a.payload?.size !== undefined ? Number(a.payload.size) : undefined,
  }));
  return { ...base, userId, kind: 'attachment', attachments, text: m.text };
}
