// Messenger webhook body → InboundEvents. One request can carry several entries and messaging items.
import { z } from 'zod';
import type { Attachment, InboundEvent } from '../../../core/types';
import { cleanText, cleanTextValue } from '../../../core/text';
import { logger } from '../../../core/logger';

export const MessengerItemSchema = z
  .object({
    sender: z.object({ id: z.string() }),
    recipient: z.object({ id: z.string() }).optional(),
    timestamp: z.number().optional(),
    message: z
      .object({
        mid: z.string().optional(),
        text: z.unknown().transform(cleanTextValue).optional(),
        is_echo: z.boolean().optional(),
        quick_reply: z.object({ payload: z.string() }).optional(),
        attachments: z
          .array(
            z.object({
              type: z.string(),
              payload: z
                .object({
                  url: z.string().optional(),
                  coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
                })
                .passthrough()
                .nullish(),
            }),
          )
          .optional(),
      })
      .passthrough()
      .optional(),
    postback: z.object({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

export const MessengerBodySchema = z.object({
  object: z.string(),
  // Items are validated one by one (parseMessengerBody): one odd item (a plugin opt-in with user_ref and
  // no sender.id) must not cost the valid messages beside it their reply.
  entry: z.array(z.object({ id: z.string().optional(), messaging: z.array(z.unknown()).optional() }).passthrough()),
});

export type MessengerBody = z.infer<typeof MessengerBodySchema>;

const ATTACHMENT_TYPES: Record<string, Attachment['type']> = { image: 'image', file: 'file', audio: 'audio', video: 'video', sticker: 'sticker' };
// Messenger adds an attachment of type `fallback` (a link preview or a share) to a text holding a link:
// the message is still the citizen's text (docs/channels.md §Messenger Receive).
const TEXT_COMPANION_ATTACHMENTS = new Set(['fallback']);

export function parseMessengerBody(body: MessengerBody, now = new Date()): InboundEvent[] {
  if (body.object !== 'page') return [];
  const events: InboundEvent[] = [];
  for (const entry of body.entry) {
    for (const raw of entry.messaging ?? []) {
      const parsed = MessengerItemSchema.safeParse(raw);
      if (!parsed.success) {
        logger.warn({ channel: 'messenger', issue: parsed.error.issues[0]?.message }, 'unreadable Messenger item skipped');
        continue;
      }
      const item = parsed.data;
      const userId = item.sender.id;
      const base = { channel: 'messenger' as const, userId, receivedAt: now };
      const m = item.message;
      if (m) {
        // The Page's own sends come back as echoes: never input.
        if (m.is_echo || !m.mid) continue;
        const id = m.mid;
        if (m.quick_reply) {
          events.push({ ...base, id, kind: 'postback', payload: cleanText(m.quick_reply.payload), text: m.text });
          continue;
        }
        const location = m.attachments?.find((a) => a.type === 'location' && a.payload?.coordinates)?.payload?.coordinates;
        if (location) {
          events.push({ ...base, id, kind: 'location', location: { latitude: location.lat, longitude: location.long } });
          continue;
        }
        const media = (m.attachments ?? []).filter((a) => !(TEXT_COMPANION_ATTACHMENTS.has(a.type) && m.text?.trim()));
        if (media.length) {
          const attachments: Attachment[] = media.map((a) => ({ type: ATTACHMENT_TYPES[a.type] ?? 'other', url: a.payload?.url }));
          events.push({ ...base, id, kind: 'attachment', attachments, text: m.text });
          continue;
        }
        if (m.text !== undefined) events.push({ ...base, id, kind: 'text', text: m.text });
        continue;
      }
      const p = item.postback;
      if (p?.payload) {
        // Older postbacks have no mid: the sender and timestamp identify them.
        events.push({ ...base, id: p.mid ?? `pb:${userId}:${item.timestamp ?? now.getTime()}`, kind: 'postback', payload: cleanText(p.payload) });
      }
    }
  }
  return events;
}
