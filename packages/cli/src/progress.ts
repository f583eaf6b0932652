import cliProgress from 'cli-progress';

/** A progress display for long CLI work: a bar on a terminal, a line every few seconds otherwise. */
export interface Progress {
  update(done: number, extra?: Record<string, string | number>): void;
  stop(): void;
}

/**
 * Creates a progress bar showing items/s and ETA. Output goes to stderr so stdout stays
 * machine-readable (commands print their result there).
 */
export function createProgress(label: string, total: number, unit = 'resources'): Progress {
  const start = Date.now();
  const rate = (done: number): string => {
    const seconds = (Date.now() - start) / 1000;
    return seconds > 0 ? Math.round(done / seconds).toLocaleString('en-US') : '0';
  };
  if (!process.stderr.isTTY) {
    let last = 0;
    let latest = 0;
    return {
      update(done) {
        latest = done;
        if (Date.now() - last > 2000) {
          last = Date.now();
          process.stderr.write(
            `${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit} (${rate(done)}/s)\n`,
          );
        }
      },
      stop() {
        process.stderr.write(
          `${label}: ${latest.toLocaleString('en-US')} ${unit} in ${((Date.now() - start) / 1000).toFixed(1)} s (${rate(latest)}/s)\n`,
        );
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} {bar} {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '0' });
  return {
    update(done, extra) {
      bar.update(Math.min(done, total), { rate: rate(done), ...extra });
    },
    stop() {
      bar.stop();
    },
  };
}
