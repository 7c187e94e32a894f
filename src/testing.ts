/**
 * `middy-ssm-env/testing`: a local SSM Parameter Store server for tests and benchmarks.
 * @packageDocumentation
 */
export * from './server/index.js';
