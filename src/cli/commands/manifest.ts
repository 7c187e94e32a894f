import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CommandFailure, messageOf, runCommand, UsageError } from '../command.js';
import { type CliIo, EXIT_CODES } from '../io.js';
import {
  createManifest,
  diffManifest,
  parseManifest,
  type StoredManifest,
  serializeManifest,
} from '../manifest/manifestFile.js';
import { parsePathArgument, readTree, SOURCE_OPTIONS, SOURCE_USAGE } from '../source.js';

const USAGE = [
  'Usage: middy-ssm-env manifest <path> [--out <file>]',
  '       middy-ssm-env manifest [<path>] --check <file>',
  '',
  'Lists the names under <path> as a manifest, { "path": "/myapp/prod/", "names": [sorted names] }, to ship with',
  'the function: fetchData: { app: { path: manifest.path, manifest: manifest.names } } fetches them with parallel',
  'GetParameters calls instead of paging the path. Names gone from SSM fail the cold start; names added later are',
  'not fetched until the manifest is regenerated. Run --check in CI: it exits 1 when the manifest has drifted.',
  '',
  'Options:',
  '  --out <file>          Write the manifest to a file instead of stdout',
  "  --check <file>        Compare a stored manifest with SSM (<path> defaults to the manifest's)",
  '  --json                Print the summary (--out) or the drift (--check) as JSON',
  ...SOURCE_USAGE,
  '  -h, --help            Show this help',
];

const parseManifestArgs = (args: string[]) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      check: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...SOURCE_OPTIONS,
    },
  });
  if (values.help) return { help: true as const };
  if (positionals.length > 1) throw new UsageError(`expected one <path>, got ${positionals.length}`);
  if (values.out !== undefined && values.check !== undefined)
    throw new UsageError('use either --out or --check, not both');
  if (values.check === undefined) parsePathArgument(positionals[0]);
  return {
    help: false as const,
    pathArgument: positionals[0],
    out: values.out,
    check: values.check,
    json: values.json === true,
    source: { endpoint: values.endpoint, from: values.from, region: values.region },
  };
};

type ParsedArgs = Exclude<ReturnType<typeof parseManifestArgs>, { help: true }>;

const readStoredManifest = async (file: string): Promise<StoredManifest> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CommandFailure(`cannot read ${file}: ${messageOf(error)}`);
  }
  try {
    return parseManifest(text, file);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
};

const checkManifest = async (parsed: ParsedArgs, file: string, io: CliIo): Promise<number> => {
  const stored = await readStoredManifest(file);
  const argumentPath = parsed.pathArgument === undefined ? undefined : parsePathArgument(parsed.pathArgument);
  if (argumentPath && stored.path && parsePathArgument(stored.path) !== argumentPath) {
    throw new UsageError(`${file} is the manifest of ${stored.path}, not of ${argumentPath}`);
  }
  const pathText = argumentPath ?? stored.path;
  if (pathText === undefined) throw new UsageError(`${file} does not name its path: pass <path>`);
  const path = parsePathArgument(pathText);
  const tree = await readTree(path, parsed.source, io);
  const drift = diffManifest(
    stored.names,
    tree.parameters.map((parameter) => parameter.name),
  );
  const inSync = drift.added.length === 0 && drift.removed.length === 0;
  if (parsed.json) {
    io.stdout(JSON.stringify({ path, file, inSync, added: drift.added, removed: drift.removed }, null, 2));
  } else if (inSync) {
    io.stdout(`${file} matches ${path}: ${stored.names.length} name(s).`);
  } else {
    io.stdout(
      `${file} has drifted from ${path}: ${drift.added.length} added, ${drift.removed.length} removed.`,
    );
    for (const name of drift.added)
      io.stdout(`  + ${name}  (in SSM, not fetched until the manifest is regenerated)`);
    for (const name of drift.removed)
      io.stdout(`  - ${name}  (gone from SSM: the middleware fails the cold start)`);
    io.stdout(`Regenerate it: middy-ssm-env manifest ${path} --out ${file}`);
  }
  return inSync ? EXIT_CODES.ok : EXIT_CODES.failure;
};

const writeManifest = async (parsed: ParsedArgs, io: CliIo): Promise<number> => {
  const path = parsePathArgument(parsed.pathArgument);
  const tree = await readTree(path, parsed.source, io);
  const manifest = createManifest(
    path,
    tree.parameters.map((parameter) => parameter.name),
  );
  const text = serializeManifest(manifest);
  if (parsed.out === undefined) {
    io.stdout(text.trimEnd());
    return EXIT_CODES.ok;
  }
  try {
    await writeFile(parsed.out, text, 'utf8');
  } catch (error) {
    throw new CommandFailure(`cannot write ${parsed.out}: ${messageOf(error)}`);
  }
  if (parsed.json)
    io.stdout(JSON.stringify({ path, out: parsed.out, count: manifest.names.length }, null, 2));
  else io.stdout(`Wrote ${manifest.names.length} name(s) under ${path} to ${parsed.out}.`);
  return EXIT_CODES.ok;
};

/**
 * `middy-ssm-env manifest <path>`: the names under a path as a manifest (stdout or `--out`), or with `--check FILE`
 * the drift between a stored manifest and SSM (exit 1 on drift). Names only; no values are read into the output.
 */
export async function manifestCommand(args: string[], io: CliIo): Promise<number> {
  return runCommand('manifest', io, async () => {
    const parsed = parseManifestArgs(args);
    if (parsed.help) {
      for (const line of USAGE) io.stdout(line);
      return EXIT_CODES.ok;
    }
    if (parsed.check !== undefined) return checkManifest(parsed, parsed.check, io);
    return writeManifest(parsed, io);
  });
}
