/**
 * Import cost: time to `import()` a package's entry in a fresh Node process (what a cold start pays before any
 * handler code), many repetitions alternating between the packages, median reported.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { REPO_ROOT } from '../build/transpile.js';
import { percentile } from '../fleet/summarize.js';

const run = promisify(execFile);

export interface ImportCost {
  readonly name: string;
  readonly specifier: string;
  readonly medianMs: number;
}

const timeImport = async (specifier: string): Promise<number> => {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT });
  return Number(stdout.trim());
};

/**
 * Bundles the package entry exactly as `npm run build` does (one ESM file, dependencies external), so the figure is
 * what an installed package costs.
 */
const bundlePackage = async (buildDir: string): Promise<string> => {
  const outfile = join(buildDir, 'package', 'index.js');
  await build({
    entryPoints: [join(REPO_ROOT, 'src', 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
};

export const measureImportCost = async (buildDir: string, repetitions: number): Promise<ImportCost[]> => {
  const entries = [
    { name: 'middy-ssm-env', specifier: pathToFileURL(await bundlePackage(buildDir)).href },
    { name: '@middy/ssm', specifier: '@middy/ssm' },
  ];
  const samples = new Map<string, number[]>(entries.map((entry) => [entry.name, []]));
  // One untimed import of each warms the OS file cache so the first timed sample is not an outlier.
  for (const entry of entries) await timeImport(entry.specifier);
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (const entry of repetition % 2 === 0 ? entries : [...entries].reverse()) {
      samples.get(entry.name)?.push(await timeImport(entry.specifier));
    }
  }
  return entries.map((entry) => ({
    ...entry,
    medianMs:
      percentile(
        [...(samples.get(entry.name) ?? [])].sort((a, b) => a - b),
        50,
      ) ?? Number.NaN,
  }));
};
