/**
 * How to bundle a handler for Lambda with esbuild, as `node_modules`-free ESM. The examples' tests and the CDK stack
 * use these options, so what the README recommends is what is tested.
 */
import type { BuildOptions } from 'esbuild';

/**
 * esbuild's ESM output has no `require`. The AWS SDK's bundled CommonJS code calls `require('node:https')`, which
 * esbuild turns into a stub that throws `Dynamic require of "node:https" is not supported` when the module loads.
 * This banner gives the bundle a real `require`, so bundled CommonJS dependencies load as they do under Node.
 */
export const ESM_REQUIRE_SHIM =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** The Node.js version Lambda runs the bundle on (nodejs22.x and nodejs24.x are Lambda's supported Node runtimes). */
export const LAMBDA_NODE_TARGET = 'node22';

export interface LambdaBundle {
  readonly entry: string;
  readonly outfile: string;
  /**
   * `external`: leave `@aws-sdk/*` to the runtime, which ships SDK v3 (the smallest bundle, the runtime's SDK
   * version). `bundled`: ship your own SDK version inside the bundle (needs {@link ESM_REQUIRE_SHIM}).
   */
  readonly sdk: 'external' | 'bundled';
  /** Leave out the require shim (only to show why a bundled SDK needs it). @default true */
  readonly requireShim?: boolean;
}

/** esbuild options for a Lambda handler: one ESM file (`.mjs`), Node platform, the SDK external or bundled. */
export const lambdaBuildOptions = ({
  entry,
  outfile,
  sdk,
  requireShim = true,
}: LambdaBundle): BuildOptions => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: LAMBDA_NODE_TARGET,
  ...(sdk === 'external' ? { external: ['@aws-sdk/*'] } : {}),
  ...(requireShim ? { banner: { js: ESM_REQUIRE_SHIM } } : {}),
  logLevel: 'warning',
});
