/**
 * Data at the edges: a tree of 10,000 parameters, values of the maximum size, non-ASCII values.
 */
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LocalSsm } from '../../src/testing.js';
import { callCount, startServer, wire } from '../helpers/harness.js';
import { registerSecret } from '../helpers/leakRegistry.js';

const TREE_SIZE = 10_000;
const STANDARD_MAX = 'x'.repeat(4096);
const ADVANCED_MAX = registerSecret(`adv-secret-${'y'.repeat(8192 - 11)}`);
const UNICODE = 'pâté — 東京 — 🔑 — \u00e9\u0301';

let server: LocalSsm;

beforeAll(async () => {
  server = await startServer({
    parameters: [
      ...Array.from({ length: TREE_SIZE }, (_, i) => ({
        name: `/tree/g${Math.floor(i / 100)}/p${i}`,
        value: `v${i}`,
      })),
      { name: '/edge/standard-max', value: STANDARD_MAX },
      { name: '/edge/unicode', value: UNICODE },
    ],
  });
  // Values above 4 KB need the advanced tier, which only PutParameter sets.
  await new SSMClient(server.clientConfig()).send(
    new PutParameterCommand({
      Name: '/edge/advanced-max',
      Value: ADVANCED_MAX,
      Type: 'SecureString',
      Tier: 'Advanced',
    }),
  );
});

afterAll(() => server.close());

describe('edge values', () => {
  it(`loads a tree of ${TREE_SIZE} parameters in ceil(n/10) pages`, async () => {
    const wired = wire(server, { fetchData: { tree: '/tree/' }, setToEnv: true });

    const { env, internal } = await wired.invoke();

    expect(Object.keys(env)).toHaveLength(TREE_SIZE);
    expect(env.G99_P9999).toBe('v9999');
    expect(Object.keys(internal.tree as object)).toHaveLength(TREE_SIZE);
    expect(callCount(server, 'GetParametersByPath')).toBe(TREE_SIZE / 10);
    // 1,000 pages from the in-process server: 15–24 s on a loaded 2-core machine, over the suite's 20 s.
  }, 60_000);

  it('round-trips values of the maximum size and non-ASCII values exactly', async () => {
    const wired = wire(server, {
      fetchData: { STANDARD: '/edge/standard-max', ADVANCED: '/edge/advanced-max', UNICODE: '/edge/unicode' },
      setToEnv: true,
    });

    const { env } = await wired.invoke();

    expect(env.STANDARD).toBe(STANDARD_MAX);
    expect(env.ADVANCED).toBe(ADVANCED_MAX);
    expect(env.UNICODE).toBe(UNICODE);
  });
});
