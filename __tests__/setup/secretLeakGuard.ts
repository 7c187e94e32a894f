/**
 * Suite-wide guard: no seeded secret value may appear in anything the package writes — console output, injected
 * logger lines, or error messages (with their causes and failure lists). Seeded secrets register themselves through
 * `registerSecret`; every test's captured text is checked after it runs.
 */
import { afterEach, beforeEach, expect } from '@jest/globals';
import { capturedText, findLeaks, resetCapture } from '../helpers/leakRegistry.js';

const originals = {
  log: console.log,
  info: console.info,
  warn: console.warn,
  error: console.error,
  debug: console.debug,
};

beforeEach(() => {
  resetCapture();
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[method] = (...args: unknown[]) => {
      capturedText.push(
        args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : String(arg))).join(' '),
      );
    };
  }
});

afterEach(() => {
  Object.assign(console, originals);
  expect(findLeaks(capturedText.join('\n'))).toEqual([]);
});
