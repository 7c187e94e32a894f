/**
 * What every command shares: the two error kinds that decide the exit code (a usage error exits 2, a runtime
 * failure 1), and the wrapper that turns them into one clear line on stderr instead of a stack trace. Reading the
 * arguments themselves is in args.ts.
 */
import { type CliIo, EXIT_CODES } from './io.js';

/** The binary's name in messages. */
export const BIN_NAME = 'middy-ssm-env';

/** Bad input — flags, arguments, or a file given on the command line that cannot be used: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command ran and could not do its job: exit 1. The message is shown as is. */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
}

/**
 * A field of a thrown value. Read by shape, not `instanceof Error`: errors from Node's internals and from another
 * realm (a test runner's VM context) are not instances of this realm's `Error`.
 */
const fieldOf = (error: unknown, field: 'message' | 'code' | 'name'): string | undefined => {
  const value: unknown =
    typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : undefined;
};

/** The text of any thrown value, without its stack. */
export const messageOf = (error: unknown): string => fieldOf(error, 'message') ?? String(error);

/** The `code` of a system or Node error (`ENOENT`, `EEXIST`, `ERR_PARSE_ARGS_UNKNOWN_OPTION`…). */
export const codeOf = (error: unknown): string | undefined => fieldOf(error, 'code');

/** The `name` of an error (`AccessDeniedException`…). */
export const nameOf = (error: unknown): string | undefined => fieldOf(error, 'name');

/**
 * Runs a command body and maps what it throws to an exit code: {@link UsageError} → 2 with a hint to `--help`;
 * anything else → 1. The body returns its own exit code when it finishes.
 */
export async function runCommand(name: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    io.stderr(`${BIN_NAME} ${name}: ${messageOf(error)}`);
    if (error instanceof UsageError) {
      io.stderr(`Run '${BIN_NAME} ${name} --help' for usage.`);
      return EXIT_CODES.usage;
    }
    return EXIT_CODES.failure;
  }
}
