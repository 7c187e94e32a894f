/**
 * Helpers for running CLI commands in-process: a recording `CliIo`, a temporary directory, and a throttling profile
 * small enough that a command's calls are sure to be throttled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';
import { type LocalSsm, type LocalSsmOptions, startLocalSsm, type Throughput } from '../../src/testing.js';

// Progress is a live status line only on a terminal a person watches; tests always get the plain summary line.
process.env.CI = 'true';

export interface RecordingIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
  /** Everything printed, stdout then stderr. */
  text(): string;
}

/** A CliIo that records the lines a command prints. */
export function recordingIo(): RecordingIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    text: () => [...out, ...err].join('\n'),
  };
}

export { UNTHROTTLED } from '../helpers/harness.js';

/** Three calls at once, then 20 a second: a read of a dozen pages is certain to be throttled along the way. */
export const TIGHT_QUOTA: Throughput = {
  buckets: [
    {
      operations: ['GetParameter', 'GetParameters', 'GetParametersByPath'],
      rate: 20,
      burst: 3,
      quotaCode: 'L-TEST',
    },
  ],
};

export interface TemporaryDirectory {
  readonly path: string;
  remove(): Promise<void>;
}

/** A fresh temporary directory and its removal. */
export async function temporaryDirectory(): Promise<TemporaryDirectory> {
  const path = await mkdtemp(join(tmpdir(), 'middy-ssm-env-cli-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Calls of one operation the server saw, by outcome. */
export const callsOf = (server: LocalSsm, operation: string) =>
  server.stats().byOperation[operation] ?? { ok: 0, throttled: 0, failed: 0, total: 0 };

/**
 * For the tests of the enclosing `describe`: a server started with `options` and a temporary directory, both made
 * before all the tests and removed after them. Read them from the returned object once the tests run.
 */
export function useServerAndDirectory(options: LocalSsmOptions): {
  readonly server: LocalSsm;
  readonly directory: TemporaryDirectory;
} {
  const fixture = {} as { server: LocalSsm; directory: TemporaryDirectory };
  beforeAll(async () => {
    fixture.server = await startLocalSsm(options);
    fixture.directory = await temporaryDirectory();
  });
  afterAll(async () => {
    await fixture.server.close();
    await fixture.directory.remove();
  });
  return fixture;
}
