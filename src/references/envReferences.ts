/**
 * References written into the function's own environment — the Lambda `valueFrom` AWS never shipped:
 * `DATABASE_PASSWORD=ssm:/myapp/prod/database-password` is replaced by the parameter's value before the handler runs.
 *
 * Accepted forms (anything else is left alone, so ordinary configuration is never mistaken for a reference):
 * - `ssm:/myapp/prod/db-password`, `ssm:///myapp/prod/db-password` (remind101/ssm-env style), `ssm:plain-name`
 * - `ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shared/key`, selectors (`ssm:/x:3`, `ssm:/x:prod`)
 * - `secretsmanager:prod/db#password`, short for `ssm:/aws/reference/secretsmanager/prod/db#password` (read through
 *   Parameter Store, as before), and `secretsmanager:prod/db:AWSPREVIOUS`
 * - ECS's syntax, read from Secrets Manager natively: `secretsmanager:prod/db:password::` (a name followed by ECS's
 *   `:json-key:version-stage:version-id` — at least two colons, which is what tells it from the `:stage` form above),
 *   or `secretsmanager:arn:aws:secretsmanager:…:secret:prod/db-AbCdEf:password::`
 */
import { parseReference, SECRETS_MANAGER_PREFIX } from './parseReference.js';
import { parseSecretArn, parseSecretName, type ValueFrom } from './parseValueFrom.js';

const SSM_SCHEME = 'ssm:';
const SECRETS_MANAGER_SCHEME = 'secretsmanager:';

/** An environment variable whose value is a reference: to a parameter (`ssm`) or to a secret read natively. */
export type EnvReference = { readonly variable: string } & ValueFrom;

/** True for the part after `secretsmanager:` written in ECS's field syntax (two or more colons, no `#key`). */
const isEcsSecretSyntax = (rest: string): boolean => !rest.includes('#') && rest.split(':').length >= 3;

/** Returns the reference string inside an env value, or undefined when the value is not a reference. */
export const unwrapEnvReference = (value: string): string | undefined => {
  if (value.startsWith(SSM_SCHEME)) {
    const rest = value.slice(SSM_SCHEME.length);
    return rest.startsWith('//') ? rest.slice(2) : rest;
  }
  if (value.startsWith(SECRETS_MANAGER_SCHEME)) {
    return `${SECRETS_MANAGER_PREFIX}${value.slice(SECRETS_MANAGER_SCHEME.length)}`;
  }
  return undefined;
};

/**
 * Parses an env value: the reference it holds, or undefined when it is not one. Throws a `TypeError` for a malformed
 * reference.
 */
export const parseEnvReference = (value: string): ValueFrom | undefined => {
  if (value.startsWith(SECRETS_MANAGER_SCHEME)) {
    const rest = value.slice(SECRETS_MANAGER_SCHEME.length);
    if (rest.startsWith('arn:')) return { service: 'secretsmanager', reference: parseSecretArn(rest) };
    if (isEcsSecretSyntax(rest)) return { service: 'secretsmanager', reference: parseSecretName(rest) };
  }
  const inner = unwrapEnvReference(value);
  return inner === undefined ? undefined : { service: 'ssm', reference: parseReference(inner) };
};

/**
 * Finds every reference in an environment. A malformed reference throws a `TypeError` naming the variable (its
 * value is a reference, not a secret, so it may be shown).
 */
export const findEnvReferences = (env: NodeJS.ProcessEnv): EnvReference[] => {
  const found: EnvReference[] = [];
  for (const [variable, value] of Object.entries(env)) {
    if (value === undefined) continue;
    try {
      const parsed = parseEnvReference(value);
      if (parsed) found.push({ variable, ...parsed });
    } catch (error) {
      const why = error instanceof Error ? error.message.replace(/^middy-ssm-env: /, '') : String(error);
      throw new TypeError(
        `middy-ssm-env: environment variable ${variable} holds a malformed reference: ${why}`,
        {
          cause: error,
        },
      );
    }
  }
  return found;
};
