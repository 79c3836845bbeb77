// Each channel's sending policy (core/outbound-policy.ts), in one table: the outbox and the bulletin worker
// both ask it, so a platform's window, tags, message types, quota, quiet hours and pacing are written once.
import type { Config } from '../../core/config';
import type { ChannelPolicy } from '../../core/outbound-policy';
import type { ChannelName } from '../../core/types';
import { ZALO_PAID_QUOTA_KEY, zaloPolicy } from '../channels/zalo/policy';
import { messengerPolicy } from '../channels/messenger/policy';
import { telegramPolicy } from '../channels/telegram/policy';

// Our own channels (the web chat, the console): no window, no paid product, no platform limit; a web chat
// user who is not online is 'not_connected' (held until they come back). Bulk sends keep the database and
// the browsers comfortable.
const ownChannelPolicy: ChannelPolicy = {
  bulk: { concurrency: 16 },
  decide: () => ({ send: { type: 'message', billable: false } }),
};

export const CHANNEL_POLICIES: Readonly<Record<ChannelName, ChannelPolicy>> = {
  zalo: zaloPolicy,
  messenger: messengerPolicy,
  telegram: telegramPolicy,
  web: ownChannelPolicy,
  console: ownChannelPolicy,
};

/** The limits of the paid quotas, from the configuration (the outbox enforces them). */
export function outboxQuotas(config: Pick<Config, 'ZALO_PAID_QUOTA_PER_MONTH'>): Record<string, number> {
  return { [ZALO_PAID_QUOTA_KEY]: config.ZALO_PAID_QUOTA_PER_MONTH };
}
