/**
 * ECS's `valueFrom`, as a task definition's `secrets` array holds it, and as a `fetchData` value or an env reference
 * may hold it here:
 * - an SSM parameter name or ARN (any partition; `:version` / `:label` selectors too) — read from Parameter Store;
 * - a Secrets Manager ARN, full or partial (without the 6-character suffix), optionally followed by ECS's
 *   `:json-key:version-stage:version-id` (empty fields allowed, trailing colons optional) — read from Secrets Manager.
 *
 * As in ECS, a `valueFrom` that is not an ARN is a Parameter Store name: a secret is named by its ARN (ECS API
 * reference, `Secret.valueFrom`: "the full ARN of the Secrets Manager secret or the full ARN of the parameter in the
 * SSM Parameter Store"; a parameter in the same Region may be named by its name).
 */
import type { ParameterReference, SecretReference } from '../core/parameters.js';
import { parseReference } from './parseReference.js';

/** What a `valueFrom` points at: a parameter (Parameter Store) or a secret (Secrets Manager). */
export type ValueFrom =
  | { readonly service: 'ssm'; readonly reference: ParameterReference }
  | { readonly service: 'secretsmanager'; readonly reference: SecretReference };

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; the resource may hold further colons. */
const ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/s;
const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
/** Secrets Manager's name rules: 1–512 characters, ASCII letters, digits and `/_+=.@-`. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/**
 * Staging labels: AWS documents 1–256 characters. Whitespace, control and non-ASCII characters are refused here (a
 * label holding them cannot be written into a task definition or an env reference without ambiguity); `:` cannot
 * occur, as it separates ECS's fields.
 */
const VERSION_STAGE = /^[\x21-\x7e]{1,256}$/;
/** Version ids (`ClientRequestToken`): 32–64 characters, typically a UUID. */
const VERSION_ID = /^[\x21-\x7e]{32,64}$/;
const CURRENT = 'AWSCURRENT';
const ECS_FIELDS = 'expected <secret>[:json-key[:version-stage[:version-id]]]';

const fail = (input: string, why: string): TypeError =>
  new TypeError(`middy-ssm-env: invalid secret reference '${input}': ${why}.`);

/**
 * Parses ECS's fields after a secret's name or ARN resource: `<name>[:json-key[:version-stage[:version-id]]]`.
 * Throws a `TypeError` naming the reference and what is wrong.
 */
const parseFields = (
  source: string,
  rest: string,
  prefix: string,
  arn: SecretReference['arn'],
  jsonKeyOption: string | undefined,
): SecretReference => {
  const fields = rest.split(':');
  if (fields.length > 4) throw fail(source, `too many \`:\` fields, ${ECS_FIELDS}`);
  const [name = '', jsonKeyField = '', stageField = '', versionIdField = ''] = fields;
  if (name.length === 0) throw fail(source, 'the secret name is empty');
  if (name.includes('#'))
    throw fail(source, "pick a JSON key with ECS's json-key field (`:key::`), not `#key`");
  if (!SECRET_NAME.test(name)) {
    throw fail(source, 'a secret name is 1 to 512 characters: ASCII letters, digits and any of /_+=.@-');
  }
  if (jsonKeyField !== '' && jsonKeyOption !== undefined) {
    throw fail(source, 'give the JSON key once, as the json-key field or `jsonKey`');
  }
  const jsonKey = jsonKeyField === '' ? jsonKeyOption : jsonKeyField;
  const versionStage = stageField === '' ? undefined : stageField;
  const versionId = versionIdField === '' ? undefined : versionIdField;
  if (versionStage !== undefined && !VERSION_STAGE.test(versionStage)) {
    throw fail(
      source,
      `version-stage '${versionStage}' is not a staging label Secrets Manager allows (1 to 256 visible ASCII characters)`,
    );
  }
  if (versionId !== undefined && !VERSION_ID.test(versionId)) {
    throw fail(source, `version-id '${versionId}' is not a Secrets Manager version id (32 to 64 characters)`);
  }
  const secretId = `${prefix}${name}`;
  // AWSCURRENT without a version id is what a plain read returns: the same read.
  const stageKey = versionStage === CURRENT && versionId === undefined ? '' : (versionStage ?? '');
  return {
    secretId,
    name,
    ...(arn === undefined ? {} : { arn }),
    ...(jsonKey === undefined ? {} : { jsonKey }),
    ...(versionStage === undefined ? {} : { versionStage }),
    ...(versionId === undefined ? {} : { versionId }),
    request: `${secretId}:${stageKey}:${versionId ?? ''}`,
    source,
  };
};

/**
 * Parses a Secrets Manager ARN with ECS's optional fields:
 * `arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf:password::`.
 */
export const parseSecretArn = (input: string, jsonKeyOption?: string): SecretReference => {
  const match = ARN.exec(input);
  if (!match) throw fail(input, 'expected arn:<partition>:secretsmanager:<region>:<account>:secret:<name>');
  const [, partition = '', service = '', region = '', account = '', resource = ''] = match;
  if (service !== 'secretsmanager')
    throw fail(input, `expected a secretsmanager ARN, not ${service || 'empty'}`);
  if (!PARTITION.test(partition))
    throw fail(input, `'${partition}' is not an ARN partition (aws, aws-cn, …)`);
  if (!REGION.test(region)) throw fail(input, `'${region}' is not a Region (such as us-west-2)`);
  if (!ACCOUNT.test(account)) throw fail(input, `'${account}' is not a 12-digit account id`);
  if (!resource.startsWith('secret:')) throw fail(input, 'expected secret:<name> after the account');
  const prefix = `arn:${partition}:secretsmanager:${region}:${account}:secret:`;
  return parseFields(
    input,
    resource.slice('secret:'.length),
    prefix,
    { partition, region, account },
    jsonKeyOption,
  );
};

/**
 * Parses a secret named without an ARN, with ECS's fields: `prod/db:password::` (used by `secretsmanager:` env
 * references, where the secret is in the function's own account and Region).
 */
export const parseSecretName = (input: string, jsonKeyOption?: string): SecretReference =>
  parseFields(input, input, '', undefined, jsonKeyOption);

/**
 * Parses a `valueFrom`. Throws a `TypeError` naming it and what is wrong: an ARN of another service, a malformed
 * ARN, a stage Secrets Manager does not allow, a malformed parameter name.
 *
 * @param jsonKeyOption - a JSON key given separately (`NameSpec.jsonKey`); an error when the reference has one too.
 * @example
 * parseValueFrom('arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf:password::')
 * // → { service: 'secretsmanager', reference: { secretId: 'arn:…:secret:prod/db-AbCdEf', jsonKey: 'password', … } }
 * parseValueFrom('/myapp/prod/LOG_LEVEL') // → { service: 'ssm', reference: { name: '/myapp/prod/LOG_LEVEL', … } }
 */
export const parseValueFrom = (input: string, jsonKeyOption?: string): ValueFrom => {
  if (typeof input !== 'string' || input.length === 0) {
    throw new TypeError(`middy-ssm-env: invalid valueFrom '${String(input)}': expected a non-empty string.`);
  }
  if (input.startsWith('arn:')) {
    const service = ARN.exec(input)?.[2];
    if (service === 'secretsmanager') {
      return { service: 'secretsmanager', reference: parseSecretArn(input, jsonKeyOption) };
    }
    if (service !== 'ssm') {
      throw new TypeError(
        `middy-ssm-env: invalid valueFrom '${input}': unknown service '${service ?? ''}' (expected an ssm or secretsmanager ARN).`,
      );
    }
  }
  return { service: 'ssm', reference: parseReference(input, jsonKeyOption) };
};

/** True for a string that names a Secrets Manager secret by ARN (read natively). */
export const isSecretArn = (input: string): boolean => ARN.exec(input)?.[2] === 'secretsmanager';

/** True when a secret reference reads the current version, which `BatchGetSecretValue` can read with others. */
export const readsCurrentVersion = (reference: SecretReference): boolean =>
  reference.versionId === undefined &&
  (reference.versionStage === undefined || reference.versionStage === CURRENT);
