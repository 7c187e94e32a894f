/**
 * How a CLI command talks to the world, so commands run in-process in tests as they do from the shell.
 * `signal` aborts long-running commands (SIGINT / SIGTERM in the real binary).
 */
export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  signal?: AbortSignal;
}

/** A CLI command: takes the arguments after its name, returns the exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

/** Exit codes shared by every command. */
export const EXIT_CODES = {
  ok: 0,
  /** The command ran and failed (a port in use, an unreadable seed file…). */
  failure: 1,
  /** Bad flags or arguments. */
  usage: 2,
} as const;
