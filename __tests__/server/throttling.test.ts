import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  type SSMClient,
  ThrottlingException,
} from '@aws-sdk/client-ssm';
import { type LocalSsm, startLocalSsm } from '../../src/server/index.js';
import { clientFor, expectSdkError, manualClock } from './helpers.js';

/** Send `count` GetParameter calls one after another; returns how many succeeded. */
async function successes(client: SSMClient, count: number, name = '/t/a'): Promise<number> {
  let ok = 0;
  for (let index = 0; index < count; index += 1) {
    try {
      await client.send(new GetParameterCommand({ Name: name }));
      ok += 1;
    } catch (error) {
      if (!(error instanceof ThrottlingException)) throw error;
    }
  }
  return ok;
}

describe('throttling', () => {
  const clock = manualClock();
  let server: LocalSsm;
  let client: SSMClient;

  beforeAll(async () => {
    server = await startLocalSsm({ now: clock.now, seed: { parameters: { '/t/a': 'a', '/t/b': 'b' } } });
    client = clientFor(server);
  });

  afterAll(() => server.close());

  beforeEach(() => {
    server.setThroughput('standard');
    server.resetStats();
  });

  it('allows a burst of 40 reads and throttles the 41st, by default', async () => {
    expect(await successes(client, 45)).toBe(40);
    expect(server.stats().byOperation.GetParameter).toEqual({ ok: 40, throttled: 5, failed: 0, total: 45 });
  });

  it('refills at 40 per second from the injected clock', async () => {
    await successes(client, 40);

    clock.advance(100);
    const afterTenthOfASecond = await successes(client, 10);
    clock.advance(1000);
    const afterASecond = await successes(client, 50);

    expect(afterTenthOfASecond).toBe(4);
    expect(afterASecond).toBe(40);
  });

  it('shares one bucket between GetParameter, GetParameters and GetParametersByPath', async () => {
    await successes(client, 20);
    for (let index = 0; index < 10; index += 1)
      await client.send(new GetParametersCommand({ Names: ['/t/a'] }));
    for (let index = 0; index < 10; index += 1)
      await client.send(new GetParametersByPathCommand({ Path: '/t' }));

    await expectSdkError(
      client.send(new GetParametersByPathCommand({ Path: '/t' })),
      ThrottlingException,
      400,
    );
    await expectSdkError(
      client.send(new GetParametersCommand({ Names: ['/t/a'] })),
      ThrottlingException,
      400,
    );
  });

  it('shares the quota between callers, as an account does', async () => {
    const other = clientFor(server, 'AKIDOTHER');

    const first = await successes(client, 30);
    const second = await successes(other, 30);

    expect(first + second).toBe(40);
    expect(server.stats().byCaller.AKIDOTHER).toMatchObject({ ok: 10, throttled: 20 });
  });

  it('does not take a token for a throttled call', async () => {
    await successes(client, 60);

    clock.advance(25);

    expect(await successes(client, 2)).toBe(1);
  });

  it('sends Rate exceeded with QuotaCode and ServiceCode', async () => {
    await successes(client, 40);

    const error = await expectSdkError(
      client.send(new GetParameterCommand({ Name: '/t/a' })),
      ThrottlingException,
      400,
    );

    expect(error.message).toBe('Rate exceeded');
    expect(error.ServiceCode).toBe('ssm');
    expect(error.QuotaCode).toEqual(expect.any(String));
  });

  it('does not throttle writes by default', async () => {
    await successes(client, 40);

    for (let index = 0; index < 5; index += 1) {
      await client.send(
        new PutParameterCommand({ Name: '/t/w', Value: `${index}`, Type: 'String', Overwrite: true }),
      );
    }

    expect(server.stats().byOperation.PutParameter?.ok).toBe(5);
  });

  it("applies the 'high' profile: ByPath 100/s, GetParameter(s) 3000/s in separate buckets", async () => {
    server.setThroughput('high');
    let byPathOk = 0;
    for (let index = 0; index < 101; index += 1) {
      try {
        await client.send(new GetParametersByPathCommand({ Path: '/t' }));
        byPathOk += 1;
      } catch (error) {
        if (!(error instanceof ThrottlingException)) throw error;
      }
    }

    expect(byPathOk).toBe(100);
    expect(await successes(client, 5)).toBe(5);
  });

  it('accepts a custom config with rate, burst and quota code', async () => {
    server.setThroughput({
      buckets: [{ operations: ['PutParameter'], rate: 2, burst: 3, quotaCode: 'L-PUT' }],
    });
    const put = (value: string) =>
      client.send(new PutParameterCommand({ Name: '/t/c', Value: value, Type: 'String', Overwrite: true }));

    for (const value of ['1', '2', '3']) await put(value);
    const error = await expectSdkError(put('4'), ThrottlingException, 400);
    clock.advance(500);
    await put('5');

    expect(error.QuotaCode).toBe('L-PUT');
    expect(await successes(client, 50)).toBe(50);
  });
});
