/**
 * Reads an ECS task definition — what `aws ecs describe-task-definition` prints (`{ "taskDefinition": {
 * "containerDefinitions": [...] } }`) or the registered JSON (top-level `containerDefinitions`) — and picks one
 * container's `secrets` array. Only names and `valueFrom` references are read; nothing else in the file (an
 * `environment` value, say) is ever repeated in a message.
 */
import { readFile } from 'node:fs/promises';
import type { EcsSecret } from '../../types.js';
import { CommandFailure, codeOf, UsageError } from '../command.js';

/** One container's `secrets`, with the container's name. */
export interface ContainerSecrets {
  readonly container: string;
  readonly secrets: readonly EcsSecret[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The containers of a task definition document, in either shape. */
const containersOf = (json: unknown, file: string): Record<string, unknown>[] => {
  const definition = isRecord(json) && isRecord(json.taskDefinition) ? json.taskDefinition : json;
  const containers = isRecord(definition) ? definition.containerDefinitions : undefined;
  if (!Array.isArray(containers)) {
    throw new CommandFailure(
      `${file}: expected a task definition with "containerDefinitions" (or "taskDefinition.containerDefinitions", as aws ecs describe-task-definition prints)`,
    );
  }
  return containers.map((container: unknown, index) => {
    if (!isRecord(container) || typeof container.name !== 'string') {
      throw new CommandFailure(`${file}: containerDefinitions[${index}] has no "name"`);
    }
    return container;
  });
};

const secretsOf = (container: Record<string, unknown>, file: string): EcsSecret[] => {
  const { secrets } = container;
  if (secrets === undefined) return [];
  const where = `${file}: container ${String(container.name)}`;
  if (!Array.isArray(secrets)) throw new CommandFailure(`${where}: expected "secrets" to be a list`);
  return secrets.map((secret: unknown, index) => {
    if (!isRecord(secret) || typeof secret.name !== 'string' || typeof secret.valueFrom !== 'string') {
      throw new CommandFailure(`${where}: secrets[${index}] needs string "name" and "valueFrom"`);
    }
    return { name: secret.name, valueFrom: secret.valueFrom };
  });
};

/**
 * Picks the container: the one named by `--container`, or the only one, or the only one with secrets. Throws a
 * {@link UsageError} listing the containers when the choice is ambiguous or the name is unknown.
 */
export function pickContainer(json: unknown, file: string, name: string | undefined): ContainerSecrets {
  const containers = containersOf(json, file);
  const names = containers.map((container) => String(container.name));
  if (name !== undefined) {
    const chosen = containers.find((container) => container.name === name);
    if (!chosen) throw new UsageError(`${file} has no container '${name}' (containers: ${names.join(', ')})`);
    return { container: name, secrets: secretsOf(chosen, file) };
  }
  const withSecrets = containers.filter((container) => secretsOf(container, file).length > 0);
  const candidates = containers.length === 1 ? containers : withSecrets;
  const [only] = candidates;
  if (candidates.length !== 1 || only === undefined) {
    throw new UsageError(
      `${file} has ${candidates.length === 0 ? 'no container with secrets' : `${candidates.length} containers with secrets`}; choose one with --container (containers: ${names.join(', ')})`,
    );
  }
  return { container: String(only.name), secrets: secretsOf(only, file) };
}

/** Reads and parses the file. A parse error is reported without the parser's message, which may quote the file. */
export async function readTaskDefinition(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CommandFailure(`cannot read ${file}${codeOf(error) ? ` (${codeOf(error)})` : ''}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CommandFailure(`${file} is not valid JSON`);
  }
}
