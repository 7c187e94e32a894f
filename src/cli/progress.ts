/**
 * Progress on long work. On a terminal, one status line rewritten in place; anywhere else (CI logs, pipes) nothing
 * but the final summary line, so logs stay quiet.
 */
import type { CliIo } from './io.js';

/** Moves the cursor up one line and clears it, so the next line replaces the last status. */
const REPLACE_PREVIOUS_LINE = '\u001b[1A\u001b[2K';

export interface Progress {
  /** A status that the next update replaces (shown on a terminal only). */
  update(status: string): void;
  /** The final line, shown everywhere. */
  done(summary: string): void;
}

/** True when stderr is a terminal a person watches (and not a CI runner that fakes one). */
export const isInteractiveStderr = (): boolean => process.stderr.isTTY === true && !process.env.CI;

/** A progress reporter writing to `io.stderr`; `interactive` decides between live status and summary only. */
export function createProgress(io: CliIo, interactive: boolean): Progress {
  let showing = false;
  const show = (line: string) => {
    io.stderr(showing ? `${REPLACE_PREVIOUS_LINE}${line}` : line);
    showing = true;
  };
  return {
    update: (status) => {
      if (interactive) show(status);
    },
    done: (summary) => {
      if (interactive) show(summary);
      else io.stderr(summary);
      showing = false;
    },
  };
}
