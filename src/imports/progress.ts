// Progress of a long import, on stderr (stdout carries only the JSON result).
// On a terminal: one line redrawn in place (\r), a bar by bytes read, counts
// and rate, at most ten times a second. Otherwise (a log, a CI job): a plain
// line every `every` comments and one at the end, nothing redrawn.

export interface ProgressState {
  /** Comments read from the file so far (imported or not). */
  comments: number;
  /** Threads (posts) read so far. */
  threads: number;
  bytes: number;
}

export interface Progress {
  update(state: ProgressState): void;
  /** The last word: on a terminal, the bar's final state and a newline. */
  done(state: ProgressState): void;
}

export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const REDRAW_MS = 100;
const BAR = 24;

const n = (value: number) => Math.round(value).toLocaleString('en');

export function reportProgress(out: ProgressOutput, opts: { label: string; totalBytes: number; every?: number; now?: () => number }): Progress {
  const now = opts.now ?? Date.now;
  const every = opts.every ?? 10_000;
  const started = now();
  let lastDraw = 0;
  let nextLine = every;
  const rate = (state: ProgressState) => state.comments / Math.max((now() - started) / 1000, 0.001);
  const counts = (state: ProgressState) => `${n(state.comments)} comments · ${n(state.threads)} threads · ${n(rate(state))}/s`;

  const bar = (state: ProgressState) => {
    const share = opts.totalBytes > 0 ? Math.min(state.bytes / opts.totalBytes, 1) : 0;
    const filled = Math.round(share * BAR);
    const line = `${opts.label} [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${counts(state)}`;
    // Cut to the terminal's width, so the line never wraps (\r only returns to the start of the last row).
    return `\r${out.columns ? line.slice(0, out.columns - 1) : line}\u001b[K`;
  };

  return {
    update(state) {
      if (out.isTTY) {
        if (now() - lastDraw < REDRAW_MS) return;
        lastDraw = now();
        out.write(bar(state));
      } else if (state.comments >= nextLine) {
        while (nextLine <= state.comments) nextLine += every;
        out.write(`parley: ${opts.label}: ${counts(state)}\n`);
      }
    },
    done(state) {
      const seconds = ((now() - started) / 1000).toFixed(1);
      if (out.isTTY) out.write(`${bar({ ...state, bytes: opts.totalBytes })}\n`);
      else out.write(`parley: ${opts.label}: done, ${n(state.comments)} comments, ${n(state.threads)} threads read in ${seconds} s\n`);
    },
  };
}
