// Wires the parts together: engine and handlers, channels, outbound worker, HTTP routes, jobs.
// main.ts (the server), the console chat and the tests all build the assistant through here.
import type { Router } from 'express';
import type { Config } from '../core/config';
import type { Database } from '../models/db';
import { Engine } from './engine';
import { initI18n, translator } from '../core/i18n';
import { Outbox } from './outbox';
import { createHttpApp, listen, type Listening } from './server';
import { createDossierApiRouter } from './api/dossiers';
import { createMetricsRouter } from './metrics';
import { createBackupControl } from './control';
import { WebChannel } from './channels/web';
import { createPublicResultsRouter } from './public/results';
import { webchatSecret } from './channels/web/identity';
import { channelStatuses, type ChannelStatus } from '../core/channel-status';
import { createPlatformChannels, type PlatformChannels } from './channels/platforms';
import { createMenuHandler, menuReply } from '../handlers/menu';
import { createHandlers } from '../handlers';
import { createUnderstanding } from '../knowledge';
import type { Handler } from '../handlers/types';
import { logger } from '../core/logger';
import { createAdminRouter } from '../admin/router';
import { startPublications } from './outbound/publications';
import { outboxQuotas } from './outbound/policies';
import { registerRatingInvitations, startRatingInvitations } from '../jobs/rating-invitations';
import { startHousekeeping } from '../jobs/housekeeping';
import { applyStoredSettings } from '../models/repos/settings';
import { startNightlyBackup } from '../jobs/backups';

export interface Assistant {
  config: Config;
  database: Database;
  engine: Engine;
  outbox: Outbox;
  web: WebChannel;
  channels: ChannelStatus[];
  /** Zalo, Messenger, Telegram adapters (those whose credentials are set). */
  platforms: PlatformChannels;
  app: ReturnType<typeof createHttpApp>;
  /** Starts background work (outbound worker, scheduled jobs). */
  startBackground(): Promise<void>;
  /** Listens for HTTP on the configured port (0 = any free port). */
  listen(port?: number): Promise<Listening>;
  stop(): Promise<void>;
}

export async function createAssistant(config: Config, database: Database): Promise<Assistant> {
  await initI18n();
  const { db } = database;
  // Settings changed in the admin replace their environment values before anything reads them.
  await applyStoredSettings(db, config);
  const handlers: Handler[] = [];
  const menu = createMenuHandler(() => handlers);
  handlers.push(...createHandlers({ db, config }), menu);
  // A dossier reaching status 10 invites its applicant to rate (immediately, in this process).
  registerRatingInvitations(config);
  const understanding = await createUnderstanding(db);
  const engine = new Engine({ db, config, handlers, understanding, menu, dbKind: database.kind });
  const outbox = new Outbox(db, { quotas: outboxQuotas(config) });
  const web = new WebChannel({
    db,
    handle: (e) => engine.handle(e),
    ratePerMinute: config.WEBCHAT_RATE_PER_MINUTE,
    ipRatePerMinute: config.WEBCHAT_IP_RATE_PER_MINUTE,
    secret: webchatSecret(config.WEBCHAT_SECRET, (msg) => logger.warn(msg)),
    welcome: (lang) => {
      const t = translator(lang);
      return [menuReply({ t, lang }, handlers, t('common:greeting', { commune: config.COMMUNE_NAME }))];
    },
    embedOrigins: config.WEBCHAT_EMBED_ORIGINS,
  });
  outbox.register('web', web);
  const platforms = createPlatformChannels({ config, db, outbox, handle: (e) => engine.handle(e), dbKind: database.kind });

  const control = createBackupControl(database);
  const routers: Router[] = [createMetricsRouter({ db, config }), control.router, web.router(), createPublicResultsRouter({ db, communeName: config.COMMUNE_NAME }), ...platforms.routers, createAdminRouter({ db, config }), createDossierApiRouter({ db, config })];
  const app = createHttpApp({ db, routers, trustProxy: config.TRUST_PROXY });
  const stoppers: (() => Promise<void>)[] = [];
  let listening: Listening | undefined;

  return {
    config,
    database,
    engine,
    outbox,
    web,
    channels: channelStatuses(config),
    platforms,
    app,
    async startBackground() {
      outbox.start({ exclusive: database.kind === 'pglite', leaseMs: config.OUTBOUND_LEASE_SECONDS * 1000 });
      stoppers.push(() => outbox.stop());
      await platforms.start();
      stoppers.push(() => platforms.stop());
      const publications = await startPublications({
        db, config, outbox, channels: ['web', 'zalo', 'messenger', 'telegram'], exclusive: database.kind === 'pglite',
      });
      stoppers.push(() => publications.stop());
      // Rating invitations for dossiers finished by another process (import CLI, other instance).
      const ratingInvites = startRatingInvitations({ db, config });
      stoppers.push(() => ratingInvites.stop());
      const housekeeping = startHousekeeping({ db, config });
      stoppers.push(() => housekeeping.stop());
      const backups = startNightlyBackup(database, config);
      stoppers.push(() => backups.stop());
    },
    async listen(port = config.PORT) {
      listening = await listen(app, port, config.HOST);
      await control.publish(listening.port);
      return listening;
    },
    async stop() {
      web.closeStreams();
      await control.unpublish();
      if (listening) await listening.close();
      // Requests whose client went away may still be working: let them finish before the database closes.
      await engine.drain();
      for (const s of stoppers.reverse()) await s().catch((err) => logger.error({ err }, 'stop failed'));
    },
  };
}
