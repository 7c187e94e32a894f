import { lstat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isValidEnvName } from '../../inject/envNames.js';
import { CommandFailure, codeOf, messageOf, runCommand, UsageError } from '../command.js';
import { renderDotenv } from '../export/dotenv.js';
import { PRIVATE_FILE_MODE, replacePrivateFile, writeNewPrivateFile } from '../export/writePrivateFile.js';
import { type CliIo, EXIT_CODES } from '../io.js';
import { nameParameters } from '../plan/envNaming.js';
import { parsePathArgument, readTree, SOURCE_OPTIONS, SOURCE_USAGE } from '../source.js';

const USAGE = [
  'Usage: middy-ssm-env export <path> [options]',
  '',
  'Writes every parameter under <path> to a .env file for local development, named as the middleware names them',
  '(/myapp/prod/db/host → DB_HOST), with mode 0600. Values are never printed: only the count and the names.',
  '',
  'Options:',
  '  --out <file>          File to write (default: .env)',
  '  --force               Replace the file if it exists',
  '  --prefix <p>          Prepended to every name, as the envPrefix option (e.g. APP_)',
  '  --json                Print the summary as JSON',
  ...SOURCE_USAGE,
  '  -h, --help            Show this help',
];

const parseExportArgs = (args: string[]) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      force: { type: 'boolean' },
      prefix: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...SOURCE_OPTIONS,
    },
  });
  if (values.help) return { help: true as const };
  if (positionals.length > 1) throw new UsageError(`expected one <path>, got ${positionals.length}`);
  const prefix = values.prefix ?? '';
  if (prefix !== '' && !isValidEnvName(prefix))
    throw new UsageError(`--prefix must be letters, digits and _, got '${prefix}'`);
  return {
    help: false as const,
    path: parsePathArgument(positionals[0]),
    out: values.out ?? '.env',
    force: values.force === true,
    prefix,
    json: values.json === true,
    source: { endpoint: values.endpoint, from: values.from, region: values.region },
  };
};

const exists = async (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    (error: unknown) => {
      if (codeOf(error) === 'ENOENT') return false;
      throw new CommandFailure(`cannot check ${path}: ${messageOf(error)}`);
    },
  );

const refuseOverwrite = (out: string): CommandFailure =>
  new CommandFailure(`${out} exists; pass --force to replace it (the new file will have mode 0600)`);

/**
 * `middy-ssm-env export <path>`: SSM → `.env`, through the package's retry and backoff. Refuses to overwrite without
 * `--force` (exit 1), refuses names the middleware would refuse (exit 1), prints names only.
 */
export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  return runCommand('export', io, async () => {
    const parsed = parseExportArgs(args);
    if (parsed.help) {
      for (const line of USAGE) io.stdout(line);
      return EXIT_CODES.ok;
    }
    const { path, out, force, prefix } = parsed;
    // Checked before reading SSM so a refusal costs no calls; the create below checks again, atomically.
    if (!force && (await exists(out))) throw refuseOverwrite(out);

    const tree = await readTree(path, parsed.source, io);
    const { named, problems } = nameParameters(tree.parameters, path, prefix);
    if (problems.length > 0) {
      const list = problems.map(
        (problem) => `${problem.parameter} → ${problem.envName || '(empty)'} (${problem.problem})`,
      );
      throw new CommandFailure(`names the middleware would refuse, nothing written: ${list.join(', ')}`);
    }
    const valueByName = new Map(tree.parameters.map((parameter) => [parameter.name, parameter.value]));
    const entries = named.map((entry) => ({
      name: entry.envName,
      value: valueByName.get(entry.parameter) ?? '',
    }));
    const rendered = renderDotenv(entries, [
      `Exported by middy-ssm-env from ${path}: ${entries.length} variable(s).`,
      'Holds secrets: keep it out of version control.',
    ]);
    if (!rendered.ok) {
      throw new CommandFailure(
        `values of ${rendered.unwritable.join(', ')} hold ', " and \` together or a carriage return, which .env cannot quote; nothing written`,
      );
    }
    try {
      if (force) await replacePrivateFile(out, rendered.text);
      else await writeNewPrivateFile(out, rendered.text);
    } catch (error) {
      if (codeOf(error) === 'EEXIST') throw refuseOverwrite(out);
      throw new CommandFailure(`cannot write ${out}: ${messageOf(error)}`);
    }

    const secrets = named.filter((entry) => entry.type === 'SecureString').length;
    const names = entries.map((entry) => entry.name);
    if (parsed.json) {
      io.stdout(JSON.stringify({ path, out, mode: '0600', count: entries.length, secrets, names }, null, 2));
    } else {
      io.stdout(
        `Wrote ${entries.length} variable(s) (${secrets} from SecureStrings) to ${out}, mode ${PRIVATE_FILE_MODE.toString(8).padStart(4, '0')}:`,
      );
      for (const name of names) io.stdout(`  ${name}`);
    }
    return EXIT_CODES.ok;
  });
}
