// Which channels are on, and why the others are off (printed at start-up).
import type { Config } from './config';
import type { ChannelName } from './types';

export interface ChannelStatus {
  channel: ChannelName;
  on: boolean;
  reason: string;
}

export function channelStatuses(config: Config): ChannelStatus[] {
  const missing = (names: (keyof Config)[]) => names.filter((n) => !config[n]);
  const platform = (channel: ChannelName, required: (keyof Config)[]): ChannelStatus => {
    const absent = missing(required);
    return absent.length
      ? { channel, on: false, reason: `off: ${absent.join(', ')} not set` }
      : { channel, on: true, reason: 'on' };
  };
  return [
    { channel: 'web', on: true, reason: 'on: web chat at /' },
    platform('zalo', ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_ACCESS_TOKEN', 'ZALO_REFRESH_TOKEN']),
    platform('messenger', ['FB_APP_SECRET', 'FB_PAGE_ACCESS_TOKEN', 'FB_VERIFY_TOKEN']),
    platform('telegram', ['TELEGRAM_BOT_TOKEN']),
  ];
}
