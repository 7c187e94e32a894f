/**
 * Option validation for tools that build options ahead (and Middy's name for it, `ssmValidateOptions`).
 */
import { buildConfig } from './config.js';

/**
 * Validates `ssmEnv` options exactly as `ssmEnv` does when it is created — shapes, references, names — and throws a
 * `TypeError` naming the first bad option and what was expected. Env references are read from `env`.
 */
export const ssmEnvValidateOptions = (options: unknown, env: NodeJS.ProcessEnv = process.env): void => {
  buildConfig(options, env);
};
