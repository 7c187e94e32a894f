/**
 * Keeps the benchmark harness from rotting: a `--quick` smoke run of a small fleet and the round-trip measure must
 * finish, exit 0 and write a report and a chart. It asserts that the harness works, never how fast anything is.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('npm run bench -- --quick runs the harness end to end and writes the report and chart', async () => {
  const outDir = await mkdtemp(join(tmpdir(), 'bench-quick-'));
  try {
    await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/run.ts',
        '--quick',
        '--only=field,roundtrips',
        '--candidates=middy-ssm-env,naive loop',
        `--out=${outDir}`,
      ],
      { cwd: process.cwd(), timeout: 60_000 },
    );
    const report = await readFile(join(outDir, 'REPORT.md'), 'utf8');
    expect(report).toContain('## Stampede simulation');
    expect(report).toMatch(/\| middy-ssm-env \| \d+ of 8 \|/);
    expect(report).toContain('## Round trips for 130 parameters');
    const chart = await readFile(join(outDir, 'field-case.svg'), 'utf8');
    expect(chart.startsWith('<svg')).toBe(true);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}, 60_000);
