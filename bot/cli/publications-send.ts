// `npm run publications:send -- ID`: sends an approved publication now (or finishes one whose send was
// interrupted), with a progress bar, and prints the outcome: sent, waiting, failed, unsubscribed.
// Messages: cli:publications.send.*, Vietnamese unless --lang en.
import cliProgress from 'cli-progress';
import { Outbox } from '../outbox';
import { createPlatformChannels } from '../channels/platforms';
import type { ChannelName } from '../../core/types';
import { cliArgsOrExit } from '../../core/cli';
import { getPublication, PublicationStateError, startSending, type Outcome } from '../../models/repos/publications';
import { outboxDeliverySender } from '../outbound/publications';
import { DeliveryWorker } from '../outbound/bulletins';
import { outboxQuotas } from '../outbound/policies';
import { fail, openForCli, publicationId } from '../../jobs/publications/cli/common';

const { positionals, t } = await cliArgsOrExit({ command: 'publications:send', options: {}, positionals: true });
const id = publicationId(positionals, t, 'cli:publications.send.usage');
const { config, database, db } = await openForCli();

const p = await getPublication(db, id);
if (!p) {
  await database.close();
  fail(t('cli:publications.not_found', { id }));
}
if (p.state === 'sent') {
  console.log(t('cli:publications.send.already_sent', { id }));
}
let enqueued = 0;
try {
  if (p.state !== 'sent') enqueued = (await startSending(db, id, 'cli')).enqueued;
} catch (e) {
  await database.close();
  if (!(e instanceof PublicationStateError)) throw e;
  fail(t('cli:publications.send.not_approved', { id, state: t(`publications:admin.states.${e.from ?? 'draft'}`) }));
}

const outbox = new Outbox(db, { quotas: outboxQuotas(config) });
const platforms = createPlatformChannels({ config, db, outbox, handle: async () => ({ duplicate: false, replies: [] }) });
const channels: ChannelName[] = ['zalo', 'messenger', 'telegram'];
const worker = new DeliveryWorker(db, outboxDeliverySender(outbox, channels), {
  exclusive: database.kind === 'pglite',
  leaseMs: config.PUBLICATION_LEASE_SECONDS * 1000,
  zaloPaidQuota: config.ZALO_PUBLICATION_PAID_QUOTA,
});
if (!outboxDeliverySender(outbox, channels).channels.length) {
  console.error(t('cli:publications.send.no_channel'));
}

const bar = process.stdout.isTTY
  ? new cliProgress.SingleBar({ format: t('cli:publications.send.bar'), hideCursor: true }, cliProgress.Presets.shades_classic)
  : undefined;
const done = (o: Outcome) => o.total - o.pending - o.sending;
let started = false;
let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true;
  void worker.stop();
});
const outcome = await worker.runUntilDone(id, (o) => {
  if (!bar) return;
  const payload = { sent: o.sent, waiting: o.waiting, failed: o.failed };
  if (!started) {
    bar.start(o.total, done(o), payload);
    started = true;
  } else bar.update(done(o), payload);
});
bar?.stop();
await platforms.stop();
await database.close();
const summary =
  t('cli:publications.send.summary', { id, total: outcome.total, enqueued, sent: outcome.sent, waiting: outcome.waiting, failed: outcome.failed, unsubscribed: outcome.unsubscribed }) +
  (outcome.superseded ? t('cli:publications.send.superseded', { superseded: outcome.superseded }) : '');
console.log(interrupted ? t('cli:publications.send.interrupted', { summary }) : summary);
process.exit(0);
