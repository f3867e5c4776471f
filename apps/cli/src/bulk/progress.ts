/** Where progress goes: standard error, or a test's stand-in. */
export type ProgressStream = { isTTY?: boolean; write(text: string): unknown };

const number = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * Progress of a long run on standard error: a bar redrawn in place on a terminal
 * (`[##########..........] 2,500/10,000  1,234/s`), a plain line every few seconds otherwise (a log
 * file, CI), nothing at all when disabled (`--json`).
 */
export class Progress {
  readonly #stream: ProgressStream | undefined;
  readonly #total: number;
  readonly #label: string;
  readonly #started: number;
  readonly #now: () => number;
  readonly #intervalMs: number;
  #last = 0;
  #drawn = false;

  constructor(
    total: number,
    options: { stream?: ProgressStream | undefined; label: string; now?: () => number; intervalMs?: number },
  ) {
    this.#stream = options.stream;
    this.#total = total;
    this.#label = options.label;
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
    this.#intervalMs = options.intervalMs ?? (options.stream?.isTTY === true ? 100 : 2000);
    // A plain line only once a run has lasted an interval: short runs print none.
    if (options.stream?.isTTY !== true) this.#last = this.#started;
  }

  /** Records that `done` of the total are processed; redraws when enough time has passed. */
  update(done: number): void {
    const stream = this.#stream;
    if (stream === undefined) return;
    const now = this.#now();
    if (now - this.#last < this.#intervalMs && done < this.#total) return;
    this.#last = now;
    const perSecond = done / Math.max((now - this.#started) / 1000, 0.001);
    if (stream.isTTY === true) {
      stream.write(`\r${renderBar(done, this.#total, perSecond)}\x1b[K`);
      this.#drawn = true;
    } else if (done < this.#total) {
      stream.write(`${this.#label} ${number(done)}/${number(this.#total)} (${number(perSecond)}/s)\n`);
    }
  }

  /** Ends the bar's line, so what follows starts on its own line. */
  finish(): void {
    if (this.#drawn) this.#stream?.write('\n');
    this.#drawn = false;
  }
}

/** `[#####.....] 2,500/10,000  1,234/s` with a bar of `width` cells. */
export function renderBar(done: number, total: number, perSecond: number, width = 20): string {
  const filled = total === 0 ? width : Math.min(width, Math.floor((done / total) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${number(done)}/${number(total)}  ${number(perSecond)}/s`;
}
