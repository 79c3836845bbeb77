// Telegram's sending policy (docs/channels.md §Telegram): a bot may write to anyone who started it, at any
// time, with no window, tag or paid product; pacing ~30 messages/s in bulk and about 1/s per chat [T2].
// Which Bot API errors are retried, held or mean blocked: classifyTelegramError below.
import type { ChannelPolicy } from '../../../core/outbound-policy';
import type { DeliveryProblem } from '../../../core/errors';
import { CHANNEL_PACING } from '../../../core/pacing';

export function classifyTelegramError(code: number, description = ''): DeliveryProblem {
  if (code === 429) return 'rate_limited';
  if (code === 403) return 'blocked';
  if (code === 400 && /chat not found|user is deactivated/i.test(description)) return 'blocked';
  if (code === 401) return 'expired_token';
  if (code >= 500) return 'transient';
  return 'invalid';
}

export const telegramPolicy: ChannelPolicy = {
  pacing: CHANNEL_PACING.telegram,
  bulk: { concurrency: 8 },
  decide: () => ({ send: { type: 'message', billable: false } }),
};
