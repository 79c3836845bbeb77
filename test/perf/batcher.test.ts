// Group commit (models/batcher.ts): what arrives together goes in one statement, even when the database
// is idle. PGlite runs a statement on the server's thread, so under HTTP load the requests read in one
// poll of the sockets must wait for the loop's next turn to meet; started at once, the first of them
// went alone and the group commit fell to one turn per statement (issue 17).
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../models/batcher';

function recordingBatcher(concurrency = 1, maxBatch = 200) {
  const batches: number[][] = [];
  const batcher = new Batcher<number, number>(
    async (items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
      return items.map((i) => i * 10);
    },
    concurrency,
    maxBatch,
  );
  return { batcher, batches };
}

describe('Batcher', () => {
  it('sends calls made in one turn of the event loop to an idle database as one batch', async () => {
    const { batcher, batches } = recordingBatcher();
    expect(await Promise.all([1, 2, 3, 4].map((i) => batcher.run(i)))).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('sends calls from separate I/O callbacks of one poll phase together', async () => {
    const { batcher, batches } = recordingBatcher();
    // Each setImmediate callback stands for a request handler run by its own socket callback.
    const results = await Promise.all(
      [1, 2, 3].map((i) => new Promise<number>((resolve) => setImmediate(() => resolve(batcher.run(i))))),
    );
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('queues what arrives while a batch is in flight for the next, and keeps within the largest batch', async () => {
    const { batcher, batches } = recordingBatcher(1, 2);
    const first = batcher.run(1);
    await new Promise((r) => setTimeout(r, 1));
    const later = [2, 3, 4].map((i) => batcher.run(i));
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3], [4]]);
  });
});
