/**
 * How parameter names become environment variable names, and which names Lambda reserves.
 */

/**
 * Lambda's reserved environment variables (Lambda developer guide, "Defined runtime environment variables"), plus
 * every `AWS_*` / `LAMBDA_*` / `_X_AMZN_*` name. Replacing any of them at run time breaks the runtime or the SDK.
 */
const RESERVED_NAMES = new Set(['_HANDLER', '_X_AMZN_TRACE_ID', 'TZ']);
const RESERVED_PREFIXES = ['AWS_', 'LAMBDA_', '_X_AMZN_', '_AWS_'];

/** A conventional environment variable name: a letter or `_` first, then letters, digits and `_`. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when Lambda reserves `name`: writing it at run time is refused. */
export const isReservedEnvName = (name: string): boolean =>
  RESERVED_NAMES.has(name) || RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix));

/** True when `name` is usable as an environment variable name. */
export const isValidEnvName = (name: string): boolean => ENV_NAME.test(name);

/**
 * The default mapping from a parameter under a path to an environment variable name: the part of the name after
 * the path, upper-cased, with every run of characters other than letters and digits turned into `_`, and a leading
 * `_` added when it would start with a digit.
 *
 * @example
 * defaultEnvName('/myapp/prod/secrets/database-password', '/myapp/prod/secrets/') // → 'DATABASE_PASSWORD'
 * defaultEnvName('/myapp/prod/db/host', '/myapp/prod/', 'APP_') // → 'APP_DB_HOST'
 */
export const defaultEnvName = (parameterName: string, path: string, prefix = ''): string => {
  const suffix = relativeName(parameterName, path);
  const words = suffix
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  const name = `${prefix}${words}`;
  return /^[0-9]/.test(name) ? `_${name}` : name;
};

/** The part of a parameter's name below a path (`/a/b/` + `/a/b/c/d` → `c/d`). */
export const relativeName = (parameterName: string, path: string): string =>
  parameterName.startsWith(path) ? parameterName.slice(path.length) : parameterName.replace(/^\/+/, '');

/**
 * Middy's key sanitizer, kept for `request.internal` and the context so migrating from `@middy/ssm` changes nothing:
 * non-alphanumeric runs become `_`, a leading digit gets a `_`, case is kept.
 */
export const sanitizeKey = (key: string): string =>
  key.replace(/^([0-9])/, '_$1').replace(/[^a-zA-Z0-9]+/g, '_');
