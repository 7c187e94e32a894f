/**
 * middy-ssm-env: ECS-style `valueFrom` for AWS Lambda. A Middy middleware that loads SSM Parameter Store values
 * (and Secrets Manager secrets through SSM) into `process.env`, `request.internal` or the context before the handler
 * runs, survives throttling, and refreshes without a redeploy.
 */
import { ssmEnv } from './middleware/ssmEnv.js';
import type { SsmParam } from './types.js';

export { clearCache, invalidateCache } from './cache/cacheRecord.js';
export type { StandardSchemaV1 } from './core/standardSchema.js';
export type { FailureCause, FailureReason, ParameterFailure } from './errors.js';
export {
  EnvNameError,
  NameCollisionError,
  ParameterResolutionError,
  type SchemaIssue,
  SchemaValidationError,
  SsmEnvError,
} from './errors.js';
export { ssmEnv } from './middleware/ssmEnv.js';
export { ssmEnvValidateOptions, ssmValidateOptions } from './middleware/validateOptions.js';
export type {
  CheckedOptions,
  Context,
  EcsSecret,
  FetchMetrics,
  FetchSpec,
  FetchSpecValue,
  Internal,
  LambdaContext,
  Logger,
  NameSpec,
  ParameterType,
  PathSpec,
  RetryOptions,
  SecretsManagerSdk,
  SsmEnvContext,
  SsmEnvHook,
  SsmEnvMiddleware,
  SsmEnvOptions,
  /** `@middy/ssm`'s name for {@link SsmEnvOptions}. */
  SsmEnvOptions as SSMOptions,
  SsmEnvRequest,
  SsmEnvValues,
  SsmParam,
  /** `@middy/ssm`'s name for {@link SsmParam}. */
  SsmParam as ParamType,
  ValueSchema,
} from './types.js';

/**
 * Marks a `fetchData` value with the type its parsed value will have in `request.internal` or the context (a hint for
 * TypeScript, as `ssmParam` in `@middy/ssm`); at run time it returns the name unchanged. A `schema` on the entry
 * checks the value instead of asserting it.
 *
 * @example
 * ```ts
 * const fetchData = { config: ssmParam<{ host: string }>('/myapp/prod/config') };
 * ```
 */
export const ssmParam = <T>(name: string): SsmParam<T> => name;

export default ssmEnv;
