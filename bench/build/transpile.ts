/**
 * Compiles the package sources and the fleet worker to plain JavaScript once per bench run, so each of the hundreds
 * of worker processes starts with `node` alone instead of a TypeScript loader (half the start-up time, and the
 * measured code is what a user's bundle would run). Transpile only: type checking is `npm run typecheck`'s job.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Inside the repository so bare imports (`@aws-sdk/client-ssm`) resolve to its node_modules; one directory per bench
 * process, so a concurrent run (the smoke test, say) cannot delete files under a running fleet.
 */
export const BUILD_DIR = join(
  REPO_ROOT,
  'node_modules',
  '.cache',
  'middy-ssm-env-bench',
  String(process.pid),
);

const SOURCE_DIRS = ['src', 'bench/fleet', 'bench/warm'];

const listTypeScript = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listTypeScript(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
    }),
  );
  return nested.flat();
};

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  sourceMap: false,
};

/** Removes this process's build directory. */
export const removeBenchBuild = (): Promise<void> => rm(BUILD_DIR, { recursive: true, force: true });

/** Writes `<BUILD_DIR>/src/**.js` and `<BUILD_DIR>/bench/fleet/**.js`; returns BUILD_DIR. */
export const transpileForBench = async (): Promise<string> => {
  await rm(BUILD_DIR, { recursive: true, force: true });
  const files = (await Promise.all(SOURCE_DIRS.map((dir) => listTypeScript(join(REPO_ROOT, dir))))).flat();
  await Promise.all(
    files.map(async (file) => {
      const output = ts.transpileModule(await readFile(file, 'utf8'), { compilerOptions, fileName: file });
      const target = join(BUILD_DIR, relative(REPO_ROOT, file)).replace(/\.ts$/, '.js');
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, output.outputText);
    }),
  );
  // Mark the tree as ESM whatever the nearest package.json says.
  await writeFile(join(BUILD_DIR, 'package.json'), '{ "type": "module" }\n');
  return BUILD_DIR;
};
