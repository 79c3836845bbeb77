// Group commit: calls that arrive while a database round trip is in flight wait for it and then go
// together in one statement. At low load a call runs at once (a batch of one); under load, N turns
// cost one round trip instead of N, which is what lets one PGlite process keep up with many chats.
// A batch starts on the event loop's next turn (setImmediate), not in the call: PGlite runs a statement
// on this thread, so no request is read while one is in flight, and the requests read together in one
// poll of the sockets each found the database idle and went alone (issue 17: over HTTP at 10
// connections, 317 statements for 310 turns; deferred, they go together).
export class Batcher<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;
  private scheduled = false;

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
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
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
