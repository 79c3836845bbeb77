// Waiting for something to happen, not for time to pass: the condition is polled until it holds.
const POLL_MS = 20;

/**
 * Resolves once `condition` holds (polled every `everyMs`); throws after `timeoutMs` with `what`
 * (a function is called then, to say what was seen).
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  opts: { timeoutMs?: number; everyMs?: number; what?: string | (() => string) } = {},
): Promise<void> {
  const end = Date.now() + (opts.timeoutMs ?? 10_000);
  while (!(await condition())) {
    if (Date.now() > end) {
      const what = typeof opts.what === 'function' ? opts.what() : opts.what ?? 'a condition';
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, opts.everyMs ?? POLL_MS));
  }
}
