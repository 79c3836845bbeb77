// A progress bar for the database tools on a terminal; plain lines elsewhere (journald, CI).
import cliProgress from 'cli-progress';

// Below this many rows a bar only flickers.
const BAR_MIN_ROWS = 1_000;

/** `label` and `unit` in the tool's language (cli:db.*). */
export function progressBar(label: string, unit: string): { update(e: { done: number; total: number }): void; stop(): void } {
  let bar: cliProgress.SingleBar | undefined;
  return {
    update({ done, total }) {
      if (!process.stdout.isTTY || total < BAR_MIN_ROWS) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta}s`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
