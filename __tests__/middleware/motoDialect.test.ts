/**
 * moto and LocalStack answer a GetParameters of `/aws/reference/secretsmanager/<id>` with `Name` = the bare secret
 * id and no `Selector`; AWS with the full reference name. Both must resolve — against the server's moto dialect.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { LocalSsm } from '../../src/testing.js';
import { callCount, resetCaches, startSecretsManagerServer, wire } from '../helpers/harness.js';
import { registerSecret } from '../helpers/leakRegistry.js';

const CURRENT = registerSecret(JSON.stringify({ password: 'moto-current-6620-secret' }));
const PREVIOUS = registerSecret(JSON.stringify({ password: 'moto-previous-1187-secret' }));
registerSecret('moto-current-6620-secret');
registerSecret('moto-previous-1187-secret');
const REF = '/aws/reference/secretsmanager/';

let server: LocalSsm;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  ({ server, close: closeServer } = await startSecretsManagerServer(
    {
      parameters: [{ name: '/app/plain', value: 'plain-value' }],
      secrets: [{ name: 'prod/db', value: CURRENT, previous: PREVIOUS }],
    },
    { dialect: 'moto' },
  ));
});

afterAll(() => closeServer());

afterEach(() => {
  resetCaches();
  server.resetStats();
});

describe('moto dialect', () => {
  it('matches a reference answered under the bare secret id', async () => {
    const { invoke } = wire(server, {
      fetchData: { password: `${REF}prod/db#password`, plain: '/app/plain' },
    });

    const { internal } = await invoke();

    expect(internal).toEqual({ password: 'moto-current-6620-secret', plain: 'plain-value' });
    expect(callCount(server, 'GetParameters')).toBe(1);
  });

  it('keeps two versions of one secret apart although moto sends no Selector', async () => {
    const { invoke } = wire(server, {
      fetchData: { previous: `${REF}prod/db:AWSPREVIOUS#password`, current: `${REF}prod/db#password` },
    });

    const { internal } = await invoke();

    expect(internal).toEqual({ previous: 'moto-previous-1187-secret', current: 'moto-current-6620-secret' });
  });

  it("reads a missing secret as not found although moto answers HTTP 404, and doesn't retry it", async () => {
    const { invoke } = wire(server, {
      fetchData: {
        gone: { name: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/gone', optional: true },
      },
    });

    const { internal } = await invoke();

    expect(internal).toEqual({ gone: undefined });
    expect(callCount(server, 'GetSecretValue')).toBe(1);
  });

  it('reads the same secret natively from the moto dialect', async () => {
    const { invoke } = wire(server, {
      secrets: [
        {
          name: 'PASSWORD',
          valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db:password::',
        },
      ],
    });

    const { env } = await invoke();

    expect(env).toEqual({ PASSWORD: 'moto-current-6620-secret' });
  });
});
