/**
 * The exported-tree file `--from FILE` reads: a JSON object with a `parameters` list of `{ name, type, value }` —
 * the shape the local server's seed file takes (`serve --seed`) — or the output of
 * `aws ssm get-parameters-by-path --path /myapp/prod/ --recursive [--with-decryption]` (`{ "Parameters": [{ "Name",
 * "Type", "Value", … }] }`). `type` defaults to `String`; a seed's map form (`{ "parameters": { name: value } }`)
 * is accepted too. Secrets Manager entries of a seed are ignored: they are not under any path.
 */
import { parseSeedData } from '../server/seed.js';
import { messageOf, UsageError } from './command.js';
import { readJsonFile } from './jsonFile.js';

/** One parameter of a tree: what SSM returns for it. */
export interface TreeParameter {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the AWS CLI shape (`Parameters` with capitalized fields). */
const fromAwsCliShape = (parameters: unknown, file: string): TreeParameter[] => {
  if (!Array.isArray(parameters)) throw new UsageError(`${file}: expected "Parameters" to be a list`);
  return parameters.map((entry: unknown, index) => {
    const where = `${file}: Parameters[${index}]`;
    if (!isRecord(entry) || typeof entry.Name !== 'string' || typeof entry.Value !== 'string') {
      throw new UsageError(`${where}: expected an object with string "Name" and "Value"`);
    }
    const type = typeof entry.Type === 'string' ? entry.Type : 'String';
    return { name: entry.Name, type, value: entry.Value };
  });
};

/**
 * Reads the parsed JSON of a tree file. Throws a {@link UsageError} (bad input: exit 2) naming the file and the
 * field that is wrong, never a value.
 */
export function treeOfJson(json: unknown, file: string): TreeParameter[] {
  if (isRecord(json) && 'Parameters' in json) return fromAwsCliShape(json.Parameters, file);
  let seed: ReturnType<typeof parseSeedData>;
  try {
    seed = parseSeedData(json, file);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  const { parameters } = seed;
  if (parameters === undefined) return [];
  if (Array.isArray(parameters)) {
    return parameters.map((parameter) => ({
      name: parameter.name,
      type: parameter.type ?? 'String',
      value: parameter.value,
    }));
  }
  return Object.entries(parameters).map(([name, value]) => ({ name, type: 'String', value }));
}

/** Reads and parses the tree file given to `flag` (`--from`); JSON errors give the position, never the text. */
export async function readTreeFile(file: string, flag: string): Promise<TreeParameter[]> {
  return treeOfJson(await readJsonFile(file, flag), file);
}
