/**
 * Whether an IAM policy allows an action on a resource, with IAM's `*` and `?` wildcards — enough to check that a
 * generated policy covers every parameter a function references, independently of how the policy was written.
 */
export interface AllowStatement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
}

const asList = (value: string | readonly string[]): readonly string[] =>
  typeof value === 'string' ? [value] : value;

const wildcardMatches = (pattern: string, text: string): boolean => {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(text);
};

export const allows = (statements: readonly AllowStatement[], action: string, resource: string): boolean =>
  statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      asList(statement.Action).some((pattern) => wildcardMatches(pattern, action)) &&
      asList(statement.Resource).some((pattern) => wildcardMatches(pattern, resource)),
  );

const ARN = 'arn:aws:ssm:us-east-1:123456789012:parameter';

/**
 * The calls the middleware makes for an `ssm:` / `secretsmanager:` reference or a parameter name, as
 * `[action, resource]` pairs (the example account and Region).
 */
export const callsFor = (referenceOrName: string): Array<[string, string]> => {
  const secret = /^secretsmanager:([^#:]+)/.exec(referenceOrName)?.[1];
  if (secret) {
    return [
      ['ssm:GetParameters', `${ARN}/aws/reference/secretsmanager/${secret}`],
      // Secrets Manager appends six random characters to a secret's ARN.
      [
        'secretsmanager:GetSecretValue',
        `arn:aws:secretsmanager:us-east-1:123456789012:secret:${secret}-AbC123`,
      ],
    ];
  }
  const name = referenceOrName.replace(/^ssm:/, '').replace(/#.*$/, '');
  return [['ssm:GetParameters', `${ARN}${name}`]];
};
