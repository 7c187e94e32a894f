import { readFile } from 'node:fs/promises';
import { parseJsonWithoutQuoting } from '../core/jsonText.js';
import { LocalSsmError } from './errors.js';
import { PARAMETER_TYPES, type ParameterStore } from './parameter-store.js';
import { isBase64, seedPayload } from './secrets/payload.js';
import type { SecretStore } from './secrets/store.js';
import type { SecretRotation, SeedData, SeedParameter, SeedSecret } from './types.js';

/**
 * Seed data and its errors. No error message here ever holds a value: they name the file, the position, the
 * parameter or secret, and the field, because a seed file is where test secrets live.
 */

/** Read seed data from a JSON file, checking its shape so a typo fails with the file and field named. */
export async function loadSeedFile(path: string): Promise<SeedData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // fs messages name the syscall and the path, never the content.
    const reason = error instanceof Error ? error.message : String(error);
    throw new TypeError(`Cannot read seed file ${path}: ${reason}`);
  }
  return parseSeedData(parseSeedJson(text, `seed file ${path}`), path);
}

/**
 * Parse JSON text, reporting a syntax error by line and column only. V8's own message quotes the text around the
 * error, which may be a secret, so it is never passed on.
 */
export function parseSeedJson(text: string, source: string): unknown {
  return parseJsonWithoutQuoting(
    text,
    (where) =>
      new TypeError(`Cannot read ${source}: invalid JSON${where === undefined ? '' : ` (${where})`}`),
  );
}

/** Check the shape of seed data from outside the type system (a JSON file). */
export function parseSeedData(value: unknown, source = 'seed'): SeedData {
  if (!isRecord(value))
    throw new TypeError(`Expected ${source} to be an object with \`parameters\` and/or \`secrets\``);
  const { parameters, secrets, ...unknownKeys } = value;
  const extra = Object.keys(unknownKeys);
  if (extra.length > 0) throw new TypeError(`Unknown key(s) in ${source}: ${extra.join(', ')}`);
  return {
    ...(parameters === undefined ? {} : { parameters: parseParameters(parameters, source) }),
    ...(secrets === undefined ? {} : { secrets: parseSecrets(secrets, source) }),
  };
}

/**
 * Add seed data to the stores. Parameters are written with overwrite, so seeding twice adds a version. A parameter
 * or secret the stores refuse (a bad name, a value too long, labels AWS would reject) fails with its name.
 */
export function applySeed(
  data: SeedData,
  parameters: ParameterStore,
  secrets: SecretStore,
  source = 'seed',
): void {
  for (const parameter of seedParameterList(data.parameters)) {
    refusing(`parameter '${parameter.name}' (${source})`, () => seedParameter(parameter, parameters));
  }
  for (const secret of data.secrets ?? []) {
    refusing(`secret '${secret.name}' (${source})`, () => seedSecret(secret, secrets));
  }
}

function seedParameter(parameter: SeedParameter, parameters: ParameterStore): void {
  parameters.put({
    name: parameter.name,
    value: parameter.value,
    type: parameter.type ?? 'String',
    overwrite: true,
  });
  if (parameter.labels && parameter.labels.length > 0) {
    const { invalidLabels } = parameters.label(parameter.name, parameter.labels);
    if (invalidLabels.length > 0) {
      throw new TypeError(`invalid label(s) ${invalidLabels.map((label) => `'${label}'`).join(', ')}`);
    }
  }
}

function seedSecret(secret: SeedSecret, secrets: SecretStore): void {
  if (secret.previous !== undefined) {
    const previous = typeof secret.previous === 'string' ? { value: secret.previous } : secret.previous;
    secrets.put({
      name: secret.name,
      arnSuffix: secret.arnSuffix,
      value: seedPayload(previous.value, secret.binary),
      versionId: previous.versionId,
      description: secret.description,
    });
  }
  secrets.put({
    name: secret.name,
    arnSuffix: secret.arnSuffix,
    value: seedPayload(secret.value, secret.binary),
    versionId: secret.versionId,
    stages: secret.stages,
    description: secret.description,
    rotation: secret.rotation,
  });
}

/** Run `seed`, turning a store's refusal into a TypeError that names what was being seeded. */
function refusing(what: string, seed: () => void): void {
  try {
    seed();
  } catch (error) {
    if (error instanceof LocalSsmError || error instanceof TypeError) {
      throw new TypeError(`Cannot seed ${what}: ${error.message}`);
    }
    throw error;
  }
}

function seedParameterList(parameters: SeedData['parameters']): readonly SeedParameter[] {
  if (parameters === undefined) return [];
  if (isParameterList(parameters)) return parameters;
  return Object.entries(parameters).map(([name, value]) => ({ name, value }));
}

function isParameterList(
  parameters: NonNullable<SeedData['parameters']>,
): parameters is readonly SeedParameter[] {
  return Array.isArray(parameters);
}

function parseParameters(value: unknown, source: string): SeedData['parameters'] {
  if (Array.isArray(value)) {
    return value.map((entry: unknown, index) => {
      if (!isRecord(entry)) throw new TypeError(`Expected ${source}: parameters[${index}] to be an object`);
      const where = `${source}: parameters[${index}]`;
      const name = requireString(entry.name, `${where}.name`);
      return naming(`parameter '${name}'`, () => {
        const parameter: SeedParameter = { name, value: requireString(entry.value, `${where}.value`) };
        if (entry.type !== undefined) {
          if (!(PARAMETER_TYPES as readonly unknown[]).includes(entry.type)) {
            throw new TypeError(`Expected ${where}.type to be one of ${PARAMETER_TYPES.join(', ')}`);
          }
          parameter.type = entry.type as SeedParameter['type'];
        }
        if (entry.labels !== undefined) parameter.labels = requireStringList(entry.labels, `${where}.labels`);
        return parameter;
      });
    });
  }
  if (isRecord(value)) {
    for (const [name, entry] of Object.entries(value))
      requireString(entry, `${source}: parameters["${name}"]`);
    return value as Record<string, string>;
  }
  throw new TypeError(`Expected ${source}: parameters to be a list or a map of name to value`);
}

function parseSecrets(value: unknown, source: string): SeedSecret[] {
  if (!Array.isArray(value)) throw new TypeError(`Expected ${source}: secrets to be a list`);
  return value.map((entry: unknown, index) => {
    if (!isRecord(entry)) throw new TypeError(`Expected ${source}: secrets[${index}] to be an object`);
    const where = `${source}: secrets[${index}]`;
    const name = requireString(entry.name, `${where}.name`);
    return naming(`secret '${name}'`, () => parseSecret(entry, name, where));
  });
}

function parseSecret(entry: Record<string, unknown>, name: string, where: string): SeedSecret {
  const secret: SeedSecret = { name, value: requireString(entry.value, `${where}.value`) };
  if (entry.binary !== undefined) secret.binary = requireBoolean(entry.binary, `${where}.binary`);
  if (entry.arnSuffix !== undefined) secret.arnSuffix = requireString(entry.arnSuffix, `${where}.arnSuffix`);
  if (entry.versionId !== undefined) secret.versionId = requireString(entry.versionId, `${where}.versionId`);
  if (entry.stages !== undefined) secret.stages = requireStringList(entry.stages, `${where}.stages`);
  if (entry.description !== undefined)
    secret.description = requireString(entry.description, `${where}.description`);
  if (entry.rotation !== undefined) secret.rotation = parseRotation(entry.rotation, `${where}.rotation`);
  if (entry.previous !== undefined) secret.previous = parsePrevious(entry.previous, `${where}.previous`);
  if (secret.binary) {
    const previous = typeof secret.previous === 'string' ? secret.previous : secret.previous?.value;
    if (!isBase64(secret.value)) throw new TypeError(`Expected ${where}.value to be base64 (binary: true)`);
    if (previous !== undefined && !isBase64(previous)) {
      throw new TypeError(`Expected ${where}.previous to be base64 (binary: true)`);
    }
  }
  return secret;
}

/** Run a parse step, adding which parameter or secret it was about to a TypeError it throws. */
function naming<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TypeError) throw new TypeError(`${error.message} (${what})`);
    throw error;
  }
}

function parsePrevious(value: unknown, where: string): NonNullable<SeedSecret['previous']> {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) throw new TypeError(`Expected ${where} to be a string or { value, versionId? }`);
  return {
    value: requireString(value.value, `${where}.value`),
    ...(value.versionId === undefined
      ? {}
      : { versionId: requireString(value.versionId, `${where}.versionId`) }),
  };
}

function parseRotation(value: unknown, where: string): SecretRotation {
  if (!isRecord(value)) throw new TypeError(`Expected ${where} to be an object`);
  const { automaticallyAfterDays, nextRotationDate, lastRotatedDate, lambdaArn, ...unknownKeys } = value;
  const extra = Object.keys(unknownKeys);
  if (extra.length > 0) throw new TypeError(`Unknown key(s) in ${where}: ${extra.join(', ')}`);
  const rotation: SecretRotation = {};
  if (automaticallyAfterDays !== undefined) {
    if (typeof automaticallyAfterDays !== 'number') {
      throw new TypeError(`Expected ${where}.automaticallyAfterDays to be a number`);
    }
    rotation.automaticallyAfterDays = automaticallyAfterDays;
  }
  if (nextRotationDate !== undefined)
    rotation.nextRotationDate = requireDate(nextRotationDate, `${where}.nextRotationDate`);
  if (lastRotatedDate !== undefined)
    rotation.lastRotatedDate = requireDate(lastRotatedDate, `${where}.lastRotatedDate`);
  if (lambdaArn !== undefined) rotation.lambdaArn = requireString(lambdaArn, `${where}.lambdaArn`);
  return rotation;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new TypeError(`Expected ${where} to be a string`);
  return value;
}

function requireBoolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`Expected ${where} to be true or false`);
  return value;
}

function requireDate(value: unknown, where: string): string | number {
  const valid =
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && Number.isFinite(Date.parse(value)));
  if (!valid) throw new TypeError(`Expected ${where} to be an ISO 8601 date or epoch milliseconds`);
  return value as string | number;
}

function requireStringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TypeError(`Expected ${where} to be a list of strings`);
  }
  return value;
}
