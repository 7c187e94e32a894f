import { buildPlan, type PlanInput } from '../../src/cli/plan/buildPlan.js';
import { renderSamEnvironment, renderTerraformEnvironment } from '../../src/cli/plan/renderEnvironment.js';
import { FIELD_CASE, fieldCaseSeed, secretValuesOf } from '../fixtures/fieldCase.js';

const seed = fieldCaseSeed();

const fieldCaseInput = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  path: FIELD_CASE.prefix,
  parameters: seed.parameters.map((parameter) => ({
    name: parameter.name,
    type: parameter.type ?? 'String',
    value: parameter.value,
  })),
  functions: FIELD_CASE.functions,
  throughput: 'standard',
  secretsVia: 'references',
  reserveBytes: 0,
  ...overrides,
});

describe('buildPlan on the field case (130 parameters, 40 secrets, 25 functions)', () => {
  const plan = buildPlan(fieldCaseInput());

  it('counts secrets and plain config', () => {
    expect(plan.counts).toEqual({
      parameters: 130,
      secrets: 40,
      plain: 90,
      byType: { String: 86, StringList: 4, SecureString: 40 },
    });
  });

  it('costs 13 ByPath pages per cold start now, 325 a deploy: 7.13 s of the 40/s quota', () => {
    expect(plan.calls.now).toMatchObject({
      api: 'GetParametersByPath',
      callsPerColdStart: 13,
      callsPerDeploy: 325,
      quotaSeconds: 7.13,
      fitsInit: true,
    });
  });

  it('fits 40 secret references (3,008 bytes), the fleet hint (26 bytes) and the 40 smallest plain values (1,044 bytes) into 4,078 of 4,096 bytes', () => {
    expect(plan.envBudget).toMatchObject({
      limit: 4096,
      usedBytes: 4078,
      fits: true,
      secretReferences: { count: 40, bytes: 3008 },
      plainConfig: { count: 90, bytes: 5750 },
      kept: { count: 40, bytes: 1044 },
      left: { count: 50, bytes: 4706 },
    });
    expect(plan.environment).toHaveLength(81);
    expect(plan.envBudget.left.variables[0]).toEqual({
      envName: 'NOTIFICATIONS_FEATURE_ROLLOUT',
      parameter: '/myapp/prod/notifications/feature-rollout',
      bytes: 223,
    });
  });

  it('fetches the 40 secrets and 50 leftovers by name after the split: 9 GetParameters calls, 4.63 s a deploy', () => {
    expect(plan.fetchedByName).toHaveLength(90);
    expect(plan.manifestNames).toHaveLength(50);
    expect(plan.calls.afterSplit).toMatchObject({
      api: 'GetParameters',
      callsPerColdStart: 9,
      callsPerDeploy: 225,
      quotaSeconds: 4.63,
    });
  });

  it('saves 4 calls by bundling the leftovers into 2 standard (or 1 advanced) JSON parameters', () => {
    expect(
      plan.bundling.map(({ tier, bundles, alone, callsPerColdStart, savesCalls }) => ({
        tier,
        bundles,
        alone,
        callsPerColdStart,
        savesCalls,
      })),
    ).toEqual([
      { tier: 'standard', bundles: 2, alone: 0, callsPerColdStart: 5, savesCalls: 4 },
      { tier: 'advanced', bundles: 1, alone: 0, callsPerColdStart: 5, savesCalls: 4 },
    ]);
    expect(plan.calls.withBundles).toMatchObject({
      callsPerColdStart: 5,
      callsPerDeploy: 125,
      quotaSeconds: 2.13,
    });
  });

  it('writes secrets as ssm: references named as the middleware names them under the path', () => {
    expect(plan.environment).toContainEqual({
      name: 'SECRETS_DATABASE_PASSWORD',
      value: 'ssm:/myapp/prod/secrets/database-password',
      parameter: '/myapp/prod/secrets/database-password',
    });
  });

  it('compares with secrets in a manifest: 79 plain values fit beside the fleet hint and 6 calls remain', () => {
    expect(plan.alternative).toEqual({ secretsVia: 'manifest', callsPerColdStart: 6, keptPlain: 79 });
  });

  it('never holds a SecureString value', () => {
    const text =
      JSON.stringify(plan) +
      renderTerraformEnvironment(plan).join('\n') +
      renderSamEnvironment(plan).join('\n');

    for (const secret of secretValuesOf(seed)) expect(text).not.toContain(secret);
  });
});

describe('buildPlan with the fleet hint', () => {
  it('spends 26 bytes on MIDDY_SSM_ENV_FLEET_SIZE for 25 functions, none for one', () => {
    const single = buildPlan(fieldCaseInput({ functions: 1 }));

    expect(single.fleetHint).toBeUndefined();
    expect(single.envBudget.kept.count).toBe(41);
    expect(plan25().environment).toContainEqual({ name: 'MIDDY_SSM_ENV_FLEET_SIZE', value: '25' });
    expect(plan25().fleetHint).toEqual({ size: 25, rate: 40 });
  });

  it('spends no bytes where the burst absorbs the deploy: 25 functions × 9 calls at high throughput', () => {
    const high = buildPlan(fieldCaseInput({ throughput: 'high' }));

    expect(high.fleetHint).toBeUndefined();
    expect(high.envBudget.kept.count).toBe(41);
  });

  it('carries the GetParameters quota at high throughput when the fleet overflows its burst', () => {
    const huge = buildPlan(fieldCaseInput({ throughput: 'high', functions: 400 }));

    expect(huge.fleetHint).toEqual({ size: 400, rate: 3000 });
    expect(huge.environment).toContainEqual({ name: 'MIDDY_SSM_ENV_FLEET_SIZE', value: '400' });
    expect(huge.environment).toContainEqual({ name: 'MIDDY_SSM_ENV_QUOTA_TPS', value: '3000' });
  });
});

const plan25 = () => buildPlan(fieldCaseInput());

describe('buildPlan with secrets in a manifest', () => {
  const plan = buildPlan(fieldCaseInput({ secretsVia: 'manifest' }));

  it('spends the whole budget on plain config and lists secrets and leftovers in the manifest', () => {
    expect(plan.envBudget).toMatchObject({
      usedBytes: 4000,
      secretReferences: { count: 0, bytes: 0 },
      kept: { count: 79 },
      left: { count: 11 },
    });
    expect(plan.manifestNames).toHaveLength(51);
    expect(plan.calls.afterSplit.callsPerColdStart).toBe(6);
    expect(plan.environment.some((variable) => variable.value.startsWith('ssm:'))).toBe(false);
  });
});

describe('buildPlan on small trees', () => {
  const input = (parameters: PlanInput['parameters'], overrides: Partial<PlanInput> = {}): PlanInput => ({
    path: '/app/',
    parameters,
    functions: 1,
    throughput: 'standard',
    secretsVia: 'references',
    reserveBytes: 0,
    ...overrides,
  });

  it('moves everything into the env when it fits: no call after the split', () => {
    const plan = buildPlan(input([{ name: '/app/db/host', type: 'String', value: 'db.local' }]));

    expect(plan.environment).toEqual([{ name: 'DB_HOST', value: 'db.local', parameter: '/app/db/host' }]);
    expect(plan.calls.afterSplit.callsPerColdStart).toBe(0);
    expect(plan.bundling).toEqual([]);
    expect(plan.calls.withBundles).toBeUndefined();
  });

  it('sets aside reserved, invalid and colliding names, and still counts them as fetched', () => {
    const plan = buildPlan(
      input([
        { name: '/app/aws-region', type: 'String', value: 'x' },
        { name: '/app/db-host', type: 'String', value: 'a' },
        { name: '/app/db/host', type: 'String', value: 'b' },
        { name: '/app/---', type: 'String', value: 'c' },
        { name: '/app/ok', type: 'String', value: 'd' },
      ]),
    );

    expect(plan.problems).toEqual([
      { parameter: '/app/aws-region', envName: 'AWS_REGION', problem: 'reserved' },
      { parameter: '/app/db-host', envName: 'DB_HOST', problem: 'collision' },
      { parameter: '/app/db/host', envName: 'DB_HOST', problem: 'collision' },
      { parameter: '/app/---', envName: '', problem: 'invalid' },
    ]);
    expect(plan.environment.map((variable) => variable.name)).toEqual(['OK']);
    expect(plan.fetchedByName).toHaveLength(4);
    expect(plan.manifestNames).toEqual([]);
  });

  it('keeps bytes for the deployment’s own variables with reserveBytes', () => {
    const parameters = [
      { name: '/app/a', type: 'String', value: 'x'.repeat(2000) },
      { name: '/app/b', type: 'String', value: 'y'.repeat(2000) },
    ];

    expect(buildPlan(input(parameters)).envBudget.kept.count).toBe(2);
    expect(buildPlan(input(parameters, { reserveBytes: 100 })).envBudget.kept.count).toBe(1);
  });

  it('says so when the secret references alone exceed the budget, and lists the secrets in the manifest', () => {
    const secrets = Array.from({ length: 60 }, (_, index) => ({
      name: `/app/secrets/a-rather-long-secret-name-number-${index}`,
      type: 'SecureString',
      value: '',
    }));

    const plan = buildPlan(input(secrets));

    expect(plan.envBudget.fits).toBe(false);
    expect(plan.envBudget.usedBytes).toBe(0);
    expect(plan.environment).toEqual([]);
    expect(plan.manifestNames).toHaveLength(60);
  });
});
