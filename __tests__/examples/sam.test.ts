/**
 * The SAM example (examples/sam/template.yaml): its generated blocks are what `middy-ssm-env plan --format sam` and
 * `policy` print today; parsed as YAML it is the same function as the Terraform example (environment and policy),
 * built with esbuild the way README "Bundling" recommends.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { ESM_REQUIRE_SHIM, LAMBDA_NODE_TARGET } from '../../examples/bundling/esbuild.js';
import { markedCommands, regenerate, runCli } from '../../examples/generatedBlocks.js';
import type { LocalSsm } from '../../src/testing.js';
import { fieldCaseSeed } from '../fixtures/fieldCase.js';
import { startServer } from '../helpers/harness.js';
import { REPO_ROOT } from './helpers.js';

const TEMPLATE = join(REPO_ROOT, 'examples/sam/template.yaml');

interface SamFunction {
  readonly Type: string;
  readonly Metadata: { BuildMethod: string; BuildProperties: Record<string, unknown> };
  readonly Properties: {
    CodeUri: string;
    Handler: string;
    Runtime: string;
    Policies: unknown[];
    Environment: { Variables: Record<string, string> };
  };
}

let text: string;
let orders: SamFunction;
let server: LocalSsm;

beforeAll(async () => {
  text = await readFile(TEMPLATE, 'utf8');
  orders = (parse(text) as { Resources: { Orders: SamFunction } }).Resources.Orders;
  server = await startServer(fieldCaseSeed());
});

afterAll(() => server.close());

/** The plan and policy the Terraform example marks, printed in `format`. */
const terraformBlock = async (command: 'plan' | 'policy', format: string): Promise<string[]> => {
  const tf = await readFile(join(REPO_ROOT, 'examples/terraform/main.tf'), 'utf8');
  const marked = markedCommands(tf).find((entry) => entry.command === command);
  const args = (marked?.args ?? []).map((arg) => (arg === 'terraform' ? format : arg));
  return runCli(command, args, server.endpoint);
};

describe('SAM example (examples/sam/template.yaml)', () => {
  it('holds exactly what the marked plan and policy commands print now', async () => {
    expect(markedCommands(text).map((marked) => marked.command)).toEqual(['policy', 'plan']);

    expect(await regenerate(text, server.endpoint)).toBe(text);
  });

  it('is the Terraform example’s function: the same environment, the same policy', async () => {
    const tf = await readFile(join(REPO_ROOT, 'examples/terraform/main.tf'), 'utf8');
    const byHand = ['DB_USER'];
    const planned = parse((await terraformBlock('plan', 'sam')).join('\n')) as {
      Environment: { Variables: Record<string, string> };
    };
    const policy = JSON.parse((await terraformBlock('policy', 'json')).join('\n'));

    expect(orders.Properties.Environment.Variables).toEqual({
      ...Object.fromEntries(byHand.map((name) => [name, expect.any(String)])),
      ...planned.Environment.Variables,
    });
    for (const name of byHand)
      expect(tf).toContain(`${name} = "${orders.Properties.Environment.Variables[name]}"`);
    expect(orders.Properties.Policies).toEqual(['AWSLambdaBasicExecutionRole', policy]);
  });

  it('builds ESM with esbuild, the SDK external and the require shim, for Node.js 24', () => {
    expect(orders.Type).toBe('AWS::Serverless::Function');
    expect(orders.Properties).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'handler.handler' });
    expect(existsSync(join(REPO_ROOT, 'examples/sam', orders.Properties.CodeUri, 'handler.ts'))).toBe(true);
    expect(orders.Metadata).toEqual({
      BuildMethod: 'esbuild',
      BuildProperties: {
        EntryPoints: ['handler.ts'],
        Format: 'esm',
        OutExtension: ['.js=.mjs'],
        Target: LAMBDA_NODE_TARGET,
        External: ['@aws-sdk/*'],
        Banner: [`js=${ESM_REQUIRE_SHIM}`],
      },
    });
  });
});
