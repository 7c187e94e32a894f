/**
 * Parsing of ECS-style `valueFrom` references: a parameter name, a `name:version` or `name:label` selector, a full
 * SSM ARN in any partition, or a `/aws/reference/secretsmanager/<id>` name — optionally followed by `#jsonKey` to pick
 * one key out of a JSON value (ECS's `json-key`).
 */
import type { ParameterReference } from '../core/parameters.js';

export type { ParameterReference } from '../core/parameters.js';

/** Names Parameter Store accepts (letters, digits, `_ . - /`). */
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]+$/;
/** Secret ids allow a few more characters than parameter names. */
const SECRET_ID = /^[A-Za-z0-9_.\-/+=@]+$/;
/** A version number, a label, a Secrets Manager stage or a version id. */
const SELECTOR = /^[A-Za-z0-9_.-]+$/;
const ARN = /^arn:(aws[a-z-]*):ssm:([a-z0-9-]+):(\d{12}):parameter\/(.+)$/;
const JSON_KEY = /^[^#]+$/;

export const SECRETS_MANAGER_PREFIX = '/aws/reference/secretsmanager/';
/** Parameter Store caps a name (ARN form included) at 2,048 characters and a hierarchy at 15 levels. */
const MAX_NAME_LENGTH = 2048;
const MAX_HIERARCHY_DEPTH = 15;

/**
 * Parses one reference. Throws a `TypeError` naming the reference and what is wrong with it.
 *
 * @example
 * parseReference('/aws/reference/secretsmanager/prod/db:AWSPREVIOUS#password')
 * // → { name: '/aws/reference/secretsmanager/prod/db', selector: ':AWSPREVIOUS', jsonKey: 'password', … }
 */
export const parseReference = (input: string, jsonKeyOption?: string): ParameterReference => {
  const fail = (why: string) =>
    new TypeError(`middy-ssm-env: invalid parameter reference '${input}': ${why}.`);
  if (typeof input !== 'string' || input.length === 0) throw fail('expected a non-empty string');

  const hashAt = input.indexOf('#');
  const body = hashAt === -1 ? input : input.slice(0, hashAt);
  const hashKey = hashAt === -1 ? undefined : input.slice(hashAt + 1);
  if (hashKey !== undefined && !JSON_KEY.test(hashKey)) throw fail('the JSON key after `#` is empty');
  if (hashKey !== undefined && jsonKeyOption !== undefined)
    throw fail('give the JSON key once, as `#key` or `jsonKey`');
  const jsonKey = hashKey ?? jsonKeyOption;

  const arnMatch = ARN.exec(body);
  const [arn, nameAndSelector] = arnMatch
    ? [
        { partition: arnMatch[1] ?? '', region: arnMatch[2] ?? '', account: arnMatch[3] ?? '' },
        arnMatch[4] ?? '',
      ]
    : [undefined, body];
  if (!arnMatch && body.startsWith('arn:'))
    throw fail('expected an ARN of the form arn:<partition>:ssm:<region>:<account>:parameter/<name>');

  const { rawName, selector } = splitSelector(nameAndSelector);
  // In an ARN a hierarchical name loses its leading slash: parameter/myapp/db is /myapp/db.
  const name = arn && rawName.includes('/') ? `/${rawName}` : rawName;
  const isSecret = name.startsWith(SECRETS_MANAGER_PREFIX);

  if (name.length === 0) throw fail('the name is empty');
  if (body.length > MAX_NAME_LENGTH) throw fail(`names are at most ${MAX_NAME_LENGTH} characters`);
  if (isSecret) {
    if (!SECRET_ID.test(name.slice(SECRETS_MANAGER_PREFIX.length)) || name === SECRETS_MANAGER_PREFIX) {
      throw fail('expected a secret id after /aws/reference/secretsmanager/');
    }
  } else {
    if (!PARAMETER_NAME.test(name)) throw fail('names may hold only letters, digits and _ . - /');
    if (name.includes('/') && !name.startsWith('/'))
      throw fail('a name in a hierarchy must begin with `/` (a simple name has no `/`)');
    if (name.endsWith('/')) throw fail('a name cannot end with `/` (a trailing `/` marks a path)');
    if (name.includes('//')) throw fail('a name cannot contain `//`');
    if (name.split('/').length - 1 > MAX_HIERARCHY_DEPTH)
      throw fail(`hierarchies are at most ${MAX_HIERARCHY_DEPTH} levels deep`);
  }
  if (selector !== undefined && !SELECTOR.test(selector.slice(1)))
    throw fail('the selector after `:` is malformed');

  return {
    request: body,
    name,
    ...(selector === undefined ? {} : { selector }),
    ...(arn === undefined ? {} : { arn }),
    ...(jsonKey === undefined ? {} : { jsonKey }),
    isSecret,
  };
};

const splitSelector = (value: string): { rawName: string; selector?: string } => {
  const colonAt = value.lastIndexOf(':');
  if (colonAt === -1) return { rawName: value };
  return { rawName: value.slice(0, colonAt), selector: value.slice(colonAt) };
};

/**
 * The identity used to match a `GetParameters` result back to its request. AWS answers with the bare name (even for an
 * ARN request) plus a separate `Selector`; comparing requested strings instead is what leaves other tools' values
 * `undefined`. Leading slashes are dropped because an ARN cannot tell `x` from `/x`.
 */
export const matchKey = (name: string, selector: string | undefined): string => {
  const bare = ARN.exec(name)?.[4] ?? name;
  return `${bare.replace(/^\/+/, '')}${selector ?? ''}`;
};

/** Parses a path (`/myapp/prod/`): must start with `/`; a trailing `/` is added when missing. */
export const parsePath = (input: string): string => {
  if (typeof input !== 'string' || !input.startsWith('/')) {
    throw new TypeError(`middy-ssm-env: invalid path '${String(input)}': a path starts with \`/\`.`);
  }
  const path = input.endsWith('/') ? input : `${input}/`;
  if (path !== '/' && !PARAMETER_NAME.test(path)) {
    throw new TypeError(
      `middy-ssm-env: invalid path '${input}': paths may hold only letters, digits and _ . - /.`,
    );
  }
  if (path.startsWith(SECRETS_MANAGER_PREFIX)) {
    throw new TypeError(
      `middy-ssm-env: invalid path '${input}': Secrets Manager references cannot be fetched by path; name each secret.`,
    );
  }
  // A parameter under the path is one level deeper: past 15 levels none can exist.
  if (path.split('/').length - 1 > MAX_HIERARCHY_DEPTH) {
    throw new TypeError(
      `middy-ssm-env: invalid path '${input}': hierarchies are at most ${MAX_HIERARCHY_DEPTH} levels deep, so nothing can be under this path.`,
    );
  }
  return path;
};
