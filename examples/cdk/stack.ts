/**
 * A Lambda function whose environment holds SSM / Secrets Manager references, and a role allowed to read exactly
 * those. The policy comes from `middy-ssm-env/policy` (the code behind `npx middy-ssm-env policy`), fed with the same
 * environment, so the function and its permissions cannot drift apart.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { ManagedPolicy, Policy, PolicyDocument, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { buildPolicy, partitionOfRegion } from 'middy-ssm-env/policy';
import { ESM_REQUIRE_SHIM } from '../bundling/esbuild.js';

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = join(here, '../..');

/** What the function loads: references resolved at run time, plain values left as they are. */
export const FUNCTION_ENVIRONMENT = {
  DATABASE_PASSWORD: 'ssm:/myapp/prod/secrets/database-password',
  DB_HOST: 'ssm:/myapp/prod/config/db-host',
  DB_USER: 'secretsmanager:prod/db#username', // short for ssm:/aws/reference/secretsmanager/prod/db#username
  LOG_LEVEL: 'info', // not a reference: left alone
  // Fleet hints for the retry layer's pacing: functions that cold-start together, and the account's SSM quota.
  MIDDY_SSM_ENV_FLEET_SIZE: '25',
  MIDDY_SSM_ENV_QUOTA_TPS: '40',
} as const;

/** The values that are references, as `npx middy-ssm-env policy` takes them. */
const referencesIn = (environment: Readonly<Record<string, string>>): string[] =>
  Object.values(environment).filter((value) => /^(ssm|secretsmanager):/.test(value));

export interface SsmEnvExampleStackProps extends StackProps {
  /** The customer managed KMS key of the SecureStrings; leave out for the AWS managed key `aws/ssm`. */
  readonly parametersKeyArn?: string;
}

export class SsmEnvExampleStack extends Stack {
  constructor(scope: Construct, id: string, props: SsmEnvExampleStackProps) {
    super(scope, id, props);
    const region = props.env?.region;
    const account = props.env?.account;
    if (!region || !account) {
      throw new Error('SsmEnvExampleStack needs env.region and env.account: the policy names exact ARNs');
    }
    const policy = buildPolicy({
      targets: referencesIn(FUNCTION_ENVIRONMENT),
      scope: { partition: partitionOfRegion(region), region, account },
      kmsKeys: props.parametersKeyArn ? [props.parametersKeyArn] : [],
    });

    const role = new Role(this, 'OrdersRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    role.attachInlinePolicy(
      new Policy(this, 'ReadParameters', { document: PolicyDocument.fromJson(policy) }),
    );

    new NodejsFunction(this, 'Orders', {
      entry: join(here, 'handler.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      // Room for the init-phase prefetch (capped at 9 s) plus the handler.
      timeout: Duration.seconds(15),
      role,
      environment: FUNCTION_ENVIRONMENT,
      projectRoot: repositoryRoot,
      depsLockFilePath: join(repositoryRoot, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false, // the project's own esbuild, no Docker
        format: OutputFormat.ESM,
        externalModules: ['@aws-sdk/*'], // the runtime provides SDK v3
        banner: ESM_REQUIRE_SHIM, // harmless here; needed as soon as a bundled dependency calls require()
        // In this repository `middy-ssm-env` resolves to its sources; an installed package needs no tsconfig.
        tsconfig: join(repositoryRoot, 'tsconfig.json'),
      },
    });
  }
}
