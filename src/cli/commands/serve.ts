import { parseArgs } from 'node:util';
import {
  DEFAULT_ACCESS_KEY_ID,
  type LocalSsmOptions,
  startLocalSsm,
  type Throughput,
} from '../../server/index.js';
import { CommandFailure, messageOf, runCommand, UsageError } from '../command.js';
import { type CliIo, EXIT_CODES } from '../io.js';

const USAGE = [
  'Usage: middy-ssm-env serve [options]',
  '',
  'Run a local SSM Parameter Store and Secrets Manager server (AWS JSON 1.1, one port) until SIGINT or SIGTERM.',
  '',
  'Options:',
  '  --port <n>                    Port to listen on (default: 0, a free port)',
  '  --host <host>                 Address to bind (default: 127.0.0.1)',
  '  --region <region>             Region used in ARNs (default: us-east-1)',
  '  --seed <file>                 JSON file of { "parameters": …, "secrets": … } to load at start',
  '  --throughput <standard|high>  AWS throughput profile (default: standard, 40 calls/s shared by the reads)',
  '  --rate <r> [--burst <b>]      Custom quota: r reads per second shared by GetParameter(s) and ByPath',
  '  -h, --help                    Show this help',
];

/**
 * `middy-ssm-env serve`: start the local SSM server, print its endpoint, and serve until `io.signal` aborts
 * (without a signal it serves until the process ends). Returns the exit code: 0, 1 if the server can't start,
 * 2 for bad flags.
 */
export function serveCommand(args: string[], io: CliIo): Promise<number> {
  return runCommand('serve', io, async () => {
    const options = parseServeArgs(args);
    if (options === 'help') {
      for (const line of USAGE) io.stdout(line);
      return EXIT_CODES.ok;
    }
    const server = await startLocalSsm(options).catch((error: unknown) => {
      throw new CommandFailure(`cannot start: ${messageOf(error)}`);
    });
    const { endpoint } = server;
    const { region } = server.clientConfig();
    io.stdout(`Local SSM listening on ${endpoint}`);
    io.stdout(
      `Point the AWS SDK at it: AWS_ENDPOINT_URL_SSM=${endpoint} AWS_ENDPOINT_URL_SECRETS_MANAGER=${endpoint} AWS_REGION=${region} AWS_ACCESS_KEY_ID=${DEFAULT_ACCESS_KEY_ID} AWS_SECRET_ACCESS_KEY=local <command>`,
    );
    await untilAborted(io.signal);
    await server.close();
    io.stdout('Local SSM stopped.');
    return EXIT_CODES.ok;
  });
}

function parseServeArgs(args: string[]): LocalSsmOptions | 'help' {
  const values = parseFlags(args);
  if (values.help) return 'help';
  const options: LocalSsmOptions = {};
  if (values.port !== undefined) options.port = parsePort(values.port);
  if (values.host !== undefined) options.host = values.host;
  if (values.region !== undefined) options.region = values.region;
  if (values.seed !== undefined) options.seed = values.seed;
  options.throughput = parseThroughput(values);
  return options;
}

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  region: { type: 'string' },
  seed: { type: 'string' },
  throughput: { type: 'string' },
  rate: { type: 'string' },
  burst: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseFlags(args: string[]) {
  try {
    return parseArgs({ args, strict: true, allowPositionals: false, options: FLAGS }).values;
  } catch (error) {
    // parseArgs throws TypeErrors coded ERR_PARSE_ARGS_*: checked by code, since `instanceof` fails across realms
    // (jest's VM modules), then rethrown as a UsageError so runCommand exits 2.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_'))
      throw new UsageError((error as Error).message);
    throw error;
  }
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new UsageError(`--port must be an integer from 0 to 65535, got '${text}'`);
  return port;
}

function parseThroughput(values: { throughput?: string; rate?: string; burst?: string }): Throughput {
  if (values.rate === undefined) {
    if (values.burst !== undefined) throw new UsageError('--burst needs --rate');
    if (values.throughput === undefined || values.throughput === 'standard' || values.throughput === 'high') {
      return values.throughput ?? 'standard';
    }
    throw new UsageError(`--throughput must be 'standard' or 'high', got '${values.throughput}'`);
  }
  if (values.throughput !== undefined) throw new UsageError('use either --throughput or --rate, not both');
  const rate = parsePositive(values.rate, '--rate');
  const burst = values.burst === undefined ? rate : parsePositive(values.burst, '--burst');
  return { buckets: [{ operations: ['GetParameter', 'GetParameters', 'GetParametersByPath'], rate, burst }] };
}

function parsePositive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`${flag} must be a positive number, got '${text}'`);
  return value;
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
