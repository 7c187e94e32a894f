import { BIN_NAME } from './command.js';
import { exportCommand } from './commands/export.js';
import { fromEcsCommand } from './commands/fromEcs.js';
import { manifestCommand } from './commands/manifest.js';
import { planCommand } from './commands/plan.js';
import { policyCommand } from './commands/policy.js';
import { serveCommand } from './commands/serve.js';
import { type CliCommand, type CliIo, EXIT_CODES } from './io.js';

/** The subcommands, keyed by name. Add a command here with a one-line summary for `--help`. */
export const COMMANDS: Readonly<Record<string, { summary: string; run: CliCommand }>> = {
  plan: {
    summary: 'Cold-start calls, deploy stampede and 4 KB env budget of a path, before and after the split',
    run: planCommand,
  },
  manifest: {
    summary: 'List the names under a path for the manifest option, or --check a stored one for drift',
    run: manifestCommand,
  },
  policy: {
    summary: 'Least-privilege IAM policy (JSON or Terraform) for exactly what the middleware calls',
    run: policyCommand,
  },
  'from-ecs': {
    summary:
      "An ECS task definition's secrets as middleware options or env references, with their IAM policy",
    run: fromEcsCommand,
  },
  export: {
    summary: 'Write the parameters under a path to a 0600 .env file for local development',
    run: exportCommand,
  },
  serve: { summary: 'Run a local SSM Parameter Store server for tests and benchmarks', run: serveCommand },
};

/** Dispatch `argv` (without node and the script) to a subcommand; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    for (const line of usage()) io.stdout(line);
    return EXIT_CODES.ok;
  }
  if (name === undefined) {
    for (const line of usage()) io.stderr(line);
    return EXIT_CODES.usage;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`${BIN_NAME}: unknown command '${name}'. Run '${BIN_NAME} --help' for the list of commands.`);
    return EXIT_CODES.usage;
  }
  return command.run(args, io);
}

function usage(): string[] {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    `Usage: ${BIN_NAME} <command> [options]`,
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    `Run '${BIN_NAME} <command> --help' for a command's options.`,
  ];
}
