// Adapts the outbox to the worker's DeliverySender: outbox.sendNow paces per channel, retries 429/5xx
// briefly and throws PlatformApiError; the worker keeps the rows and applies the bulletin rules.
import type { Outbox } from '../../bot/outbox';
import type { ChannelName } from '../../core/types';
import type { DeliverySender } from './worker';

export function outboxDeliverySender(outbox: Outbox, channels: readonly ChannelName[]): DeliverySender {
  return {
    channels: channels.filter((c) => outbox.has(c)),
    // kind 'broadcast': Messenger sends it as a plain in-window UPDATE, never with a message tag.
    send: (channel, userId, replies) => outbox.sendNow(channel, userId, replies, { kind: 'broadcast' }),
  };
}
