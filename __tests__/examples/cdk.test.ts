/**
 * The CDK example, synthesized as `npm run examples` does (offline: local esbuild, no Docker, no cdk CLI), then
 * checked from the template: the function, its runtime and references, a least-privilege role whose policy is
 * exactly what `npx middy-ssm-env policy` writes for those references — and the bundled asset itself, started in a
 * fresh Node process with the template's environment against the local server.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildPolicy } from 'middy-ssm-env/policy';
import type { LocalSsm } from '../../src/testing.js';
import { startServer } from '../helpers/harness.js';
import { registerSecret } from '../helpers/leakRegistry.js';
import { bundleDirectory, invokeBundle, REPO_ROOT, type TemporaryDirectory } from './helpers.js';

const run = promisify(execFile);
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

interface Resource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: unknown;
}

let outdir: TemporaryDirectory;
let resources: Resource[];

const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);
const theFunction = () => ofType('AWS::Lambda::Function')[0]?.Properties ?? {};
const functionEnvironment = () =>
  (theFunction().Environment as { Variables: Record<string, string> }).Variables;
const inlineStatements = (): Statement[] =>
  ofType('AWS::IAM::Policy').flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );

beforeAll(async () => {
  outdir = await bundleDirectory(); // its node_modules stands in for the runtime's SDK when the asset runs
  // tsx on this process's Node (not the one on PATH), so a run on Node 24 synthesizes on Node 24.
  await run(process.execPath, [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'examples/cdk/app.ts'], {
    cwd: REPO_ROOT,
    // The example's account and Region, whatever the machine's CDK defaults.
    env: { PATH: process.env.PATH ?? '', CDK_OUTDIR: outdir.path },
  });
  const template = JSON.parse(await readFile(join(outdir.path, 'MiddySsmEnvExample.template.json'), 'utf8'));
  resources = Object.values(template.Resources as Record<string, Resource>);
}, 120_000);

afterAll(() => outdir.remove());

describe('CDK example (examples/cdk)', () => {
  it('deploys one Node.js 24 function, bundled as ESM, with references and fleet hints in its environment', () => {
    expect(ofType('AWS::Lambda::Function')).toHaveLength(1);
    expect(theFunction()).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler' });
    expect(functionEnvironment()).toEqual({
      DATABASE_PASSWORD: 'ssm:/myapp/prod/secrets/database-password',
      DB_HOST: 'ssm:/myapp/prod/config/db-host',
      DB_USER: 'secretsmanager:prod/db#username',
      LOG_LEVEL: 'info',
      MIDDY_SSM_ENV_FLEET_SIZE: '25',
      MIDDY_SSM_ENV_QUOTA_TPS: '40',
    });
  });

  it('grants exactly what `middy-ssm-env policy` writes for the references in the environment', () => {
    const references = Object.values(functionEnvironment()).filter((value) =>
      /^(ssm|secretsmanager):/.test(value),
    );
    const expected = buildPolicy({
      targets: references,
      scope: { partition: 'aws', region: 'us-east-1', account: '123456789012' },
      kmsKeys: [KEY_ARN],
      manifest: false,
    });

    const normalized = inlineStatements().map((statement) => ({
      ...statement,
      Action: asList(statement.Action),
      Resource: asList(statement.Resource),
    }));

    expect(normalized).toEqual(expected.Statement);
  });

  it('is least privilege: named actions on named resources, KMS only through SSM and Secrets Manager', () => {
    const statements = inlineStatements();
    const actions = statements.flatMap((statement) => asList(statement.Action));

    expect(actions.sort()).toEqual(['kms:Decrypt', 'secretsmanager:GetSecretValue', 'ssm:GetParameters']);
    for (const statement of statements) {
      expect(asList(statement.Action).some((action) => action.includes('*'))).toBe(false);
      expect(asList(statement.Resource)).not.toContain('*');
      expect(asList(statement.Resource).every((arn) => arn.startsWith('arn:aws:'))).toBe(true);
    }
    expect(statements.find((statement) => statement.Sid === 'DecryptSecureStrings')?.Condition).toEqual({
      StringEquals: {
        'kms:ViaService': ['ssm.us-east-1.amazonaws.com', 'secretsmanager.us-east-1.amazonaws.com'],
      },
    });
    const role = ofType('AWS::IAM::Role')[0]?.Properties;
    expect(ofType('AWS::IAM::Role')).toHaveLength(1);
    expect(JSON.stringify(role?.ManagedPolicyArns)).toContain('service-role/AWSLambdaBasicExecutionRole');
    expect(role?.Policies).toBeUndefined();
  });

  describe('the synthesized asset', () => {
    let server: LocalSsm;

    beforeAll(async () => {
      server = await startServer({
        parameters: [
          {
            name: '/myapp/prod/secrets/database-password',
            value: registerSecret('cdk-db-password'),
            type: 'SecureString',
          },
          { name: '/myapp/prod/config/db-host', value: 'db.internal' },
        ],
        secrets: [
          {
            name: 'prod/db',
            value: JSON.stringify({ username: 'orders', password: registerSecret('cdk-sm-pw') }),
          },
        ],
      });
    });

    afterAll(() => server.close());

    it('starts with the template’s environment and resolves every reference', async () => {
      const hash = String((theFunction().Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');

      const response = await invokeBundle(join(outdir.path, `asset.${hash}`, 'index.mjs'), {
        ...functionEnvironment(),
        AWS_ENDPOINT_URL_SSM: server.endpoint,
      });

      expect(response.stderr).toBe('');
      expect(JSON.parse(response.stdout)).toEqual({
        statusCode: 200,
        body: JSON.stringify({ resolved: ['DATABASE_PASSWORD', 'DB_HOST', 'DB_USER'], logLevel: 'info' }),
      });
    });
  });
});
