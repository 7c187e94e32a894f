/**
 * middy-ssm-env: ECS-style `valueFrom` for AWS Lambda. A Middy middleware that loads SSM Parameter Store values
 * (and Secrets Manager secrets through SSM) into `process.env`, `request.internal` or the context before the handler
 * runs, survives throttling, and refreshes without a redeploy.
 */
import { ssmEnv } from './middleware/ssmEnv.js';

export { clearCache, invalidateCache } from './cache/cacheRecord.js';
export type { FailureCause, FailureReason, ParameterFailure } from './errors.js';
export { EnvNameError, NameCollisionError, ParameterResolutionError, SsmEnvError } from './errors.js';
export { ssmEnv } from './middleware/ssmEnv.js';
export { ssmEnvValidateOptions, ssmValidateOptions } from './middleware/validateOptions.js';
export type {
  EcsSecret,
  FetchMetrics,
  FetchSpec,
  Logger,
  NameSpec,
  PathSpec,
  RetryOptions,
  SsmEnvMiddleware,
  SsmEnvOptions,
  SsmEnvRequest,
} from './types.js';

/**
 * Marks a `fetchData` value with the type its parsed value will have in `request.internal` or the context (a hint for
 * TypeScript, as `ssmParam` in `@middy/ssm`); at run time it returns the name unchanged.
 *
 * @example
 * ```ts
 * const fetchData = { config: ssmParam<{ host: string }>('/myapp/prod/config') };
 * ```
 */
export const ssmParam = <T>(name: string): SsmParam<T> => name as SsmParam<T>;

/** A parameter name carrying the type of its value (see {@link ssmParam}). */
export type SsmParam<T> = string & { readonly __valueType?: T };

/** The values `fetchData` puts in `request.internal` / the context, typed from {@link ssmParam} hints. */
export type SsmEnvValues<TFetchData extends Record<string, unknown>> = {
  [K in keyof TFetchData]: TFetchData[K] extends SsmParam<infer T>
    ? unknown extends T
      ? unknown
      : T
    : unknown;
};

export default ssmEnv;
