import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planCommand } from '../../src/cli/commands/plan.js';
import { type LocalSsm, startLocalSsm } from '../../src/testing.js';
import { fieldCaseSeed } from '../fixtures/fieldCase.js';
import { callsOf, recordingIo, TIGHT_QUOTA, temporaryDirectory, UNTHROTTLED } from './helpers.js';

const seed = fieldCaseSeed();

describe('middy-ssm-env plan (field case: 130 parameters, 40 secrets)', () => {
  let server: LocalSsm;

  beforeAll(async () => {
    server = await startLocalSsm({ seed, throughput: UNTHROTTLED });
  });

  afterAll(() => server.close());

  beforeEach(() => {
    server.setThroughput(UNTHROTTLED);
    server.resetStats();
  });

  /** `plan /myapp/prod/` against the server with these flags: what it printed. */
  const runPlan = async (...flags: string[]) => {
    const io = recordingIo();
    await planCommand(['/myapp/prod/', '--endpoint', server.endpoint, ...flags], io);
    return io;
  };

  it('prints the plan for 25 functions at standard throughput, reading the path in 13 pages', async () => {
    const io = recordingIo();

    const code = await planCommand(['/myapp/prod/', '--endpoint', server.endpoint, '--functions', '25'], io);

    expect(code).toBe(0);
    expect(callsOf(server, 'GetParametersByPath')).toEqual({ ok: 13, throttled: 0, failed: 0, total: 13 });
    expect(io.out.slice(0, 22)).toEqual([
      'Plan for /myapp/prod/: 130 parameters, 25 functions, standard throughput',
      '',
      'Parameters',
      '  SecureString (secrets)   40',
      '  String                   86',
      '  StringList                4',
      '  total                   130',
      '',
      'Calls (standard throughput)',
      '                   API                  per cold start  per deploy (×25)  quota        quota time  under 10 s init',
      '  now              GetParametersByPath              13               325  40/s shared      7.13 s  yes',
      '  after the split  GetParameters                     9               225  40/s shared      4.63 s  yes',
      '  + bundling       GetParameters                     5               125  40/s shared      2.13 s  yes',
      '',
      'Environment (Lambda: 4,096 bytes for all variables, key + value bytes, UTF-8)',
      '  secret references (ssm:…)  40 variables  3,008 bytes',
      '  plain config kept          40 variables  1,044 bytes',
      '  total                      81 variables  4,078 of 4,096 bytes',
      '  plain config left in SSM   50 values     4,706 bytes',
      '  Left in SSM (largest first; the smallest values fit the most variables into the budget):',
      '    NOTIFICATIONS_FEATURE_ROLLOUT         223 B  /myapp/prod/notifications/feature-rollout',
      '    BILLING_FEATURE_ROLLOUT               217 B  /myapp/prod/billing/feature-rollout',
    ]);
    expect(io.out).toContain('  standard (4 KB)  2 parameters  → 5 calls per cold start  saves 4');
    expect(io.out).toContain(
      'With --secrets manifest (secrets in a manifest take no environment bytes): 79 plain values fit, 6 calls per cold start after the split.',
    );
    expect(io.err).toEqual(['Read 130 parameter(s) under /myapp/prod/ in 13 page(s), 13 call(s).']);
  });

  it('uses the per-API quotas at high throughput', async () => {
    const io = await runPlan('--functions', '25', '--throughput', 'high');

    expect(io.out).toContain(
      '  now              GetParametersByPath              13               325  100/s        2.25 s  yes',
    );
    expect(io.out).toContain(
      '  after the split  GetParameters                     9               225  3,000/s         0 s  yes',
    );
  });

  it('prints the Terraform environment block: plain values and secret references, never secret values', async () => {
    const io = recordingIo();

    await planCommand(['/myapp/prod/', '--endpoint', server.endpoint, '--format', 'terraform'], io);

    expect(io.out.slice(0, 8)).toEqual([
      '# middy-ssm-env plan /myapp/prod/: 81 variables, 4,092 of 4,096 bytes (key + value, UTF-8).',
      '# 40 secrets as ssm: references, resolved before the handler runs.',
      '# 49 parameters fetched by name from a manifest (the names: --format json, "manifestNames").',
      "# Middleware: ssmEnv({ setToEnv: true, resolveEnvReferences: true, fetchData: { app: { path: '/myapp/prod/', manifest } } })",
      'environment {',
      '  variables = {',
      '    ANALYTICS_APP_ID                           = "app_3dc21399a9bf"',
      '    API_V2_THRESHOLD                           = "446"',
    ]);
    expect(io.out).toContain(
      '    SECRETS_DATABASE_PASSWORD                  = "ssm:/myapp/prod/secrets/database-password"',
    );
    expect(io.out.slice(-2)).toEqual(['  }', '}']);
    expect(io.out.filter((line) => / = "/.test(line))).toHaveLength(81);
  });

  it('prints the SAM Environment block with YAML-quoted values', async () => {
    const io = recordingIo();

    await planCommand(
      ['/myapp/prod/', '--endpoint', server.endpoint, '--format', 'sam', '--secrets', 'manifest'],
      io,
    );

    expect(io.out.slice(0, 6)).toEqual([
      '# middy-ssm-env plan /myapp/prod/: 80 variables, 4,081 of 4,096 bytes (key + value, UTF-8).',
      '# 50 parameters fetched by name from a manifest (the names: --format json, "manifestNames").',
      "# Middleware: ssmEnv({ setToEnv: true, fetchData: { app: { path: '/myapp/prod/', manifest } } })",
      'Environment:',
      '  Variables:',
      '    ALLOWED_ORIGINS: "https://app.example.com,https://admin.example.com,https://partner18.example.com"',
    ]);
    expect(io.out.filter((line) => line.startsWith('    '))).toHaveLength(80);
  });

  it('writes the fleet hint into the Terraform block for --functions, inside the 4 KB budget', async () => {
    const io = await runPlan('--functions', '25', '--format', 'terraform');

    expect(io.out).toContain(
      '# Fleet hint: 25 functions cold-start together on 40 calls/s, so each paces its calls at its share from the first (MIDDY_SSM_ENV_* below; fleet: { size: 25 } in code takes no bytes).',
    );
    expect(io.out.filter((line) => line.startsWith('    MIDDY_SSM_ENV_'))).toEqual([
      '    MIDDY_SSM_ENV_FLEET_SIZE                   = "25"',
    ]);
    const header = io.out[0] ?? '';
    const [, used] = /: \d+ variables, ([\d,]+) of 4,096 bytes/.exec(header) ?? [];
    expect(Number(used?.replace(',', ''))).toBeLessThanOrEqual(4096);
  });

  it('writes the fleet hint with the GetParameters quota into the SAM block at high throughput', async () => {
    const io = await runPlan('--functions', '400', '--throughput', 'high', '--format', 'sam');

    expect(io.out.filter((line) => line.startsWith('    MIDDY_SSM_ENV_'))).toEqual([
      '    MIDDY_SSM_ENV_FLEET_SIZE: "400"',
      '    MIDDY_SSM_ENV_QUOTA_TPS: "3000"',
    ]);
  });

  it('writes no fleet hint for a single function', async () => {
    const io = await runPlan('--json');

    const plan = JSON.parse(io.out.join('\n'));
    expect(plan.fleetHint).toBeUndefined();
    expect(io.out.join('\n')).not.toContain('MIDDY_SSM_ENV_');
  });

  it('prints the whole plan as JSON with --json', async () => {
    const io = recordingIo();

    await planCommand(['/myapp/prod/', '--endpoint', server.endpoint, '--functions', '25', '--json'], io);

    const plan = JSON.parse(io.out.join('\n'));
    expect(plan.calls.now.callsPerDeploy).toBe(325);
    expect(plan.fleetHint).toEqual({ size: 25, rate: 40 });
    expect(plan.envBudget.usedBytes).toBeLessThanOrEqual(4096);
    expect(plan.manifestNames).toHaveLength(50);
  });

  it('reads an exported tree with --from and makes no call', async () => {
    const directory = await temporaryDirectory();
    const file = join(directory.path, 'tree.json');
    await writeFile(file, JSON.stringify(seed));
    const fromFile = recordingIo();
    const fromServer = recordingIo();

    await planCommand(['/myapp/prod', '--from', file, '--functions', '25'], fromFile);
    const callsAfterFile = server.stats().total.total;
    await planCommand(['/myapp/prod/', '--endpoint', server.endpoint, '--functions', '25'], fromServer);
    await directory.remove();

    expect(callsAfterFile).toBe(0);
    expect(fromFile.out).toEqual(fromServer.out);
    expect(fromFile.err).toEqual([]);
  });

  it('reads the AWS CLI shape of get-parameters-by-path with --from', async () => {
    const directory = await temporaryDirectory();
    const file = join(directory.path, 'aws.json');
    const Parameters = seed.parameters.map((parameter) => ({
      Name: parameter.name,
      Type: parameter.type,
      Value: parameter.value,
      Version: 1,
    }));
    await writeFile(file, JSON.stringify({ Parameters }));
    const io = recordingIo();

    await planCommand(['/myapp/prod/', '--from', file, '--json'], io);
    await directory.remove();

    expect(JSON.parse(io.out.join('\n')).counts.parameters).toBe(130);
  });

  it('survives throttling: the server throttles some pages, the retry layer reads them all', async () => {
    server.setThroughput(TIGHT_QUOTA);
    const io = recordingIo();

    const code = await planCommand(
      ['/myapp/prod/', '--endpoint', server.endpoint, '--functions', '25', '--json'],
      io,
    );

    const byPath = callsOf(server, 'GetParametersByPath');
    expect(code).toBe(0);
    expect(byPath.ok).toBe(13);
    expect(byPath.throttled).toBeGreaterThan(0);
    expect(JSON.parse(io.out.join('\n')).counts.parameters).toBe(130);
    expect(io.err).toEqual([
      `Read 130 parameter(s) under /myapp/prod/ in 13 page(s), ${byPath.total} call(s) (${byPath.throttled} throttled and retried).`,
    ]);
  });
  it('stops retrying at once when interrupted (Ctrl-C aborts io.signal), exit 1', async () => {
    server.setThroughput({ buckets: [{ operations: ['GetParametersByPath'], rate: 0.1, burst: 2 }] });
    const controller = new AbortController();
    const io = { ...recordingIo(), signal: controller.signal };
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();

    const code = await planCommand(['/myapp/prod/', '--endpoint', server.endpoint], io);

    expect(code).toBe(1);
    expect(io.err.at(-1)).toBe('middy-ssm-env plan: interrupted');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(callsOf(server, 'GetParametersByPath').throttled).toBeGreaterThan(0);
  });
});

describe('middy-ssm-env plan: bad input and failures', () => {
  let server: LocalSsm;

  beforeAll(async () => {
    server = await startLocalSsm({ seed, throughput: UNTHROTTLED, deniedPaths: ['/denied/'] });
  });

  afterAll(() => server.close());

  it.each([
    [[], 'missing <path>'],
    [['myapp/prod/'], "invalid path 'myapp/prod/'"],
    [['/a/', '/b/'], 'expected one <path>, got 2'],
    [['/a/', '--functions', '0'], '--functions must be a positive integer'],
    [['/a/', '--throughput', 'turbo'], '--throughput must be one of standard, high'],
    [['/a/', '--format', 'xml'], '--format must be one of table, json, terraform, sam'],
    [['/a/', '--secrets', 'env'], '--secrets must be one of references, manifest'],
    [['/a/', '--reserve', '4096'], '--reserve must be below 4096'],
    [['/a/', '--from', 'x.json', '--endpoint', 'http://localhost:1'], 'use either --from or --endpoint'],
    [['/a/', '--endpoint', 'localhost:1'], '--endpoint must be an http(s) URL'],
    [['/a/', '--nope'], "Unknown option '--nope'"],
  ])('exits 2 on %j', async (args, message) => {
    const io = recordingIo();

    const code = await planCommand(args, io);

    expect(code).toBe(2);
    expect(io.err[0]).toContain(message);
    expect(io.err[1]).toBe("Run 'middy-ssm-env plan --help' for usage.");
  });

  it('exits 1 naming the missing grant when SSM denies the path', async () => {
    const io = recordingIo();

    const code = await planCommand(['/denied/', '--endpoint', server.endpoint], io);

    expect(code).toBe(1);
    expect(io.err.at(-1)).toMatch(
      /^middy-ssm-env plan: cannot read \/denied\/ from SSM: .*ssm:GetParametersByPath/,
    );
  });

  it('exits 2 when the tree file cannot be read, naming the option', async () => {
    const io = recordingIo();

    const code = await planCommand(['/a/', '--from', '/nonexistent/tree.json'], io);

    expect(code).toBe(2);
    expect(io.err[0]).toBe('middy-ssm-env plan: --from: cannot read /nonexistent/tree.json: no such file');
  });

  it('exits 2 when the tree file has the wrong shape', async () => {
    const directory = await temporaryDirectory();
    const file = join(directory.path, 'bad.json');
    await writeFile(file, JSON.stringify({ parameters: [{ name: '/a/x' }] }));
    const io = recordingIo();

    const code = await planCommand(['/a/', '--from', file], io);
    await directory.remove();

    expect(code).toBe(2);
    expect(io.err[0]).toContain('parameters[0].value to be a string');
  });

  it('exits 1 naming the path when nothing is under it, in SSM or in a tree file', async () => {
    const directory = await temporaryDirectory();
    const tree = join(directory.path, 'tree.json');
    await writeFile(tree, JSON.stringify({ parameters: [{ name: '/myapp/prod/x', value: 'y' }] }));
    const fromSsm = recordingIo();
    const fromFile = recordingIo();

    const codes = [
      await planCommand(['/myapp/Prod/', '--endpoint', server.endpoint], fromSsm),
      await planCommand(['/myapp/staging/', '--from', tree], fromFile),
    ];
    await directory.remove();

    expect(codes).toEqual([1, 1]);
    expect(fromSsm.out).toEqual([]);
    expect(fromSsm.err.at(-1)).toBe(
      'middy-ssm-env plan: no parameters under /myapp/Prod/ (names are case-sensitive: check the path, the Region and the account)',
    );
    expect(fromFile.err).toEqual([`middy-ssm-env plan: no parameters under /myapp/staging/ in ${tree}`]);
  });

  it('prints its usage with --help', async () => {
    const io = recordingIo();

    expect(await planCommand(['--help'], io)).toBe(0);
    expect(io.out[0]).toBe('Usage: middy-ssm-env plan <path> [options]');
  });
});
