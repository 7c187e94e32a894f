import { GetParameterCommand, GetParametersByPathCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { type LocalSsm, startLocalSsm } from '../../src/server/index.js';
import { clientFor, manualClock } from './helpers.js';

/** Every operation the server answers, at zero: `byOperation` always holds them all. */
const zero = { ok: 0, throttled: 0, failed: 0, total: 0 };
const allOperationsAtZero = {
  GetParameter: zero,
  GetParameters: zero,
  GetParametersByPath: zero,
  PutParameter: zero,
  DeleteParameter: zero,
  DeleteParameters: zero,
  LabelParameterVersion: zero,
  GetSecretValue: zero,
  BatchGetSecretValue: zero,
  DescribeSecret: zero,
  CreateSecret: zero,
  PutSecretValue: zero,
  UpdateSecretVersionStage: zero,
};

describe('accounting', () => {
  const clock = manualClock(5000);
  let server: LocalSsm;

  beforeAll(async () => {
    server = await startLocalSsm({
      now: clock.now,
      throughput: { buckets: [{ operations: ['GetParametersByPath'], rate: 1, burst: 1 }] },
      seed: { parameters: { '/acc/a': 'a' } },
    });
  });

  afterAll(() => server.close());

  beforeEach(() => server.resetStats());

  it('counts calls per operation and per caller, split into ok, throttled and failed', async () => {
    const alice = clientFor(server, 'AKIDALICE');
    const bob = clientFor(server, 'AKIDBOB');

    await alice.send(new GetParameterCommand({ Name: '/acc/a' }));
    await alice.send(new GetParameterCommand({ Name: '/acc/missing' })).catch(() => undefined);
    await bob.send(new GetParametersByPathCommand({ Path: '/acc' }));
    await bob.send(new GetParametersByPathCommand({ Path: '/acc' })).catch(() => undefined);

    const stats = server.stats();
    expect(stats.byOperation).toEqual({
      ...allOperationsAtZero,
      GetParameter: { ok: 1, throttled: 0, failed: 1, total: 2 },
      GetParametersByPath: { ok: 1, throttled: 1, failed: 0, total: 2 },
    });
    expect(stats.byCaller).toEqual({
      AKIDALICE: { ok: 1, throttled: 0, failed: 1, total: 2 },
      AKIDBOB: { ok: 1, throttled: 1, failed: 0, total: 2 },
    });
    expect(stats.total).toEqual({ ok: 2, throttled: 1, failed: 1, total: 4 });
  });

  it('logs each call with its arrival time from the clock, operation, caller, outcome and error type', async () => {
    const client = clientFor(server, 'AKIDLOG');

    clock.advance(1000);
    await client.send(new PutParameterCommand({ Name: '/acc/new', Value: 'x', Type: 'String' }));
    clock.advance(250);
    await client
      .send(new PutParameterCommand({ Name: '/acc/new', Value: 'x', Type: 'String' }))
      .catch(() => undefined);

    expect(server.stats().calls).toEqual([
      { at: 6000, operation: 'PutParameter', service: 'ssm', caller: 'AKIDLOG', outcome: 'ok' },
      {
        at: 6250,
        operation: 'PutParameter',
        service: 'ssm',
        caller: 'AKIDLOG',
        outcome: 'failed',
        errorType: 'ParameterAlreadyExists',
      },
    ]);
  });

  it('counts every operation from zero before any call, so `byOperation.GetParameters.ok` reads 0', () => {
    expect(server.stats().byOperation.GetParameters.ok).toBe(0);
    expect(server.stats().byOperation).toEqual(allOperationsAtZero);
  });

  it('returns snapshots that later calls do not change, and resets to zero', async () => {
    const client = clientFor(server);
    await client.send(new GetParameterCommand({ Name: '/acc/a' }));
    const snapshot = server.stats();

    await client.send(new GetParameterCommand({ Name: '/acc/a' }));
    server.resetStats();

    expect(snapshot.total.total).toBe(1);
    expect(snapshot.byCaller.AKIDLOCAL?.ok).toBe(1);
    expect(server.stats()).toEqual({
      byOperation: allOperationsAtZero,
      byCaller: {},
      total: { ok: 0, throttled: 0, failed: 0, total: 0 },
      calls: [],
    });
  });
});
