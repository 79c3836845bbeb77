// Group commit: calls that arrive while a database round trip is in flight wait for it and then go
// together in one statement. At low load a call runs at once (a batch of one); under load, N turns
// cost one round trip instead of N, which is what lets one PGlite process keep up with many chats.
export class Batcher<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;

  constructor(
    private readonly runBatch: (items: I[]) => Promise<O[]>,
    /** Round trips allowed at once (PGlite has one connection; a PostgreSQL pool has more). */
    private readonly concurrency: number,
    /** Largest batch: keeps one statement's parameters well under PostgreSQL's 65 535. */
    private readonly maxBatch: number,
  ) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.running++;
      this.runBatch(batch.map((b) => b.item))
        .then(
          (out) => batch.forEach((b, i) => b.resolve(out[i]!)),
          (err) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}
