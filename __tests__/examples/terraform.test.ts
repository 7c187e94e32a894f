/**
 * The Terraform example (examples/terraform/main.tf): its generated blocks are what `middy-ssm-env plan` and
 * `policy` print today, its manifest is the plan's, the policy covers every reference and manifest name, the
 * environment fits Lambda's 4 KB, and the function started with that environment ends with all 130 values.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  manifestFor,
  markedCommands,
  regenerate,
  runCli,
  terraformPlanArgs,
} from '../../examples/generatedBlocks.js';
import { type FieldCaseFunction, startFieldCaseFunction } from './fieldCaseFunction.js';
import { REPO_ROOT } from './helpers.js';
import { type AllowStatement, allows, callsFor } from './policyCoverage.js';

const MAIN_TF = join(REPO_ROOT, 'examples/terraform/main.tf');

/** An HCL quoted string as `hclString` writes it (JSON escapes, `${` and `%{` doubled). */
const hclValue = (quoted: string): string =>
  JSON.parse(quoted.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')) as string;

/** The `NAME = "value"` lines of the function's `environment { variables = { … } }`. */
const environmentOf = (tf: string): Record<string, string> => {
  const block = /environment \{\n\s+variables = \{\n([\s\S]*?)\n\s+\}\n\s+\}/.exec(tf)?.[1] ?? '';
  const variables: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s+=\s+(".*")$/.exec(line);
    if (match) variables[match[1] as string] = hclValue(match[2] as string);
  }
  return variables;
};

let tf: string;
let fn: FieldCaseFunction;

beforeAll(async () => {
  tf = await readFile(MAIN_TF, 'utf8');
  fn = await startFieldCaseFunction();
});

afterAll(() => fn.close());

describe('Terraform example (examples/terraform/main.tf)', () => {
  it('holds exactly what the marked plan and policy commands print now', async () => {
    expect(markedCommands(tf).map((marked) => marked.command)).toEqual(['policy', 'plan']);

    expect(await regenerate(tf, fn.server.endpoint)).toBe(tf);
  });

  it('ships the manifest of that plan', async () => {
    const manifest = await readFile(join(REPO_ROOT, 'examples/field-case-function/manifest.json'), 'utf8');

    expect(manifest).toBe(await manifestFor(await terraformPlanArgs(), fn.server.endpoint));
  });

  it('deploys a Node.js 24 function whose environment fits Lambda’s 4,096 bytes, fleet hints included', () => {
    const environment = environmentOf(tf);
    const bytes = Object.entries(environment).reduce(
      (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
      0,
    );

    expect(tf).toContain('runtime          = "nodejs24.x"');
    expect(environment).toMatchObject({ MIDDY_SSM_ENV_FLEET_SIZE: '25' });
    expect(Object.keys(environment)).toHaveLength(81);
    expect(bytes).toBeLessThanOrEqual(4096);
  });

  it('grants every call the function makes, and no GetParametersByPath', async () => {
    const policy = markedCommands(tf).find((marked) => marked.command === 'policy');
    const asJson = (policy?.args ?? []).map((arg) => (arg === 'terraform' ? 'json' : arg));
    const { Statement } = JSON.parse((await runCli('policy', asJson, fn.server.endpoint)).join('\n')) as {
      Statement: AllowStatement[];
    };
    const manifest = JSON.parse(
      await readFile(join(REPO_ROOT, 'examples/field-case-function/manifest.json'), 'utf8'),
    ) as string[];
    const references = Object.values(environmentOf(tf)).filter((value) =>
      /^(ssm|secretsmanager):/.test(value),
    );

    const calls = [...references, ...manifest].flatMap(callsFor);

    expect(references).toHaveLength(41);
    expect(calls.filter(([action, resource]) => !allows(Statement, action, resource))).toEqual([]);
    expect(
      allows(Statement, 'ssm:GetParametersByPath', 'arn:aws:ssm:us-east-1:123456789012:parameter/myapp/prod'),
    ).toBe(false);
  });

  it('starts with that environment and ends with every one of the 130 values', async () => {
    const { response, env } = await fn.run(environmentOf(tf));

    expect(response).toEqual({
      statusCode: 200,
      body: JSON.stringify({ databaseHost: 'db-0.prod.internal.example.com', databasePasswordSet: true }),
    });
    expect(env).toMatchObject(fn.expectedDigests());
    expect(Object.keys(fn.expectedDigests())).toHaveLength(131);
  });
});
