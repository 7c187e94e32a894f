/**
 * True where an init phase exists: inside Lambda (or an emulator of its runtime API). Anywhere else — a test, a
 * script — nothing runs between importing a handler and invoking it, so a fetch started at import would only run
 * before the test had set its endpoint, and could reach AWS with whatever credentials the shell holds. Both variables
 * are required: a test that sets `AWS_LAMBDA_FUNCTION_NAME` for a logger does not make a runtime API.
 */
export const hasInitPhase = (env: NodeJS.ProcessEnv): boolean =>
  Boolean(env.AWS_LAMBDA_FUNCTION_NAME) && Boolean(env.AWS_LAMBDA_RUNTIME_API);
