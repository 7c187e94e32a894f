/**
 * `npx tsx examples/cdk/app.ts` synthesizes the stack into `examples/cdk/cdk.out` (or `$CDK_OUTDIR`), offline:
 * no Docker, no AWS account, no cdk CLI. To deploy, run `npx cdk deploy` here (cdk.json points at this file), with
 * CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION set by the CLI from your credentials.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { SsmEnvExampleStack } from './stack.js';

const here = dirname(fileURLToPath(import.meta.url));
const app = new App({ outdir: process.env.CDK_OUTDIR ?? join(here, 'cdk.out') });

new SsmEnvExampleStack(app, 'MiddySsmEnvExample', {
  // Example values, used when synthesizing outside the cdk CLI; the policy's ARNs are built from them.
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT || '123456789012',
    region: process.env.CDK_DEFAULT_REGION || 'us-east-1',
  },
  parametersKeyArn:
    process.env.PARAMETERS_KEY_ARN ??
    'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
});

const assembly = app.synth();
console.log(
  `Synthesized ${assembly.stacks.map((stack) => stack.templateFile).join(', ')} into ${assembly.directory}`,
);
