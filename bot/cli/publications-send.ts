// `npm run publications:send -- ID`: sends an approved publication now (or finishes one whose send was
// interrupted), with a progress bar, and prints the outcome: sent, waiting, failed, unsubscribed.
import cliProgress from 'cli-progress';
import { Outbox } from '../outbox';
import { createPlatformChannels } from '../channels/platforms';
import type { ChannelName } from '../../core/types';
import { getPublication, startSending, type Outcome } from '../../models/repos/publications';
import { outboxDeliverySender } from '../outbound/publications';
import { DeliveryWorker } from '../outbound/bulletins';
import { outboxQuotas } from '../outbound/policies';
import { DB_NOTE, fail, helpOrNull, openForCli, parseArgs, publicationId } from '../../jobs/publications/cli/common';

const USAGE = 'npm run publications:send -- ID';
const HELP = `
Sends an approved publication to every subscriber within each platform's rules, and waits until
nothing is left to send now. Subscribers out of their platform's messaging window are recorded as
"waiting" and get it when they next write. Interrupted (Ctrl-C, crash)? Run it again: it resumes,
and nobody who already got it gets it again (see bot/outbound/bulletins.ts for the one exception).

Usage: ${USAGE}
Channels used: those whose credentials are set (see the server's start-up log).
${DB_NOTE}
`;

const args = parseArgs(process.argv.slice(2));
helpOrNull(args, HELP);
const id = publicationId(args, USAGE);
const { config, database, db } = await openForCli();

const p = await getPublication(db, id);
if (!p) {
  await database.close();
  fail(`Publication ${id} does not exist.`);
}
if (p.state === 'sent') {
  console.log(`Publication ${id} was already sent.`);
}
let enqueued = 0;
try {
  if (p.state !== 'sent') enqueued = (await startSending(db, id, 'cli')).enqueued;
} catch (e) {
  await database.close();
  fail(`${(e as Error).message} Approve it first: npm run publications:approve -- ${id} --by USERNAME`);
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
  console.error('No platform channel is configured here (ZALO_*, FB_*, TELEGRAM_BOT_TOKEN): subscribers are recorded as waiting.');
}

const bar = process.stdout.isTTY
  ? new cliProgress.SingleBar({ format: 'Sending |{bar}| {value}/{total} done · sent {sent} · waiting {waiting} · failed {failed}', hideCursor: true }, cliProgress.Presets.shades_classic)
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
const line =
  `Publication ${id}: ${outcome.total} subscribers (${enqueued} queued now) — sent ${outcome.sent}, waiting ${outcome.waiting}, ` +
  `failed ${outcome.failed}, unsubscribed ${outcome.unsubscribed}` +
  (outcome.superseded ? `, superseded ${outcome.superseded}` : '');
console.log(interrupted ? `Interrupted. ${line}. Run the same command again to continue.` : line);
process.exit(0);
