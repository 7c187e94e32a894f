/**
 * `middy-ssm-env/testing`: a local SSM Parameter Store and Secrets Manager server (one port, AWS JSON 1.1, the real
 * SDK clients) for tests and benchmarks.
 * @packageDocumentation
 */
export * from './server/index.js';
