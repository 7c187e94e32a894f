import { readFile } from 'node:fs/promises';
import { PARAMETER_TYPES, type ParameterStore } from './parameter-store.js';
import type { SecretStore } from './secret-store.js';
import type { SeedData, SeedParameter, SeedSecret } from './types.js';

/** Read seed data from a JSON file, checking its shape so a typo fails with the file and field named. */
export async function loadSeedFile(path: string): Promise<SeedData> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TypeError(`Cannot read seed file ${path}: ${reason}`);
  }
  return parseSeedData(parsed, path);
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

/** Add seed data to the stores. Parameters are written with overwrite, so seeding twice adds a version. */
export function applySeed(data: SeedData, parameters: ParameterStore, secrets: SecretStore): void {
  for (const parameter of seedParameterList(data.parameters)) {
    parameters.put({
      name: parameter.name,
      value: parameter.value,
      type: parameter.type ?? 'String',
      overwrite: true,
    });
    if (parameter.labels && parameter.labels.length > 0) parameters.label(parameter.name, parameter.labels);
  }
  for (const secret of data.secrets ?? []) {
    if (secret.previous !== undefined) {
      const previous = typeof secret.previous === 'string' ? { value: secret.previous } : secret.previous;
      secrets.put({ name: secret.name, value: previous.value, versionId: previous.versionId });
    }
    secrets.put({
      name: secret.name,
      value: secret.value,
      versionId: secret.versionId,
      stages: secret.stages,
    });
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
      const where = `${source}: parameters[${index}]`;
      if (!isRecord(entry)) throw new TypeError(`Expected ${where} to be an object`);
      const parameter: SeedParameter = {
        name: requireString(entry.name, `${where}.name`),
        value: requireString(entry.value, `${where}.value`),
      };
      if (entry.type !== undefined) {
        if (!(PARAMETER_TYPES as readonly unknown[]).includes(entry.type)) {
          throw new TypeError(`Expected ${where}.type to be one of ${PARAMETER_TYPES.join(', ')}`);
        }
        parameter.type = entry.type as SeedParameter['type'];
      }
      if (entry.labels !== undefined) parameter.labels = requireStringList(entry.labels, `${where}.labels`);
      return parameter;
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
    const where = `${source}: secrets[${index}]`;
    if (!isRecord(entry)) throw new TypeError(`Expected ${where} to be an object`);
    const secret: SeedSecret = {
      name: requireString(entry.name, `${where}.name`),
      value: requireString(entry.value, `${where}.value`),
    };
    if (entry.versionId !== undefined)
      secret.versionId = requireString(entry.versionId, `${where}.versionId`);
    if (entry.stages !== undefined) secret.stages = requireStringList(entry.stages, `${where}.stages`);
    if (typeof entry.previous === 'string') secret.previous = entry.previous;
    else if (isRecord(entry.previous)) {
      const previous = entry.previous;
      secret.previous = {
        value: requireString(previous.value, `${where}.previous.value`),
        ...(previous.versionId === undefined
          ? {}
          : { versionId: requireString(previous.versionId, `${where}.previous.versionId`) }),
      };
    } else if (entry.previous !== undefined) {
      throw new TypeError(`Expected ${where}.previous to be a string or { value, versionId? }`);
    }
    return secret;
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new TypeError(`Expected ${where} to be a string`);
  return value;
}

function requireStringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TypeError(`Expected ${where} to be a list of strings`);
  }
  return value;
}
