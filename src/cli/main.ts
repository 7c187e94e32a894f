#!/usr/bin/env node
import { runCli } from './run.js';

// SIGINT / SIGTERM end long-running commands (serve) cleanly through the abort signal, so they exit 0.
const controller = new AbortController();
// A reader that goes away (`| head`) is not an error worth a stack trace: stop writing and let the command end.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') controller.abort();
  else throw error;
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  signal: controller.signal,
});
