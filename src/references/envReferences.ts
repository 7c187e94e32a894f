/**
 * References written into the function's own environment — the Lambda `valueFrom` AWS never shipped:
 * `DATABASE_PASSWORD=ssm:/myapp/prod/database-password` is replaced by the parameter's value before the handler runs.
 *
 * Accepted forms (anything else is left alone, so ordinary configuration is never mistaken for a reference):
 * - `ssm:/myapp/prod/db-password`, `ssm:///myapp/prod/db-password` (remind101/ssm-env style), `ssm:plain-name`
 * - `ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shared/key`, selectors (`ssm:/x:3`, `ssm:/x:prod`)
 * - `secretsmanager:prod/db#password`, short for `ssm:/aws/reference/secretsmanager/prod/db#password`
 */
import { type ParameterReference, parseReference, SECRETS_MANAGER_PREFIX } from './parseReference.js';

const SSM_SCHEME = 'ssm:';
const SECRETS_MANAGER_SCHEME = 'secretsmanager:';

/** An environment variable whose value is a reference. */
export interface EnvReference {
  readonly variable: string;
  readonly reference: ParameterReference;
}

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
 * Finds every reference in an environment. A malformed reference throws a `TypeError` naming the variable (its
 * value is a reference, not a secret, so it may be shown).
 */
export const findEnvReferences = (env: NodeJS.ProcessEnv): EnvReference[] => {
  const found: EnvReference[] = [];
  for (const [variable, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const inner = unwrapEnvReference(value);
    if (inner === undefined) continue;
    try {
      found.push({ variable, reference: parseReference(inner) });
    } catch (error) {
      throw new TypeError(`middy-ssm-env: environment variable ${variable} holds a malformed reference.`, {
        cause: error,
      });
    }
  }
  return found;
};
