/**
 * Memory held per 1,000 cached parameters: heapUsed after GC, loading 1,100 minus loading 100 parameters (so the
 * fixed cost of a client and a middleware cancels out), each in a fresh process with --expose-gc.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../build/transpile.js';

const run = promisify(execFile);
const LOADERS = ['middy-ssm-env', '@middy/ssm', 'powertools'] as const;

export interface MemoryCost {
  readonly name: string;
  /** Bytes of heap held per 1,000 cached parameters. */
  readonly bytesPer1000: number;
}

const probe = async (buildDir: string, loader: string, count: number): Promise<number> => {
  const script = join(buildDir, 'bench', 'warm', 'memoryProbe.js');
  const { stdout } = await run(process.execPath, ['--expose-gc', script, loader, String(count)], {
    cwd: REPO_ROOT,
  });
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { delta: number }).delta;
};

export const measureMemory = async (buildDir: string, repetitions: number): Promise<MemoryCost[]> => {
  const results: MemoryCost[] = [];
  for (const loader of LOADERS) {
    const differences: number[] = [];
    for (let repetition = 0; repetition < repetitions; repetition++) {
      differences.push((await probe(buildDir, loader, 1100)) - (await probe(buildDir, loader, 100)));
    }
    differences.sort((a, b) => a - b);
    results.push({
      name: loader,
      bytesPer1000: differences[Math.floor(differences.length / 2)] ?? Number.NaN,
    });
  }
  return results;
};
