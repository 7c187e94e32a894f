/**
 * The default logger: warnings and errors to the console, nothing else — quiet unless something needs attention.
 */
import type { Logger } from '../types.js';

export const consoleLogger: Logger = {
  warn: (message, ...extra) => console.warn(message, ...extra),
  error: (message, ...extra) => console.error(message, ...extra),
};
