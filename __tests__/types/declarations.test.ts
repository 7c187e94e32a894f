/**
 * The type tests, compiled the way users compile them:
 * - the `@middy/ssm` user's file (`middySsmSwitch.types.ts`) compiles against `@middy/ssm` itself, so it stays a
 *   genuine `@middy/ssm` file whose only change is the import;
 * - the same file compiles against the package's emitted declarations (`.d.ts`, as published), with `@middy/core`'s
 *   types present.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const switchFile = path.join(root, '__tests__/types/middySsmSwitch.types.ts');
const userFile = path.join(root, '__tests__/types/__user.types.ts');
const distDir = path.join(root, '__virtual_dist__');

const compilerOptions = (overrides: ts.CompilerOptions): ts.CompilerOptions => {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return { ...parsed.options, noEmit: true, ...overrides };
};

const ancestors = (directory: string): string[] =>
  directory === path.dirname(directory) ? [directory] : [directory, ...ancestors(path.dirname(directory))];

/** A compiler host that also serves `files` (absolute path → text) as if they were on disk. */
const hostWith = (options: ts.CompilerOptions, files: ReadonlyMap<string, string>): ts.CompilerHost => {
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile, directoryExists } = host;
  const virtualDirectories = new Set([...files.keys()].flatMap((name) => ancestors(path.dirname(name))));
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.directoryExists = (name) =>
    virtualDirectories.has(name) || (directoryExists?.call(host, name) ?? false);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, onError) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile.call(host, name, language, onError)
      : ts.createSourceFile(name, text, language);
  };
  return host;
};

const errorsIn = (program: ts.Program, files: readonly string[]): string[] =>
  ts
    .getPreEmitDiagnostics(program)
    .filter(
      (diagnostic) => diagnostic.file && files.some((file) => diagnostic.file?.fileName.startsWith(file)),
    )
    .map((diagnostic) => {
      const where = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const name = path.relative(root, diagnostic.file?.fileName ?? '');
      return `${name}:${(where?.line ?? 0) + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });

const userSource = readFileSync(switchFile, 'utf8');

describe('the @middy/ssm user file', () => {
  it('imports middy-ssm-env where @middy/ssm was, and nothing else differs', () => {
    expect(userSource).toContain("from 'middy-ssm-env';");
    expect(userSource).not.toMatch(/from '@middy\/ssm'/);
  });

  it('compiles against @middy/ssm itself', () => {
    const options = compilerOptions({});
    const files = new Map([[userFile, userSource.replace("from 'middy-ssm-env';", "from '@middy/ssm';")]]);
    const program = ts.createProgram([userFile], options, hostWith(options, files));

    expect(errorsIn(program, [userFile])).toEqual([]);
  }, 60_000);

  it('compiles against the emitted declarations', () => {
    const build = compilerOptions({
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      rootDir: path.join(root, 'src'),
      outDir: distDir,
      paths: {},
      types: ['node'],
    });
    const emitted = new Map<string, string>();
    const buildHost = ts.createCompilerHost(build);
    buildHost.writeFile = (name, text) => emitted.set(path.resolve(name), text);
    const emit = ts
      .createProgram([path.join(root, 'src/index.ts'), path.join(root, 'src/testing.ts')], build, buildHost)
      .emit();
    expect(emit.diagnostics).toEqual([]);
    expect(emitted.has(path.join(distDir, 'index.d.ts'))).toBe(true);

    // As a user's project sees the package: `middy-ssm-env` resolves to the declarations. With `skipLibCheck` (as
    // most projects have it) a declaration that failed to resolve would turn into `any`, which the file's exact type
    // assertions refuse.
    const options = compilerOptions({
      paths: { 'middy-ssm-env': [path.join(distDir, 'index.d.ts')] },
    });
    const files = new Map([...emitted, [userFile, userSource]]);
    const program = ts.createProgram([userFile], options, hostWith(options, files));

    expect(errorsIn(program, [userFile, distDir])).toEqual([]);
  }, 60_000);
});
