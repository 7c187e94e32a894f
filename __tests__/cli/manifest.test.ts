import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { manifestCommand } from '../../src/cli/commands/manifest.js';
import { createManifest, diffManifest, parseManifest } from '../../src/cli/manifest/manifestFile.js';
import { fieldCaseSeed } from '../fixtures/fieldCase.js';
import { callsOf, recordingIo, UNTHROTTLED, useServerAndDirectory } from './helpers.js';

const seed = fieldCaseSeed();
const fieldCaseNames = seed.parameters.map((parameter) => parameter.name).sort();

describe('manifest file', () => {
  it('sorts the names and drops duplicates', () => {
    expect(createManifest('/a/', ['/a/c', '/a/b', '/a/c'])).toEqual({ path: '/a/', names: ['/a/b', '/a/c'] });
  });

  it('reads { path, names } and a bare array, and rejects anything else', () => {
    expect(parseManifest('{"path":"/a/","names":["/a/b"]}', 'm.json')).toEqual({
      path: '/a/',
      names: ['/a/b'],
    });
    expect(parseManifest('["/a/b"]', 'm.json')).toEqual({ names: ['/a/b'] });
    expect(() => parseManifest('{"names":[1]}', 'm.json')).toThrow(
      'm.json: expected { "path": string, "names": string[] } or an array of names',
    );
    expect(() => parseManifest('{', 'm.json')).toThrow(
      'm.json is not valid JSON: expected a property name in double quotes at line 1, column 2',
    );
  });

  it('reports names added to SSM and names removed from it', () => {
    expect(diffManifest(['/a/1', '/a/2'], ['/a/2', '/a/3'])).toEqual({ added: ['/a/3'], removed: ['/a/1'] });
  });
});

describe('middy-ssm-env manifest', () => {
  const fixture = useServerAndDirectory({ seed, throughput: UNTHROTTLED });

  beforeEach(() => fixture.server.resetStats());

  it('prints { path, names } with the 130 names, sorted', async () => {
    const io = recordingIo();

    const code = await manifestCommand(['/myapp/prod', '--endpoint', fixture.server.endpoint], io);

    expect(code).toBe(0);
    expect(JSON.parse(io.out.join('\n'))).toEqual({ path: '/myapp/prod/', names: fieldCaseNames });
    expect(callsOf(fixture.server, 'GetParametersByPath').total).toBe(13);
  });

  it('writes the manifest with --out, and --check finds it in sync', async () => {
    const file = join(fixture.directory.path, 'in-sync.json');
    const write = recordingIo();
    const check = recordingIo();

    await manifestCommand(['/myapp/prod/', '--endpoint', fixture.server.endpoint, '--out', file], write);
    const code = await manifestCommand(['--check', file, '--endpoint', fixture.server.endpoint], check);

    expect(write.out).toEqual([`Wrote 130 name(s) under /myapp/prod/ to ${file}.`]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ path: '/myapp/prod/', names: fieldCaseNames });
    expect(code).toBe(0);
    expect(check.out).toEqual([`${file} matches /myapp/prod/: 130 name(s).`]);
  });

  it('exits 1 on drift, listing names added and removed', async () => {
    const file = join(fixture.directory.path, 'stale.json');
    await manifestCommand(
      ['/myapp/prod/', '--endpoint', fixture.server.endpoint, '--out', file],
      recordingIo(),
    );
    fixture.server.putParameter({ name: '/myapp/prod/new-flag', value: 'on' });
    fixture.server.deleteParameter('/myapp/prod/log-level');
    const io = recordingIo();
    const json = recordingIo();

    try {
      const code = await manifestCommand(
        ['/myapp/prod/', '--check', file, '--endpoint', fixture.server.endpoint],
        io,
      );
      const jsonCode = await manifestCommand(
        ['--check', file, '--endpoint', fixture.server.endpoint, '--json'],
        json,
      );

      expect([code, jsonCode]).toEqual([1, 1]);
      expect(io.out).toEqual([
        `${file} has drifted from /myapp/prod/: 1 added, 1 removed.`,
        '  + /myapp/prod/new-flag  (in SSM, not fetched until the manifest is regenerated)',
        '  - /myapp/prod/log-level  (gone from SSM: the middleware fails the cold start)',
        `Regenerate it: middy-ssm-env manifest /myapp/prod/ --out ${file}`,
      ]);
      expect(JSON.parse(json.out.join('\n'))).toEqual({
        path: '/myapp/prod/',
        file,
        inSync: false,
        added: ['/myapp/prod/new-flag'],
        removed: ['/myapp/prod/log-level'],
      });
    } finally {
      fixture.server.deleteParameter('/myapp/prod/new-flag');
      const original = seed.parameters.find((parameter) => parameter.name === '/myapp/prod/log-level');
      fixture.server.putParameter({ name: '/myapp/prod/log-level', value: original?.value ?? '' });
    }
  });

  it('checks a bare array against the path given', async () => {
    const file = join(fixture.directory.path, 'bare.json');
    await writeFile(file, JSON.stringify(fieldCaseNames));
    const io = recordingIo();

    expect(
      await manifestCommand(['/myapp/prod/', '--check', file, '--endpoint', fixture.server.endpoint], io),
    ).toBe(0);
  });

  it.each([
    [['/myapp/prod/', '--out', 'a.json', '--check', 'b.json'], 'use either --out or --check, not both'],
    [[], 'missing <path>'],
  ])('exits 2 on %j', async (args, message) => {
    const io = recordingIo();

    expect(await manifestCommand(args, io)).toBe(2);
    expect(io.err[0]).toContain(message);
  });

  it('exits 1 without writing when nothing is under the path: an empty manifest would load nothing', async () => {
    const file = join(fixture.directory.path, 'empty.json');
    const io = recordingIo();

    const code = await manifestCommand(
      ['/myapp/prd/', '--endpoint', fixture.server.endpoint, '--out', file],
      io,
    );

    expect(code).toBe(1);
    expect(io.err.at(-1)).toContain('middy-ssm-env manifest: no parameters under /myapp/prd/');
    await expect(readFile(file, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('exits 2 when the --check file is missing or not a manifest', async () => {
    const notManifest = join(fixture.directory.path, 'not-manifest.json');
    await writeFile(notManifest, '{"names":[1]}');
    const missing = recordingIo();
    const wrong = recordingIo();

    expect(await manifestCommand(['--check', join(fixture.directory.path, 'nope.json')], missing)).toBe(2);
    expect(await manifestCommand(['--check', notManifest], wrong)).toBe(2);
    expect(missing.err[0]).toBe(
      `middy-ssm-env manifest: --check: cannot read ${join(fixture.directory.path, 'nope.json')}: no such file`,
    );
    expect(wrong.err[0]).toBe(
      `middy-ssm-env manifest: ${notManifest}: expected { "path": string, "names": string[] } or an array of names`,
    );
  });

  it('exits 2 when the stored manifest is of another path, or names none and none is given', async () => {
    const other = join(fixture.directory.path, 'other.json');
    const bare = join(fixture.directory.path, 'bare-only.json');
    await writeFile(other, JSON.stringify({ path: '/other/', names: [] }));
    await writeFile(bare, '[]');
    const io = recordingIo();

    expect(
      await manifestCommand(['/myapp/prod/', '--check', other, '--endpoint', fixture.server.endpoint], io),
    ).toBe(2);
    expect(await manifestCommand(['--check', bare, '--endpoint', fixture.server.endpoint], io)).toBe(2);
    expect(io.err).toContain(
      `middy-ssm-env manifest: ${other} is the manifest of /other/, not of /myapp/prod/`,
    );
    expect(io.err).toContain(`middy-ssm-env manifest: ${bare} does not name its path: pass <path>`);
  });
});
