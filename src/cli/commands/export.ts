import { lstat } from 'node:fs/promises';
import { isValidEnvName } from '../../inject/envNames.js';
import { defineCommand, type ParsedArgs } from '../args.js';
import { CommandFailure, codeOf, messageOf, UsageError } from '../command.js';
import { looksLikeKmsCiphertext } from '../export/ciphertext.js';
import { renderDotenv } from '../export/dotenv.js';
import { PRIVATE_FILE_MODE, replacePrivateFile, writeNewPrivateFile } from '../export/writePrivateFile.js';
import { EXIT_CODES } from '../io.js';
import { nameParameters } from '../plan/envNaming.js';
import {
  parsePathArgument,
  readRequiredTree,
  sourceFlagsOf,
  type TreeParameter,
  treeCommandSpec,
} from '../source.js';

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
];

const NOTES = [
  '',
  "Quoting: a value is written NAME='value', or NAME=\"value\" when it holds a ', so that dotenv, node --env-file",
  'and a shell (set -a; . ./.env) all read it back exactly and sourcing the file never runs a command. A value no',
  'quoting keeps intact in all three (a \' together with ", $, ` or \\; a final \\; a carriage return) is left out',
  'and named on stderr, never shown, and the exit code is 1: set it by hand.',
  'A --from file taken without --with-decryption (SecureStrings as KMS ciphertext, AQICAH…) is refused, exit 2.',
];

const OPTIONS = {
  out: { type: 'string' },
  force: { type: 'boolean' },
  prefix: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const SPEC = treeCommandSpec({ name: 'export', usage: USAGE, notes: NOTES, options: OPTIONS });

const exportFlags = ({ values, positionals }: ParsedArgs<typeof SPEC.options>) => {
  const prefix = values.prefix ?? '';
  if (prefix !== '' && !isValidEnvName(prefix))
    throw new UsageError(`--prefix must be letters, digits and _, got '${prefix}'`);
  return {
    path: parsePathArgument(positionals[0]),
    out: values.out ?? '.env',
    force: values.force === true,
    prefix,
    json: values.json === true,
    source: sourceFlagsOf(values),
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
 * Refuses a tree taken without decryption (`aws ssm get-parameters-by-path` without `--with-decryption`): its
 * SecureStrings hold KMS ciphertext, which would reach the app as its passwords. Names the parameters only.
 */
const refuseCiphertext = (parameters: readonly TreeParameter[], file: string): void => {
  const encrypted = parameters.filter((parameter) => looksLikeKmsCiphertext(parameter.value));
  if (encrypted.length === 0) return;
  throw new UsageError(
    `${file} holds KMS ciphertext, not values, for ${encrypted.map((parameter) => parameter.name).join(', ')}: ` +
      'export it again with --with-decryption (aws ssm get-parameters-by-path --recursive --with-decryption); nothing written',
  );
};

/**
 * `middy-ssm-env export <path>`: SSM → `.env`, through the package's retry and backoff. Refuses to overwrite without
 * `--force` (exit 1), refuses names the middleware would refuse (exit 1), prints names only. Values no quoting
 * reads back safely are left out and named, and the exit code is 1.
 */
export const exportCommand = defineCommand(SPEC, async (parsed, io) => {
  const { path, out, force, prefix, source, json } = exportFlags(parsed);
  // Checked before reading SSM so a refusal costs no calls; the create below checks again, atomically.
  if (!force && (await exists(out))) throw refuseOverwrite(out);

  const tree = await readRequiredTree(path, source, io);
  if (source.from !== undefined) refuseCiphertext(tree.parameters, source.from);
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
  const file = renderDotenv(entries, [
    `Exported by middy-ssm-env from ${path}.`,
    'Holds secrets: keep it out of version control.',
  ]);
  try {
    if (force) await replacePrivateFile(out, file.text);
    else await writeNewPrivateFile(out, file.text);
  } catch (error) {
    if (codeOf(error) === 'EEXIST') throw refuseOverwrite(out);
    throw new CommandFailure(`cannot write ${out}: ${messageOf(error)}`);
  }

  const secretNames = new Set(named.filter((entry) => entry.type === 'SecureString').map((e) => e.envName));
  const secrets = file.written.filter((name) => secretNames.has(name)).length;
  if (json) {
    const summary = { path, out, mode: '0600', count: file.written.length, secrets, names: file.written };
    io.stdout(JSON.stringify({ ...summary, leftOut: file.leftOut }, null, 2));
  } else {
    io.stdout(
      `Wrote ${file.written.length} variable(s) (${secrets} from SecureStrings) to ${out}, mode ${PRIVATE_FILE_MODE.toString(8).padStart(4, '0')}:`,
    );
    for (const name of file.written) io.stdout(`  ${name}`);
  }
  if (file.leftOut.length === 0) return EXIT_CODES.ok;
  io.stderr(
    `middy-ssm-env export: left out ${file.leftOut.join(', ')}: no quoting reads their values back exactly in ` +
      "dotenv, node --env-file and sh (see 'middy-ssm-env export --help'); set them by hand.",
  );
  return EXIT_CODES.failure;
});
