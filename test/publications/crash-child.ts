// Child process of the crash test: sends a publication from DATA_DIR (or DATABASE_URL) to the fake
// platform at FAKE_URL with the real worker, as `publications:send` does. The test SIGKILLs it mid-way.
import { openDatabase } from '../../models/db';
import { startSending } from '../../models/repos/publications';
import { DeliveryWorker } from '../../bot/outbound/bulletins';
import { fakePlatformSender } from './fake-platform';

const id = Number(process.argv[2]);
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATABASE_URL ? undefined : process.env.DATA_DIR });
await startSending(database.db, id, 'crash-test');
const pacing = { telegram: { perSecond: 100, burst: 10, perChatPerSecond: 100, perChatBurst: 10 } };
const worker = new DeliveryWorker(database.db, fakePlatformSender(process.env.FAKE_URL!, ['telegram'], { pacing }), {
  exclusive: database.kind === 'pglite',
  // On PostgreSQL the restarted run takes back the killed run's claims after this lease; it must be
  // longer than a claim batch takes to send (about a second here), or live claims would be taken too.
  leaseMs: 4_000,
});
const outcome = await worker.runUntilDone(id);
await database.close();
console.log(JSON.stringify(outcome));
