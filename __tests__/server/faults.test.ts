import {
  AccessDeniedException,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  InternalServerError,
  InvalidKeyId,
  SSMClient,
  SSMServiceException,
  ThrottlingException,
} from '@aws-sdk/client-ssm';
import { type FaultKind, type LocalSsm, startLocalSsm } from '../../src/server/index.js';
import { clientFor, expectSdkError, rejectionOf, waitFor } from './helpers.js';

const getA = new GetParameterCommand({ Name: '/f/a' });

describe('fault injection', () => {
  let server: LocalSsm;
  let client: SSMClient;
  const delays: number[] = [];

  beforeAll(async () => {
    server = await startLocalSsm({
      throughput: 'high',
      randomSeed: 42,
      // Record the latency the server asks for instead of waiting for it.
      sleep: async (ms) => {
        delays.push(ms);
      },
      seed: {
        parameters: {
          ...Object.fromEntries(
            Array.from({ length: 12 }, (_, index) => [`/f/p${String(index).padStart(2, '0')}`, 'v']),
          ),
          '/f/a': 'a',
          '/prod/db/password': 'pw',
          '/prod/api/key': 'k',
          '/production/x': 'not under /prod',
        },
      },
    });
    client = clientFor(server);
  });

  afterAll(() => server.close());

  beforeEach(() => {
    server.faults.clear();
    server.resetStats();
    delays.length = 0;
  });

  describe('error kinds, as the SDK sees them', () => {
    it('internalError → InternalServerError, HTTP 500', async () => {
      server.faults.add({ kind: 'internalError', times: 1 });

      const error = await expectSdkError(client.send(getA), InternalServerError, 500);

      expect(error.$fault).toBe('server');
    });

    it('serviceUnavailable → a server-fault SSMServiceException, HTTP 503', async () => {
      server.faults.add({ kind: 'serviceUnavailable', times: 1 });

      const error = await expectSdkError(client.send(getA), SSMServiceException, 503);

      expect([error.name, error.$fault]).toEqual(['ServiceUnavailable', 'server']);
    });

    it('throttle → ThrottlingException, HTTP 400, counted as throttled', async () => {
      server.faults.add({ kind: 'throttle', times: 1 });

      const error = await expectSdkError(client.send(getA), ThrottlingException, 400);

      expect(error.message).toBe('Rate exceeded');
      expect(server.stats().total).toMatchObject({ throttled: 1, failed: 0 });
    });

    it('accessDenied → AccessDeniedException naming the action and resource', async () => {
      server.faults.add({ kind: 'accessDenied', times: 1 });

      const error = await expectSdkError(client.send(getA), AccessDeniedException, 400);

      expect(error.message).toContain(
        'is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter/f/a',
      );
    });

    it('invalidKeyId → InvalidKeyId, HTTP 400', async () => {
      server.faults.add({ kind: 'invalidKeyId', times: 1 });

      await expectSdkError(client.send(getA), InvalidKeyId, 400);
    });

    it('malformed → an SDK deserialization error on an HTTP 200', async () => {
      server.faults.add({ kind: 'malformed', times: 1 });

      const error = await rejectionOf(client.send(getA));

      expect(error).toBeInstanceOf(SyntaxError);
      expect((error as Error).message).toContain('Deserialization error');
      expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(200);
    });

    it('reset → a network error (aborted) after part of the body arrived', async () => {
      server.faults.add({ kind: 'reset', times: 1 });

      const error = await rejectionOf(client.send(getA));

      expect(error).not.toBeInstanceOf(SSMServiceException);
      // Node reports `Error: aborted` (code ECONNRESET); under jest's VM realm the SDK wraps it, keeping the text.
      expect((error as Error).message).toContain('aborted');
      expect(server.stats().calls.at(-1)).toMatchObject({ outcome: 'failed', errorType: 'ConnectionReset' });
    });

    it('hang → no answer until the client aborts', async () => {
      server.faults.add({ kind: 'hang', times: 1 });
      const controller = new AbortController();

      const pending = rejectionOf(client.send(getA, { abortSignal: controller.signal }));
      await waitFor(() => server.stats().total.total === 1);
      controller.abort();
      const error = await pending;

      expect((error as Error).name).toBe('AbortError');
      expect(server.stats().calls[0]).toMatchObject({ outcome: 'failed', errorType: 'Hang' });
      expect((await client.send(getA)).Parameter?.Value).toBe('a');
    });

    it('hang → the SDK request timeout fires', async () => {
      server.faults.add({ kind: 'hang', times: 1 });
      const impatient = new SSMClient({
        ...server.clientConfig(),
        maxAttempts: 1,
        requestHandler: { requestTimeout: 30, throwOnRequestTimeout: true },
      });

      const error = await rejectionOf(impatient.send(getA));

      expect((error as Error).name).toBe('TimeoutError');
      impatient.destroy();
    });
  });

  describe('rules and scripts', () => {
    it('scripts the next calls of one operation, then lets calls through', async () => {
      server.faults.script(['throttle', 'ok', 'internalError'], { operations: ['GetParameter'] });

      await expectSdkError(client.send(getA), ThrottlingException, 400);
      await client.send(new GetParametersCommand({ Names: ['/f/a'] }));
      await client.send(getA);
      await expectSdkError(client.send(getA), InternalServerError, 500);
      await client.send(getA);

      expect(server.stats().byOperation.GetParameter).toEqual({ ok: 2, throttled: 1, failed: 1, total: 4 });
    });

    it('fires a rule a set number of times after skipping some calls', async () => {
      const handle = server.faults.add({ kind: 'internalError', skip: 1, times: 2 });

      const outcomes: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        outcomes.push(
          await client.send(getA).then(
            () => 'ok',
            (error: Error) => error.name,
          ),
        );
      }

      expect(outcomes).toEqual(['ok', 'InternalServerError', 'InternalServerError', 'ok', 'ok']);
      expect(handle.fired).toBe(2);
    });

    it('applies a failure rate with seeded randomness', async () => {
      server.faults.add({ kind: 'internalError', probability: 0.5 });

      for (let index = 0; index < 40; index += 1) await client.send(getA).catch(() => undefined);
      const { failed } = server.stats().total;

      expect(failed).toBeGreaterThan(8);
      expect(failed).toBeLessThan(32);
    });

    it('scopes a rule to callers and operations, and removes it by handle', async () => {
      const handle = server.faults.add({
        kind: 'accessDenied',
        callers: ['AKIDBAD'],
        operations: ['GetParameter'],
      });
      const bad = clientFor(server, 'AKIDBAD');

      await expectSdkError(bad.send(getA), AccessDeniedException, 400);
      await bad.send(new GetParametersCommand({ Names: ['/f/a'] }));
      await client.send(getA);
      handle.remove();
      await bad.send(getA);
    });

    it('clear() removes every fault', async () => {
      server.faults.add({ kind: 'internalError' });
      server.faults.denyPath('/f');

      server.faults.clear();

      expect((await client.send(getA)).Parameter?.Value).toBe('a');
    });

    it.each<FaultKind>(['internalError', 'hang'])('can be set from the start options (%s)', async (kind) => {
      const scoped = await startLocalSsm({
        faults: [{ kind, operations: ['GetParametersByPath'] }],
        seed: { parameters: { '/s/a': 'a' } },
      });
      const scopedClient = clientFor(scoped);

      await scopedClient.send(new GetParameterCommand({ Name: '/s/a' }));
      const pending = rejectionOf(scopedClient.send(new GetParametersByPathCommand({ Path: '/s' })));
      await waitFor(() => scoped.stats().total.total === 2);
      // close() also ends a hanging request: the client sees the socket drop.
      await scoped.close();

      expect(await pending).toBeInstanceOf(Error);
    });
  });

  describe('latency', () => {
    it('waits a fixed latency, globally or per operation', async () => {
      server.faults.latency(25);
      server.faults.latency(80, 'GetParametersByPath');

      await client.send(getA);
      await client.send(new GetParametersByPathCommand({ Path: '/f' }));

      expect(delays).toEqual([25, 80]);
    });

    it('takes per-operation latency from the start options', async () => {
      const recorded: number[] = [];
      const slow = await startLocalSsm({
        latencyMs: 5,
        operationLatencyMs: { GetParametersByPath: { min: 50, max: 50 } },
        sleep: async (ms) => {
          recorded.push(ms);
        },
      });
      const slowClient = clientFor(slow);

      await slowClient.send(new GetParametersByPathCommand({ Path: '/none' }));
      await slowClient.send(new GetParametersCommand({ Names: ['/none'] }));
      await slow.close();

      expect(recorded).toEqual([50, 5]);
    });

    it('draws a ranged latency within its bounds', async () => {
      server.faults.latency({ min: 10, max: 20 });

      for (let index = 0; index < 20; index += 1) await client.send(getA);

      expect(delays).toHaveLength(20);
      expect(delays.every((ms) => ms >= 10 && ms <= 20 && Number.isInteger(ms))).toBe(true);
      expect(new Set(delays).size).toBeGreaterThan(1);
    });

    it('really delays the response with the default sleep', async () => {
      const slow = await startLocalSsm({ latencyMs: 30, seed: { parameters: { '/s/a': 'a' } } });
      const started = performance.now();

      await clientFor(slow).send(new GetParameterCommand({ Name: '/s/a' }));

      expect(performance.now() - started).toBeGreaterThanOrEqual(25);
      await slow.close();
    });
  });

  describe('access denied by path', () => {
    beforeEach(() => server.faults.denyPath('/prod'));

    it('denies GetParametersByPath on the prefix and below it', async () => {
      const error = await expectSdkError(
        client.send(new GetParametersByPathCommand({ Path: '/prod', Recursive: true })),
        AccessDeniedException,
        400,
      );
      await expectSdkError(
        client.send(new GetParametersByPathCommand({ Path: '/prod/db' })),
        AccessDeniedException,
        400,
      );

      expect(error.message).toMatch(
        /^User: arn:aws:sts::123456789012:assumed-role\/.+\/AKIDLOCAL is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:us-east-1:123456789012:parameter\/prod /,
      );
    });

    it('still answers a by-path call on an ancestor, returning what lies below the denied prefix (as AWS)', async () => {
      const page = await client.send(
        new GetParametersByPathCommand({ Path: '/', Recursive: true, MaxResults: 10 }),
      );
      const next = await client.send(
        new GetParametersByPathCommand({ Path: '/', Recursive: true, NextToken: page.NextToken }),
      );

      expect(
        [...(page.Parameters ?? []), ...(next.Parameters ?? [])].map((parameter) => parameter.Name),
      ).toContain('/prod/db/password');
    });

    it('denies GetParameter and a GetParameters batch holding a denied name', async () => {
      const single = await expectSdkError(
        client.send(new GetParameterCommand({ Name: '/prod/db/password' })),
        AccessDeniedException,
        400,
      );
      const batch = await expectSdkError(
        client.send(new GetParametersCommand({ Names: ['/f/a', '/prod/api/key'] })),
        AccessDeniedException,
        400,
      );

      expect(single.message).toContain('ssm:GetParameter on resource');
      expect(batch.message).toContain(
        'ssm:GetParameters on resource: arn:aws:ssm:us-east-1:123456789012:parameter/prod/api/key',
      );
    });

    it('does not deny a sibling that merely shares the prefix text, and allowPath lifts the deny', async () => {
      await client.send(new GetParameterCommand({ Name: '/production/x' }));
      server.faults.allowPath('/prod');

      await client.send(new GetParameterCommand({ Name: '/prod/db/password' }));
    });
  });

  describe('paging faults', () => {
    it('endless NextToken: every page carries a token, even past the end', async () => {
      server.faults.endlessNextToken();

      let token: string | undefined;
      const sizes: number[] = [];
      for (let page = 0; page < 4; page += 1) {
        const result = await client.send(new GetParametersByPathCommand({ Path: '/f', NextToken: token }));
        sizes.push(result.Parameters?.length ?? 0);
        token = result.NextToken;
        expect(token).toEqual(expect.any(String));
      }

      expect(sizes).toEqual([10, 3, 0, 0]);
    });

    it('scripted best-effort pages: short and empty pages still carry a NextToken', async () => {
      server.faults.paging({ mode: 'script', pageSizes: [3, 0, 10] });

      const sizes: number[] = [];
      let token: string | undefined;
      do {
        const result = await client.send(new GetParametersByPathCommand({ Path: '/f', NextToken: token }));
        sizes.push(result.Parameters?.length ?? 0);
        token = result.NextToken;
      } while (token);

      expect(sizes).toEqual([3, 0, 10]);
    });

    it('random best-effort pages still return every parameter exactly once', async () => {
      server.faults.paging({ mode: 'random', emptyPageRate: 0.3 });

      const seen: string[] = [];
      let token: string | undefined;
      let calls = 0;
      do {
        const result = await client.send(new GetParametersByPathCommand({ Path: '/f', NextToken: token }));
        seen.push(...(result.Parameters ?? []).map((parameter) => parameter.Name ?? ''));
        token = result.NextToken;
        calls += 1;
      } while (token);

      expect(seen).toHaveLength(13);
      expect(new Set(seen).size).toBe(13);
      expect(calls).toBeGreaterThan(2);
    });
  });
});
