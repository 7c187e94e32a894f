/**
 * Argument handling every command shares: `parseArgs` in strict mode with `-h, --help` added, usage printed on
 * `--help`, unknown flags named with the nearest known one, and the parsers for flag values. Every problem is a
 * {@link UsageError}, so the command exits 2.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closestName } from './closestName.js';
import { codeOf, messageOf, runCommand, UsageError } from './command.js';
import { type CliCommand, type CliIo, EXIT_CODES } from './io.js';

/** A command's flags in `parseArgs` form. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

interface StrictConfig<Options extends OptionsConfig> {
  args: string[];
  options: Options & typeof HELP_OPTION;
  strict: true;
  allowPositionals: boolean;
}

/** The flag values `parseArgs` returns for `Options` (plus `help`), typed from the option table. */
export type FlagValues<Options extends OptionsConfig> = ReturnType<
  typeof parseArgs<StrictConfig<Options>>
>['values'];

export interface CommandSpec<Options extends OptionsConfig> {
  /** The command's name, as typed after the binary's. */
  readonly name: string;
  /** The `--help` text, one line per entry. */
  readonly usage: readonly string[];
  /** The command's flags, in `parseArgs` form; `help` is added. */
  readonly options: Options;
  /** The most positional arguments it takes (default 0) and what to call them in the error. */
  readonly positionals?: { readonly max: number; readonly label: string };
}

export interface ParsedArgs<Options extends OptionsConfig> {
  readonly values: FlagValues<Options>;
  readonly positionals: readonly string[];
}

const unknownOptionMessage = (args: string[], options: OptionsConfig): string | undefined => {
  // A lenient second pass only to find the flag strict parsing refused: its tokens keep the flag as typed.
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const unknown = tokens.find((token) => token.kind === 'option' && !Object.hasOwn(options, token.name));
  if (unknown?.kind !== 'option') return undefined;
  const nearest = unknown.rawName.startsWith('--')
    ? closestName(unknown.name, Object.keys(options))
    : undefined;
  return `Unknown option '${unknown.rawName}'${nearest ? `; did you mean --${nearest}?` : ''}`;
};

/**
 * Parses `args` against the command's options: `'help'` when `-h`/`--help` is present, otherwise the values and
 * positionals. Throws a {@link UsageError} for an unknown flag (naming the nearest known one), a flag missing its
 * value, or too many positionals.
 */
export function parseCommandArgs<Options extends OptionsConfig>(
  spec: CommandSpec<Options>,
  args: string[],
): ParsedArgs<Options> | 'help' {
  const options = { ...spec.options, ...HELP_OPTION };
  const max = spec.positionals?.max ?? 0;
  let parsed: ReturnType<typeof parseArgs<StrictConfig<Options>>>;
  try {
    parsed = parseArgs<StrictConfig<Options>>({ args, options, strict: true, allowPositionals: max > 0 });
  } catch (error) {
    // parseArgs throws TypeErrors coded ERR_PARSE_ARGS_*, checked by code: `instanceof` fails across realms.
    if (!codeOf(error)?.startsWith('ERR_PARSE_ARGS_')) throw error;
    const unknown =
      codeOf(error) === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? unknownOptionMessage(args, options) : undefined;
    throw new UsageError(unknown ?? messageOf(error));
  }
  // `help` is in every option table, but TypeScript cannot see through parseArgs's result type for a generic table.
  if ((parsed.values as { help?: boolean }).help) return 'help';
  if (parsed.positionals.length > max) {
    const expected = max === 1 ? 'one' : `at most ${max}`;
    throw new UsageError(`expected ${expected} ${spec.positionals?.label}, got ${parsed.positionals.length}`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

/**
 * A command from its spec and body: `--help` prints the usage (exit 0); bad flags exit 2 with a hint to `--help`;
 * otherwise the body runs and returns the exit code (see `runCommand` for how errors map to codes).
 */
export function defineCommand<Options extends OptionsConfig>(
  spec: CommandSpec<Options>,
  body: (parsed: ParsedArgs<Options>, io: CliIo) => Promise<number>,
): CliCommand {
  return (args, io) =>
    runCommand(spec.name, io, async () => {
      const parsed = parseCommandArgs(spec, args);
      if (parsed === 'help') {
        for (const line of spec.usage) io.stdout(line);
        return EXIT_CODES.ok;
      }
      return body(parsed, io);
    });
}

/** Parses a positive integer flag, or throws a {@link UsageError} naming it. */
export const parsePositiveInteger = (text: string, flag: string): number => {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${flag} must be a positive integer, got '${text}'`);
  return Number(text);
};

/** Parses a non-negative integer flag, or throws a {@link UsageError} naming it. */
export const parseNonNegativeInteger = (text: string, flag: string): number => {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a non-negative integer, got '${text}'`);
  return Number(text);
};

/**
 * The Region and account of resources named without an ARN, from `--region` and `--account`: the Region defaults to
 * AWS_REGION, then AWS_DEFAULT_REGION, else `*`; the account to `*`. Throws a {@link UsageError} for a malformed one.
 */
export const parseRegionAndAccount = (values: {
  readonly region?: string | undefined;
  readonly account?: string | undefined;
}): { region: string; account: string } => {
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? '*';
  if (!/^(\*|[a-z]{2}(-[a-z]+)+-\d+)$/.test(region))
    throw new UsageError(`--region must be a Region such as us-east-1, got '${region}'`);
  const account = values.account ?? '*';
  if (!/^(\*|\d{12})$/.test(account))
    throw new UsageError(`--account must be a 12-digit account id, got '${account}'`);
  return { region, account };
};

/** Checks a flag's value against a fixed set of choices. */
export const parseChoice = <T extends string>(text: string, choices: readonly T[], flag: string): T => {
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got '${text}'`);
  }
  return text as T;
};

/** The output format from `--format` and its shorthand `--json` (which `formats` must include). */
export const parseFormat = <Format extends string>(
  values: { readonly json?: boolean | undefined; readonly format?: string | undefined },
  formats: readonly Format[],
  fallback: Format,
): Format => {
  if (values.json && values.format !== undefined && values.format !== 'json') {
    throw new UsageError('use either --json or --format, not both');
  }
  return parseChoice(values.json ? 'json' : (values.format ?? fallback), formats, '--format');
};
