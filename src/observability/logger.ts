/**
 * The logger the middleware writes to. Powertools' `Logger` and `console` both fit. Quiet by default: only warnings
 * and errors are written unless a logger with `debug`/`info` is injected.
 */
export interface Logger {
  debug?(message: string, ...extra: unknown[]): void;
  info?(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

/** Warnings and errors to the console; debug and info dropped. */
export const consoleLogger: Logger = {
  warn: (message, ...extra) => console.warn(message, ...extra),
  error: (message, ...extra) => console.error(message, ...extra),
};
