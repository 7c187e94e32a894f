/**
 * The plan is only worth printing if the split it describes works: deploy its environment block, configure the
 * middleware as its header says, and every one of the 130 variables must arrive — with the number of calls the plan
 * promised and no path paging.
 */
import { planCommand } from '../../src/cli/commands/plan.js';
import type { Plan } from '../../src/cli/plan/buildPlan.js';
import { defaultEnvName } from '../../src/inject/envNames.js';
import { type LocalSsm, startLocalSsm } from '../../src/testing.js';
import { fieldCaseSeed } from '../fixtures/fieldCase.js';
import { wire } from '../helpers/harness.js';
import { callsOf, recordingIo, UNTHROTTLED } from './helpers.js';

const seed = fieldCaseSeed();
const expectedEnv = Object.fromEntries(
  seed.parameters.map((parameter) => [defaultEnvName(parameter.name, '/myapp/prod/'), parameter.value]),
);

const planOf = async (
  server: LocalSsm,
  secrets: 'references' | 'manifest',
  functions: number,
): Promise<Plan> => {
  const io = recordingIo();
  await planCommand(
    [
      '/myapp/prod/',
      '--endpoint',
      server.endpoint,
      '--secrets',
      secrets,
      '--functions',
      String(functions),
      '--json',
    ],
    io,
  );
  return JSON.parse(io.out.join('\n')) as Plan;
};

describe('the split a plan prints, run by the middleware', () => {
  let server: LocalSsm;

  beforeAll(async () => {
    server = await startLocalSsm({ seed, throughput: UNTHROTTLED });
  });

  afterAll(() => server.close());

  it.each([
    ['references', 1],
    ['manifest', 1],
    ['references', 25],
  ] as const)(
    'delivers all 130 variables with secrets as %s (%i functions), in the planned GetParameters calls',
    async (secrets, functions) => {
      const plan = await planOf(server, secrets, functions);
      const deployedEnv: NodeJS.ProcessEnv = Object.fromEntries(
        plan.environment.map((variable) => [variable.name, variable.value]),
      );
      server.resetStats();
      const { invoke } = wire(
        server,
        {
          setToEnv: true,
          resolveEnvReferences: secrets === 'references',
          fetchData: { app: { path: plan.path, manifest: plan.manifestNames } },
        },
        { env: deployedEnv },
      );

      const { env } = await invoke();

      const hint = functions > 1 ? { MIDDY_SSM_ENV_FLEET_SIZE: String(functions) } : {};
      expect(env).toEqual({ ...expectedEnv, ...hint });
      expect(callsOf(server, 'GetParametersByPath').total).toBe(0);
      expect(callsOf(server, 'GetParameters').total).toBe(plan.calls.afterSplit.callsPerColdStart);
    },
  );
});
