import { writeFile } from 'node:fs/promises';
import { defineCommand, type ParsedArgs } from '../args.js';
import { CommandFailure, messageOf, UsageError } from '../command.js';
import { type CliIo, EXIT_CODES } from '../io.js';
import { readJsonFile } from '../jsonFile.js';
import {
  createManifest,
  diffManifest,
  manifestOfJson,
  type StoredManifest,
  serializeManifest,
} from '../manifest/manifestFile.js';
import { parsePathArgument, readRequiredTree, readTree, sourceFlagsOf, treeCommandSpec } from '../source.js';

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
];

const OPTIONS = {
  out: { type: 'string' },
  check: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const SPEC = treeCommandSpec({ name: 'manifest', usage: USAGE, options: OPTIONS });

const manifestFlags = ({ values, positionals }: ParsedArgs<typeof SPEC.options>) => {
  if (values.out !== undefined && values.check !== undefined)
    throw new UsageError('use either --out or --check, not both');
  if (values.check === undefined) parsePathArgument(positionals[0]);
  return {
    pathArgument: positionals[0],
    out: values.out,
    check: values.check,
    json: values.json === true,
    source: sourceFlagsOf(values),
  };
};

type ManifestFlags = ReturnType<typeof manifestFlags>;

/** The stored manifest of `--check FILE`: a missing, unreadable or malformed file is bad input (exit 2). */
const readStoredManifest = async (file: string): Promise<StoredManifest> => {
  const json = await readJsonFile(file, '--check');
  try {
    return manifestOfJson(json, file);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
};

const checkManifest = async (parsed: ManifestFlags, file: string, io: CliIo): Promise<number> => {
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

const writeManifest = async (parsed: ManifestFlags, io: CliIo): Promise<number> => {
  const path = parsePathArgument(parsed.pathArgument);
  // An empty manifest would make the middleware load nothing, quietly: a mistyped path, most likely.
  const tree = await readRequiredTree(path, parsed.source, io);
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
export const manifestCommand = defineCommand(SPEC, async (parsed, io) => {
  const flags = manifestFlags(parsed);
  if (flags.check !== undefined) return checkManifest(flags, flags.check, io);
  return writeManifest(flags, io);
});
