/**
 * CI's guard against a rotting benchmark harness (not part of `npm test`: it takes a minute). A `--quick` run of a
 * small fleet and the round-trip measure must finish, exit 0 and write a report and a chart. It checks that the
 * harness works, never how fast anything is.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`bench smoke: ${what}`);
};

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
    { cwd: process.cwd(), timeout: 120_000 },
  );
  const report = await readFile(join(outDir, 'REPORT.md'), 'utf8');
  check(report.includes('## Stampede simulation'), 'the report has no stampede section');
  check(/\| middy-ssm-env \| \d+ of \d+ \|/.test(report), 'the report has no middy-ssm-env row');
  check(report.includes('## Round trips for 130 parameters'), 'the report has no round-trip section');
  const chart = await readFile(join(outDir, 'field-case.svg'), 'utf8');
  check(chart.startsWith('<svg'), 'the chart is not an SVG');
  console.log('bench smoke: 1 passed, 0 failed');
} finally {
  await rm(outDir, { recursive: true, force: true });
}
