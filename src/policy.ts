/**
 * `middy-ssm-env/policy`: the least-privilege IAM policy for what the middleware reads — the code behind
 * `npx middy-ssm-env policy` — for infrastructure code (AWS CDK, Pulumi) that builds a function's role from the same
 * references as its environment, so the two cannot drift apart. For deploy time: the middleware never imports it.
 *
 * @example
 * ```ts
 * import { buildPolicy, partitionOfRegion } from 'middy-ssm-env/policy';
 *
 * const policy = buildPolicy({
 *   targets: ['ssm:/myapp/prod/secrets/database-password', 'secretsmanager:prod/db#username', '/myapp/prod/config/'],
 *   scope: { partition: partitionOfRegion('us-east-1'), region: 'us-east-1', account: '123456789012' },
 * });
 * role.attachInlinePolicy(new Policy(this, 'ReadParameters', { document: PolicyDocument.fromJson(policy) }));
 * ```
 * @packageDocumentation
 */
export {
  buildPolicy,
  type PolicyDocument,
  type PolicyInput,
  type PolicyScope,
  type PolicyStatement,
  partitionOfRegion,
} from './cli/policy/buildPolicy.js';
