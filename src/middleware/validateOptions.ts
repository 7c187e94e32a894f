/**
 * Option validation for tools that build options ahead (and Middy's name for it, `ssmValidateOptions`).
 */
import { withPackageCause } from '../errors.js';
import { buildConfig } from './config.js';

/**
 * Validates `ssmEnv` options exactly as `ssmEnv` does when it is created — shapes, references, names — and throws a
 * `TypeError` naming the first bad option and what was expected, with Middy's `cause: { package }`. Env references
 * are read from `env`.
 */
export const ssmEnvValidateOptions = (options: unknown = {}, env: NodeJS.ProcessEnv = process.env): void => {
  withPackageCause(() => buildConfig(options, env));
};

/** `@middy/ssm`'s name for {@link ssmEnvValidateOptions}, so a switched import keeps working. */
export const ssmValidateOptions = ssmEnvValidateOptions;
