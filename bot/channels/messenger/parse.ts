// Messenger webhook body → InboundEvents. One request can carry several entries and messaging items.
import { z } from 'zod';
import type { Attachment, InboundEvent } from '../../../core/types';

const Item = z
  .object({
    sender: z.object({ id: z.string() }),
    recipient: z.object({ id: z.string() }).optional(),
    timestamp: z.number().optional(),
    message: z
      .object({
        mid: z.string().optional(),
        text: z.string().optional(),
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
  entry: z.array(z.object({ id: z.string().optional(), messaging: z.array(Item).optional() }).passthrough()),
});

export type MessengerBody = z.infer<typeof MessengerBodySchema>;

const ATTACHMENT_TYPES: Record<string, Attachment['type']> = { image: 'image', file: 'file', audio: 'audio', video: 'video', sticker: 'sticker' };

export function parseMessengerBody(body: MessengerBody, now = new Date()): InboundEvent[] {
  if (body.object !== 'page') return [];
  const events: InboundEvent[] = [];
  for (const entry of body.entry) {
    for (const item of entry.messaging ?? []) {
      const userId = item.sender.id;
      const base = { channel: 'messenger' as const, userId, receivedAt: now };
      const m = item.message;
      if (m) {
        // The Page's own sends come back as echoes: never input.
        if (m.is_echo || !m.mid) continue;
        const id = m.mid;
        if (m.quick_reply) {
          events.push({ ...base, id, kind: 'postback', payload: m.quick_reply.payload, text: m.text });
          continue;
        }
        const location = m.attachments?.find((a) => a.type === 'location' && a.payload?.coordinates)?.payload?.coordinates;
        if (location) {
          events.push({ ...base, id, kind: 'location', location: { latitude: location.lat, longitude: location.long } });
          continue;
        }
        if (m.attachments?.length) {
          const attachments: Attachment[] = m.attachments.map((a) => ({ type: ATTACHMENT_TYPES[a.type] ?? 'other', url: a.payload?.url }));
          events.push({ ...base, id, kind: 'attachment', attachments, text: m.text });
          continue;
        }
        if (m.text !== undefined) events.push({ ...base, id, kind: 'text', text: m.text });
        continue;
      }
      const p = item.postback;
      if (p?.payload) {
        // Older postbacks have no mid: the sender and timestamp identify them.
        events.push({ ...base, id: p.mid ?? `pb:${userId}:${item.timestamp ?? now.getTime()}`, kind: 'postback', payload: p.payload });
      }
    }
  }
  return events;
}
