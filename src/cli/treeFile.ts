/**
 * The exported-tree file `--from FILE` reads: a JSON object with a `parameters` list of `{ name, type, value }` —
 * the shape the local server's seed file takes (`serve --seed`) — or the output of
 * `aws ssm get-parameters-by-path --path /myapp/prod/ --recursive [--with-decryption]` (`{ "Parameters": [{ "Name",
 * "Type", "Value", … }] }`). `type` defaults to `String`; a seed's map form (`{ "parameters": { name: value } }`)
 * is accepted too. Secrets Manager entries of a seed are ignored: they are not under any path.
 */
import { readFile } from 'node:fs/promises';
import { parseSeedData } from '../server/seed.js';
import { CommandFailure, messageOf } from './command.js';

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
  if (!Array.isArray(parameters)) throw new CommandFailure(`${file}: expected "Parameters" to be a list`);
  return parameters.map((entry: unknown, index) => {
    const where = `${file}: Parameters[${index}]`;
    if (!isRecord(entry) || typeof entry.Name !== 'string' || typeof entry.Value !== 'string') {
      throw new CommandFailure(`${where}: expected an object with string "Name" and "Value"`);
    }
    const type = typeof entry.Type === 'string' ? entry.Type : 'String';
    return { name: entry.Name, type, value: entry.Value };
  });
};

/**
 * Parses the text of a tree file. Throws a {@link CommandFailure} naming the file and the field that is wrong
 * (never a value).
 */
export function parseTreeFile(text: string, file: string): TreeParameter[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CommandFailure(`${file} is not valid JSON: ${messageOf(error)}`);
  }
  if (isRecord(json) && 'Parameters' in json) return fromAwsCliShape(json.Parameters, file);
  let seed: ReturnType<typeof parseSeedData>;
  try {
    seed = parseSeedData(json, file);
  } catch (error) {
    throw new CommandFailure(messageOf(error));
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

/** Reads and parses a tree file. */
export async function readTreeFile(file: string): Promise<TreeParameter[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CommandFailure(`cannot read ${file}: ${messageOf(error)}`);
  }
  return parseTreeFile(text, file);
}
