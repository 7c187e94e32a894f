import {
  DecryptionFailure,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InternalServiceError,
  PutSecretValueCommand,
  type SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import {
  GetParameterCommand,
  GetParametersCommand,
  type SSMClient,
  AccessDeniedException as SsmAccessDeniedException,
  ThrottlingException as SsmThrottlingException,
} from '@aws-sdk/client-ssm';
import { type LocalSsm, startLocalSsm } from '../../src/server/index.js';
import { clientFor, expectSdkError, manualClock, secretsClientFor } from './helpers.js';

const getDb = new GetSecretValueCommand({ SecretId: 'app/db' });
const REFERENCE = '/aws/reference/secretsmanager/app/db';

describe('Secrets Manager through the shared pipeline', () => {
  const clock = manualClock();
  let server: LocalSsm;
  let secrets: SecretsManagerClient;
  let ssm: SSMClient;

  beforeAll(async () => {
    server = await startLocalSsm({
      now: clock.now,
      seed: { parameters: { '/p/a': 'a' }, secrets: [{ name: 'app/db', value: 'pw' }] },
    });
    secrets = secretsClientFor(server);
    ssm = clientFor(server);
  });

  afterAll(() => server.close());

  beforeEach(() => {
    server.faults.clear();
    server.resetStats();
    server.setThroughput('standard');
    server.setSecretsThroughput('standard');
  });

  describe('throttling: its own quota', () => {
    it('throttles Secrets Manager by its own buckets, leaving SSM untouched, and back', async () => {
      server.setSecretsThroughput({
        buckets: [{ operations: ['GetSecretValue', 'DescribeSecret'], rate: 2, burst: 2 }],
      });

      const outcomes: string[] = [];
      for (const command of [getDb, new DescribeSecretCommand({ SecretId: 'app/db' }), getDb]) {
        outcomes.push(
          await secrets.send(command).then(
            () => 'ok',
            (error: Error) => error.name,
          ),
        );
      }
      const ssmStillServes = await ssm.send(new GetParameterCommand({ Name: '/p/a' }));

      expect(outcomes).toEqual(['ok', 'ok', 'ThrottlingException']);
      expect(ssmStillServes.Parameter?.Value).toBe('a');
      expect(server.stats().byOperation.GetSecretValue).toEqual({ ok: 1, throttled: 1, failed: 0, total: 2 });
    });

    it('sends ThrottlingException by name, which is how the SDK classifies an unmodelled throttle, with a quota code', async () => {
      server.setSecretsThroughput({
        buckets: [{ operations: ['GetSecretValue'], rate: 1, burst: 1, quotaCode: 'L-SM-TEST' }],
      });
      await secrets.send(getDb);

      const error = await expectSdkError(secrets.send(getDb), SecretsManagerServiceException, 400);

      expect([error.name, error.message, error.$fault]).toEqual([
        'ThrottlingException',
        'Rate exceeded',
        'client',
      ]);
      expect((error as unknown as { QuotaCode?: string }).QuotaCode).toBe('L-SM-TEST');
    });

    it('refills from the injected clock', async () => {
      server.setSecretsThroughput({ buckets: [{ operations: ['GetSecretValue'], rate: 1, burst: 1 }] });
      await secrets.send(getDb);
      await expectSdkError(secrets.send(getDb), SecretsManagerServiceException, 400);

      clock.advance(1000);

      expect((await secrets.send(getDb)).SecretString).toBe('pw');
    });

    it('exhausting SSM does not throttle Secrets Manager, and a reference read counts against SSM', async () => {
      server.setThroughput({ buckets: [{ operations: ['GetParameter'], rate: 1, burst: 1 }] });
      await ssm.send(new GetParameterCommand({ Name: REFERENCE, WithDecryption: true }));

      await expectSdkError(ssm.send(new GetParameterCommand({ Name: '/p/a' })), SsmThrottlingException, 400);
      expect((await secrets.send(getDb)).SecretString).toBe('pw');
    });

    it("uses AWS's quotas by default: 10,000/s for GetSecretValue + DescribeSecret", async () => {
      const calls = Array.from({ length: 60 }, () => secrets.send(getDb));

      await Promise.all(calls);

      expect(server.stats().byOperation.GetSecretValue).toMatchObject({ ok: 60, throttled: 0 });
    });
  });

  describe('faults, in Secrets Manager words', () => {
    it('internalError → InternalServiceError, HTTP 500; invalidKeyId → DecryptionFailure', async () => {
      server.faults.script(['internalError', 'invalidKeyId'], { services: ['secretsmanager'] });

      const internal = await expectSdkError(secrets.send(getDb), InternalServiceError, 500);
      await expectSdkError(secrets.send(getDb), DecryptionFailure, 400);

      expect(internal.$fault).toBe('server');
    });

    it('accessDenied → AccessDeniedException naming the secretsmanager action and the secret ARN', async () => {
      server.faults.add({ kind: 'accessDenied', operations: ['GetSecretValue'], times: 1 });

      const error = await expectSdkError(secrets.send(getDb), SecretsManagerServiceException, 400);

      expect(error.name).toBe('AccessDeniedException');
      expect(error.message).toContain(
        'not authorized to perform: secretsmanager:GetSecretValue on resource: ',
      );
      expect(error.message).toContain('secret:app/db');
    });

    it('serviceUnavailable, malformed and reset reach the SDK as they do for SSM', async () => {
      server.faults.script(['serviceUnavailable', 'malformed', 'reset'], { operations: ['GetSecretValue'] });

      const unavailable = await expectSdkError(secrets.send(getDb), SecretsManagerServiceException, 503);
      const malformed = await secrets.send(getDb).then(
        () => 'resolved',
        (error: Error) => error.name,
      );
      const reset = await secrets.send(getDb).then(
        () => 'resolved',
        (error: Error) => error.name,
      );

      expect(unavailable.$fault).toBe('server');
      expect(malformed).not.toBe('resolved');
      expect(reset).not.toBe('resolved');
      expect(server.stats().calls.map((call) => call.errorType)).toEqual([
        'ServiceUnavailable',
        'MalformedResponse',
        'ConnectionReset',
      ]);
    });

    it('a fault scoped to one service leaves the other alone', async () => {
      server.faults.add({ kind: 'throttle', services: ['ssm'] });

      const fromSecrets = await secrets.send(getDb);
      await expectSdkError(ssm.send(new GetParameterCommand({ Name: '/p/a' })), SsmThrottlingException, 400);

      expect(fromSecrets.SecretString).toBe('pw');
    });

    it('latency applies per Secrets Manager operation', async () => {
      const delays: number[] = [];
      const timed = await startLocalSsm({
        seed: { secrets: [{ name: 's', value: 'v' }] },
        operationLatencyMs: { GetSecretValue: 25 },
        sleep: async (ms) => {
          delays.push(ms);
        },
      });
      const client = secretsClientFor(timed);

      await client.send(new GetSecretValueCommand({ SecretId: 's' }));
      await client.send(new DescribeSecretCommand({ SecretId: 's' }));
      await timed.close();

      expect(delays).toEqual([25]);
    });
  });

  describe('accounting', () => {
    it('counts Secrets Manager calls per operation and caller, and logs the service', async () => {
      const alice = secretsClientFor(server, 'AKIDALICE');

      await alice.send(getDb);
      await alice.send(new GetSecretValueCommand({ SecretId: 'missing' })).catch(() => undefined);
      await alice.send(new PutSecretValueCommand({ SecretId: 'app/db', SecretString: 'pw' }));
      await ssm.send(new GetParameterCommand({ Name: '/p/a' }));

      const stats = server.stats();
      // Every operation is listed (at zero until called): the ones called are these.
      const called = Object.entries(stats.byOperation).filter(([, counts]) => counts.total > 0);
      expect(Object.fromEntries(called)).toEqual({
        GetSecretValue: { ok: 1, throttled: 0, failed: 1, total: 2 },
        PutSecretValue: { ok: 1, throttled: 0, failed: 0, total: 1 },
        GetParameter: { ok: 1, throttled: 0, failed: 0, total: 1 },
      });
      expect(stats.byCaller.AKIDALICE).toEqual({ ok: 2, throttled: 0, failed: 1, total: 3 });
      expect(stats.calls.map(({ service, operation, errorType }) => [service, operation, errorType])).toEqual(
        [
          ['secretsmanager', 'GetSecretValue', undefined],
          ['secretsmanager', 'GetSecretValue', 'ResourceNotFoundException'],
          ['secretsmanager', 'PutSecretValue', undefined],
          ['ssm', 'GetParameter', undefined],
        ],
      );
    });

    it('answers an unknown Secrets Manager operation with UnknownOperationException and counts it', async () => {
      const response = await fetch(server.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'secretsmanager.ListSecrets',
        },
        body: '{}',
      });

      expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
      expect(server.stats().calls[0]).toMatchObject({
        service: 'secretsmanager',
        operation: 'ListSecrets',
        outcome: 'failed',
      });
    });
  });

  describe('denied secrets', () => {
    it('denySecret denies the Secrets Manager calls and the SSM reference, allowSecret lifts it', async () => {
      server.faults.denySecret('app/');

      // Secrets Manager does not model AccessDeniedException: the SDK names a generic service exception by `__type`.
      const direct = await expectSdkError(secrets.send(getDb), SecretsManagerServiceException, 400);
      const reference = await expectSdkError(
        ssm.send(new GetParameterCommand({ Name: REFERENCE, WithDecryption: true })),
        SsmAccessDeniedException,
        400,
      );
      await expectSdkError(
        ssm.send(new GetParametersCommand({ Names: [REFERENCE, '/p/a'], WithDecryption: true })),
        SsmAccessDeniedException,
        400,
      );
      server.faults.allowSecret('app/');

      expect(direct.name).toBe('AccessDeniedException');
      expect(direct.message).toMatch(
        /secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:.*secret:app\/db-/,
      );
      expect(reference.message).toContain('secretsmanager:GetSecretValue');
      expect((await secrets.send(getDb)).SecretString).toBe('pw');
    });

    it('denies from the start with the deniedSecrets option', async () => {
      const guarded = await startLocalSsm({
        deniedSecrets: ['app/'],
        seed: { secrets: [{ name: 'app/db', value: 'pw' }] },
      });

      const error = await expectSdkError(
        secretsClientFor(guarded).send(getDb),
        SecretsManagerServiceException,
        400,
      );
      await guarded.close();

      expect(error.name).toBe('AccessDeniedException');
    });

    it('denies a missing secret under a denied prefix rather than reporting it not found, as IAM decides first', async () => {
      server.faults.denySecret('app/');

      const error = await expectSdkError(
        secrets.send(new GetSecretValueCommand({ SecretId: 'app/none' })),
        SecretsManagerServiceException,
        400,
      );

      expect(error.name).toBe('AccessDeniedException');
      expect(error.message).toContain('secret:app/none');
    });
  });
});
