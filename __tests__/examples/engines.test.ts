/**
 * `engines.node` must be true: no lower than what the package's runtime dependency and peers require, and matched
 * by the Node.js versions CI runs the suite on and the examples deploy to.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from './helpers.js';

interface Manifest {
  readonly engines?: { readonly node?: string };
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

const manifestOf = async (path: string): Promise<Manifest> =>
  JSON.parse(await readFile(join(REPO_ROOT, path), 'utf8')) as Manifest;

/** The major version of a `>=N[.x.y]` range; anything else is not a plain lower bound. */
const lowerBound = (range: string | undefined): number => {
  const match = /^>=\s*(\d+)(\.\d+){0,2}$/.exec(range?.trim() ?? '');
  if (!match) throw new Error(`expected a plain '>=N' range, got '${range}'`);
  return Number(match[1]);
};

describe('engines.node', () => {
  it('is no lower than what the runtime dependency and the peers require', async () => {
    const own = await manifestOf('package.json');
    const names = [...Object.keys(own.dependencies ?? {}), ...Object.keys(own.peerDependencies ?? {})];
    const required = await Promise.all(
      names.map(async (name) => {
        const engines = (await manifestOf(`node_modules/${name}/package.json`)).engines?.node;
        return engines === undefined ? 0 : lowerBound(engines);
      }),
    );

    expect(lowerBound(own.engines?.node)).toBe(22);
    expect(Math.max(...required)).toBeLessThanOrEqual(lowerBound(own.engines?.node));
  });

  it('is what CI tests (Node 22 and 24) and what the examples deploy (nodejs22.x and later)', async () => {
    const ci = await readFile(join(REPO_ROOT, '.ci/run'), 'utf8');
    const deployed = await Promise.all(
      ['examples/terraform/main.tf', 'examples/sam/template.yaml', 'examples/cdk/stack.ts'].map((file) =>
        readFile(join(REPO_ROOT, file), 'utf8'),
      ),
    );

    expect(ci).toContain('for major in 22 24; do');
    for (const text of deployed) {
      const runtimes = [...text.matchAll(/nodejs(\d+)\.x|NODEJS_(\d+)_X/g)].map((match) =>
        Number(match[1] ?? match[2]),
      );
      expect(runtimes.length).toBeGreaterThan(0);
      expect(Math.min(...runtimes)).toBeGreaterThanOrEqual(22);
    }
  });
});
