/**
 * Helpers for the deployment examples: build a handler with esbuild as a Lambda user would, and run the bundle in a
 * fresh Node process (a cold start), with the environment Lambda would give it.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build } from 'esbuild';
import { type LambdaBundle, lambdaBuildOptions } from '../../examples/bundling/esbuild.js';
import { capturedText } from '../helpers/leakRegistry.js';

const run = promisify(execFile);

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Static credentials and a Region: the SDK never looks for real ones, and never reaches AWS. */
export const LAMBDA_LIKE_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLES',
  AWS_SECRET_ACCESS_KEY: 'examples-secret-key',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

export interface TemporaryDirectory {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * A temporary directory whose `node_modules` is the repository's, so modules left external (`@aws-sdk/*`) resolve
 * as they do on Lambda, where the runtime provides them.
 */
export const bundleDirectory = async (): Promise<TemporaryDirectory> => {
  const path = await mkdtemp(join(tmpdir(), 'middy-ssm-env-bundle-'));
  await symlink(join(REPO_ROOT, 'node_modules'), join(path, 'node_modules'), 'dir');
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
};

export interface BundleRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Imports the bundle in a new process and invokes its `handler` once; prints the response as JSON — or, with
 * `reportEnv`, the response and a SHA-256 of every environment variable afterwards (digests, never values).
 */
const RUNNER = `
import { createHash } from 'node:crypto';
const [file, eventJson, reportEnv] = process.argv.slice(1);
const { handler } = await import(file);
const context = { getRemainingTimeInMillis: () => 10_000, functionName: 'example', awsRequestId: 'req-1' };
const response = await handler(JSON.parse(eventJson), context);
const digest = (value) => createHash('sha256').update(value).digest('hex');
const env = Object.fromEntries(Object.entries(process.env).map(([name, value]) => [name, digest(value)]));
console.log(JSON.stringify(reportEnv === 'true' ? { response, env } : response));
`;

/** What {@link RUNNER} prints for an environment variable: its SHA-256, hex. */
export const envDigest = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * Runs `file` as a Lambda cold start: a fresh Node process, the environment given (nothing from this process but
 * PATH), one invocation. Asynchronous on purpose: the local SSM server lives in this process's event loop.
 */
export const invokeBundle = async (
  file: string,
  env: Record<string, string>,
  event: unknown = {},
  { reportEnv = false }: { reportEnv?: boolean } = {},
): Promise<BundleRun> => {
  const args = [
    '--input-type=module',
    '-e',
    RUNNER,
    pathToFileURL(file).href,
    JSON.stringify(event),
    `${reportEnv}`,
  ];
  const options = { env: { PATH: process.env.PATH ?? '', ...LAMBDA_LIKE_ENV, ...env }, timeout: 30_000 };
  let result: BundleRun;
  try {
    const { stdout, stderr } = await run(process.execPath, args, options);
    result = { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    result = {
      exitCode: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
    };
  }
  // Whatever the bundle printed goes through the suite's secret-leak check.
  capturedText.push(result.stdout, result.stderr);
  return result;
};

/** Bundles an example handler as a user would; `middy-ssm-env` resolves to this repository's sources (tsconfig paths). */
export const bundleExample = async (
  entry: string,
  outfile: string,
  bundle: Omit<LambdaBundle, 'entry' | 'outfile'> = { sdk: 'external' },
): Promise<{ outfile: string; inputs: string[] }> => {
  const options: BuildOptions = {
    ...lambdaBuildOptions({ entry: join(REPO_ROOT, entry), outfile, ...bundle }),
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
    metafile: true,
  };
  const result = await build(options);
  return { outfile, inputs: Object.keys(result.metafile?.inputs ?? {}) };
};

/** A tiny Lambda runtime loop: one event per stdin line, one `RESULT <json>` line per response on stdout. */
const RUNTIME_LOOP = `
import { createInterface } from 'node:readline';
const { handler } = await import(process.argv[1]);
let n = 0;
for await (const line of createInterface({ input: process.stdin })) {
  const context = { getRemainingTimeInMillis: () => 10_000, functionName: 'example', awsRequestId: 'req-' + ++n };
  const response = await handler(JSON.parse(line), context).catch((error) => ({ uncaught: String(error?.name) }));
  process.stdout.write('RESULT ' + JSON.stringify(response) + '\\n');
}
`;

export interface BundleRuntime {
  /** Sends one event and resolves to the handler's response. */
  invoke(event: unknown): Promise<unknown>;
  /** What the function printed, as CloudWatch would receive it: stdout lines (no results) and stderr. */
  readonly logs: { readonly stdout: string[]; stderr: string };
  close(): Promise<void>;
}

/**
 * Starts `file` in a fresh Node process that stays up between invocations, as a Lambda execution environment does,
 * so a test can change the SSM server between a failed cold start and the next invocation.
 */
export const startBundleRuntime = (file: string, env: Record<string, string>): BundleRuntime => {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', RUNTIME_LOOP, pathToFileURL(file).href],
    {
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_LIKE_ENV, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const logs = { stdout: [] as string[], stderr: '' };
  const waiting: Array<(response: unknown) => void> = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    logs.stderr += chunk;
    capturedText.push(chunk);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    capturedText.push(line);
    if (line.startsWith('RESULT ')) waiting.shift()?.(JSON.parse(line.slice('RESULT '.length)));
    else logs.stdout.push(line);
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return {
    logs,
    invoke: (event) =>
      new Promise((resolveResponse, reject) => {
        if (child.exitCode !== null) reject(new Error(`the function exited: ${logs.stderr}`));
        waiting.push(resolveResponse);
        child.stdin.write(`${JSON.stringify(event)}\n`);
      }),
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
};
