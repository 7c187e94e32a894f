/**
 * Where a command reads a parameter tree from: SSM through the SDK's default credential chain and region,
 * `--endpoint URL` (the local server, or any SSM-compatible endpoint), or `--from FILE` (an exported tree). SSM is
 * read with the package's own fetch code — `GetParametersByPath` pages, one retry layer with full-jitter backoff,
 * the SDK's retries off — so the CLI survives throttling exactly as the middleware does.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { type Clock, systemClock } from '../core/clock.js';
import { Deadline } from '../core/deadline.js';
import { formatCause } from '../errors.js';
import { describeFailure } from '../fetch/describeFailure.js';
import { fetchByPath } from '../fetch/fetchByPath.js';
import type { FetchContext } from '../fetch/types.js';
import { parsePath } from '../references/parseReference.js';
import { describeCause } from '../retry/classifyError.js';
import { Pacer } from '../retry/pacer.js';
import {
  type CallStats,
  DeadlineExceededError,
  defaultRetryOptions,
  newCallStats,
  type RetryNotice,
} from '../retry/withRetry.js';
import type { CommandSpec, OptionsConfig } from './args.js';
import { CommandFailure, messageOf, UsageError } from './command.js';
import type { CliIo } from './io.js';
import { credentialsConfigured, isLoopbackEndpoint, loopbackCredentials } from './localCredentials.js';
import { createProgress, isInteractiveStderr } from './progress.js';
import { readTreeFile, type TreeParameter } from './treeFile.js';

export type { TreeParameter } from './treeFile.js';

/** The `parseArgs` options every SSM-reading command accepts. */
const SOURCE_OPTIONS = {
  endpoint: { type: 'string' },
  from: { type: 'string' },
  region: { type: 'string' },
} as const;

/** Help lines for {@link SOURCE_OPTIONS}. */
const SOURCE_USAGE = [
  '  --endpoint <url>      Read from this SSM endpoint (e.g. the local server of `middy-ssm-env serve`). A loopback',
  '                        endpoint (127.x.x.x, localhost, [::1]) needs no credentials: when none are configured,',
  '                        local placeholders sign the requests (never for any other host)',
  '  --from <file>         Read an exported tree instead of SSM: { "parameters": [{ "name", "type", "value" }] },',
  '                        or the JSON of `aws ssm get-parameters-by-path --recursive`',
  '  --region <region>     AWS Region (default: the SDK chain, e.g. AWS_REGION; us-east-1 with --endpoint)',
];

/** The help line of `-h, --help`, aligned with {@link SOURCE_USAGE}. */
const HELP_USAGE = '  -h, --help            Show this help';

/**
 * The spec of a command that reads the tree under one `<path>`: its own options, then {@link SOURCE_OPTIONS}; its
 * help, its own options' lines, then {@link SOURCE_USAGE} and `--help`, then any notes.
 */
export const treeCommandSpec = <Options extends OptionsConfig>(spec: {
  readonly name: string;
  readonly usage: readonly string[];
  readonly notes?: readonly string[];
  readonly options: Options;
}): CommandSpec<Options & typeof SOURCE_OPTIONS> => ({
  name: spec.name,
  usage: [...spec.usage, ...SOURCE_USAGE, HELP_USAGE, ...(spec.notes ?? [])],
  options: { ...spec.options, ...SOURCE_OPTIONS },
  positionals: { max: 1, label: '<path>' },
});

export interface SourceFlags {
  readonly endpoint?: string | undefined;
  readonly from?: string | undefined;
  readonly region?: string | undefined;
}

/** The source flags out of a command's parsed flags. */
export const sourceFlagsOf = (values: SourceFlags): SourceFlags => ({
  endpoint: values.endpoint,
  from: values.from,
  region: values.region,
});

/** Counters of an SSM read, for the summary line and tests. */
export interface ReadStats {
  readonly pages: number;
  /** HTTP attempts, retries included. */
  readonly calls: number;
  readonly throttles: number;
  readonly retries: number;
}

export interface TreeRead {
  /** The path as read, normalized to end with `/`. */
  readonly path: string;
  /** Every parameter under the path (recursively), sorted by name. */
  readonly parameters: readonly TreeParameter[];
  /** Set when the tree came from SSM. */
  readonly stats?: ReadStats;
}

/** Validates a path argument (`/myapp/prod` → `/myapp/prod/`), or throws a {@link UsageError}. */
export const parsePathArgument = (text: string | undefined): string => {
  if (text === undefined) throw new UsageError('missing <path> (for example /myapp/prod/)');
  try {
    return parsePath(text);
  } catch (error) {
    throw new UsageError(messageOf(error).replace(/^middy-ssm-env: /, ''));
  }
};

/** Checks that the source flags do not contradict each other. */
export const checkSourceFlags = (flags: SourceFlags): void => {
  if (flags.from !== undefined && flags.endpoint !== undefined)
    throw new UsageError('use either --from or --endpoint, not both');
  if (flags.endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(flags.endpoint)) {
    throw new UsageError(`--endpoint must be an http(s) URL, got '${flags.endpoint}'`);
  }
};

/** How long a CLI read may retry in all: long enough for a throttled account, short enough for a person. */
const CLI_READ_BUDGET_MS = 30_000;

const byName = (left: TreeParameter, right: TreeParameter): number =>
  left.name < right.name ? -1 : left.name > right.name ? 1 : 0;

/**
 * Reads every parameter under `path`, recursively, values decrypted. Shows progress on a terminal and one summary
 * line elsewhere. An abort of `io.signal` stops retrying at once. Throws {@link CommandFailure} on failure.
 */
export async function readTree(path: string, flags: SourceFlags, io: CliIo): Promise<TreeRead> {
  checkSourceFlags(flags);
  if (flags.from !== undefined) {
    const all = await readTreeFile(flags.from, '--from');
    const parameters = all.filter((parameter) => parameter.name.startsWith(path)).sort(byName);
    return { path, parameters };
  }
  return readFromSsm(path, flags, io);
}

const createClient = (flags: SourceFlags, io: CliIo): SSMClient => {
  const region =
    flags.region ??
    (flags.endpoint ? (process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1') : undefined);
  const config = {
    // Our retry layer is the only one: the SDK's would multiply attempts.
    maxAttempts: 1,
    ...(region ? { region } : {}),
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
  };
  const withDefaultChain = new SSMClient(config);
  if (flags.endpoint === undefined || !isLoopbackEndpoint(flags.endpoint)) return withDefaultChain;
  // Loopback: the SDK's default chain (as that client resolved it), falling back to placeholders when it has nothing
  // (see localCredentials.ts). The first client only lends its chain; it never sends.
  const { endpoint } = flags;
  const credentials = loopbackCredentials(
    withDefaultChain.config.credentials,
    credentialsConfigured(process.env),
    () =>
      io.stderr(`No AWS credentials configured: signing requests to ${endpoint} with local placeholders.`),
  );
  withDefaultChain.destroy();
  return new SSMClient({ ...config, credentials });
};

/** The real clock, with every wait (backoff, pacing) cut short when `signal` aborts. */
const interruptibleClock = (signal: AbortSignal | undefined): Clock =>
  signal
    ? {
        ...systemClock,
        sleep: (ms, own) => systemClock.sleep(ms, own ? AbortSignal.any([own, signal]) : signal),
      }
    : systemClock;

async function readFromSsm(path: string, flags: SourceFlags, io: CliIo): Promise<TreeRead> {
  const client = createClient(flags, io);
  const stats: CallStats = newCallStats();
  // A person is waiting, not Lambda: a generous budget, and an abort (Ctrl-C) ends retrying at once.
  const clock = interruptibleClock(io.signal);
  const deadline = new Deadline(clock.now() + CLI_READ_BUDGET_MS);
  const progress = createProgress(io, isInteractiveStderr());
  let pages = 0;
  const context: FetchContext = {
    client,
    retry: {
      options: defaultRetryOptions,
      clock,
      deadline,
      pacer: new Pacer(clock),
      stats,
      ...(io.signal ? { signal: io.signal } : {}),
      onRetry: (notice) => progress.update(`Reading ${path}: ${retryStatus(notice, flags)}, retrying…`),
    },
    batchSize: 10,
    concurrency: 10,
    maxPages: 1000,
    onPage: () => {
      pages += 1;
      const throttled = stats.throttles > 0 ? `, ${stats.throttles} throttled and retried` : '';
      progress.update(`Reading ${path}: page ${pages}${throttled}…`);
    },
  };
  try {
    const parameters = [...(await fetchByPath({ path, recursive: true }, context))].sort(byName);
    const readStats: ReadStats = {
      pages,
      calls: stats.calls,
      throttles: stats.throttles,
      retries: stats.retries,
    };
    progress.done(readSummary(path, parameters.length, readStats));
    return { path, parameters, stats: readStats };
  } catch (error) {
    progress.done(`Reading ${path} failed after ${stats.calls} call(s).`);
    if (io.signal?.aborted) throw new CommandFailure('interrupted');
    throw new CommandFailure(`cannot read ${path} from SSM: ${describeReadError(error)}`);
  } finally {
    client.destroy();
  }
}

/**
 * Fails when the tree is empty, as the middleware does for a path with nothing under it: an empty plan or `.env` is
 * almost always a mistyped path (SSM names are case-sensitive), not a result.
 */
function requireParameters(tree: TreeRead, flags: SourceFlags): void {
  if (tree.parameters.length > 0) return;
  if (flags.from !== undefined) throw new CommandFailure(`no parameters under ${tree.path} in ${flags.from}`);
  throw new CommandFailure(
    `no parameters under ${tree.path} (names are case-sensitive: check the path, the Region and the account)`,
  );
}

/** {@link readTree}, failing when nothing is under the path (see {@link requireParameters}). */
export async function readRequiredTree(path: string, flags: SourceFlags, io: CliIo): Promise<TreeRead> {
  const tree = await readTree(path, flags, io);
  requireParameters(tree, flags);
  return tree;
}

const readSummary = (path: string, count: number, stats: ReadStats): string => {
  const throttled = stats.throttles > 0 ? ` (${stats.throttles} throttled and retried)` : '';
  return `Read ${count} parameter(s) under ${path} in ${stats.pages} page(s), ${stats.calls} call(s)${throttled}.`;
};

/** What a retry is about, for the status line on a terminal. */
const retryStatus = (notice: RetryNotice, flags: SourceFlags): string => {
  if (notice.kind === 'throttled') return 'throttled';
  const cause = describeCause(notice.error);
  if (notice.kind === 'unreachable')
    return `cannot connect to ${flags.endpoint ?? 'SSM'} (${cause.code ?? cause.name})`;
  return cause.name;
};

/**
 * The SDK's error, with the one hint that helps most for each kind — never its raw message where that could quote a
 * response body (an unparseable answer), so errors never carry parameter values.
 */
const describeReadError = (error: unknown): string => {
  const cause = error instanceof DeadlineExceededError ? undefined : describeCause(error);
  const message = cause?.message ?? '';
  if (cause && /Region is missing/i.test(message))
    return `${formatCause(cause)} (set AWS_REGION or pass --region)`;
  if (cause && /Could not load credentials/i.test(message))
    return `${formatCause(cause)} (configure AWS credentials, e.g. AWS_PROFILE)`;
  const { detail } = describeFailure(error, 'ssm:GetParametersByPath');
  return cause?.name === 'AccessDeniedException'
    ? `${detail} on the path (see 'middy-ssm-env policy')`
    : detail;
};
