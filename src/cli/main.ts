#!/usr/bin/env node
import { runCli } from './run.js';

// SIGINT / SIGTERM end long-running commands (serve) cleanly through the abort signal, so they exit 0.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  signal: controller.signal,
});
