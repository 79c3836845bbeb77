// The platform channels that are on (credentials set, see status.ts): their webhook routes, their senders
// on the outbox, their start/stop, and what a "blocked" delivery means (the user leaves the publications).
import type { Router } from 'express';
import type { Config } from '../../core/config';
import type { Db } from '../../models/db';
import type { EngineResult } from '../engine';
import { logger } from '../../core/logger';
import type { Outbox } from '../outbox';
import type { InboundEvent } from '../../core/types';
import { unsubscribe } from '../../models/repos/subscriptions';
import { channelStatuses } from '../../core/channel-status';
import { MessengerChannel } from './messenger';
import { TelegramChannel } from './telegram';
import { ZaloChannel } from './zalo';

export interface PlatformChannels {
  zalo?: ZaloChannel;
  messenger?: MessengerChannel;
  telegram?: TelegramChannel;
  routers: Router[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every webhook event received so far has been handled and answered. */
  idle(): Promise<void>;
}

export function createPlatformChannels(opts: {
  config: Config;
  db: Db;
  outbox: Outbox;
  handle(event: InboundEvent): Promise<EngineResult>;
  /** PGlite: this process holds the database alone, so every stored event not done at start is ours. */
  dbKind?: 'pglite' | 'postgres';
}): PlatformChannels {
  const { config, db, outbox } = opts;
  const exclusive = (opts.dbKind ?? 'pglite') === 'pglite';
  const on = new Set(channelStatuses(config).filter((s) => s.on).map((s) => s.channel));
  const deps = {
    db, outbox, handle: opts.handle, dbKind: opts.dbKind, leaseMs: config.INBOUND_LEASE_SECONDS * 1000,
    limits: { perUserPerMinute: config.WEBHOOK_USER_RATE_PER_MINUTE, globalPerSecond: config.WEBHOOK_GLOBAL_RATE_PER_SECOND },
  };
  const zalo = on.has('zalo') ? new ZaloChannel(config, deps) : undefined;
  const messenger = on.has('messenger') ? new MessengerChannel(config, deps) : undefined;
  const telegram = on.has('telegram') ? new TelegramChannel(config, deps) : undefined;
  if (zalo) outbox.register('zalo', zalo);
  if (messenger) outbox.register('messenger', messenger);
  if (telegram) outbox.register('telegram', telegram);

  outbox.onProblem(async ({ channel, userId, error }) => {
    if (error.problem !== 'blocked') return;
    const changed = await unsubscribe(db, channel, userId, 'blocked');
    if (changed) logger.info({ channel }, 'blocked user unsubscribed from publications');
  });

  const all = [zalo, messenger, telegram].filter((c) => c !== undefined);
  return {
    zalo,
    messenger,
    telegram,
    routers: all.map((c) => c.router()),
    async start() {
      zalo?.start(config.JOBS_ENABLED, exclusive);
      messenger?.start(exclusive);
      await telegram?.start(exclusive).catch((err: unknown) =>
        logger.error({ err: (err as Error).message }, 'Telegram start failed: check TELEGRAM_BOT_TOKEN and PUBLIC_URL'),
      );
    },
    async stop() {
      await Promise.all(all.map((c) => c.stop()));
    },
    async idle() {
      await Promise.all(all.map((c) => c.idle()));
    },
  };
}
