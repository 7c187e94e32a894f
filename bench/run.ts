/**
 * `npm run bench`: the stampede simulation side by side with the anchors, the warm path, import cost, memory and
 * round trips; prints tables, writes bench/results/REPORT.md and field-case.svg. `-- --quick` is a smoke run (fewer
 * functions and parameters, written to a temp dir unless `--out` is given). Exits non-zero only on a harness error,
 * never on a slow figure.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalSsm } from '../src/testing.js';
import { removeBenchBuild, transpileForBench } from './build/transpile.js';
import { scenarios } from './fleet/scenarios.js';
import { fieldData } from './fleet/seedData.js';
import { type CandidateRun, runStampede } from './fleet/stampede.js';
import type { CandidateId } from './fleet/types.js';
import { VARIANTS } from './fleet/variants.js';
import { renderCallRateChart } from './report/callRateChart.js';
import { describeMachine } from './report/machine.js';
import { stampedeRow } from './report/stampedeTable.js';
import { checkTargets } from './report/targets.js';
import { writeReport } from './report/writeReport.js';
import { measureImportCost } from './warm/importCost.js';
import { measureMemory } from './warm/memory.js';
import { measureRoundTrips } from './warm/roundTrips.js';
import { runWarmPath } from './warm/warmPath.js';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

const argument = (name: string): string | undefined =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

/** `--timeline`: the run's calls per second, to see where a makespan goes. */
const perSecond = (run: CandidateRun): string => {
  const seconds: { ok: number; throttled: number }[] = [];
  for (const call of run.summary.timeline) {
    const second = Math.max(0, Math.floor(call.atMs / 1000));
    while (seconds.length <= second) seconds.push({ ok: 0, throttled: 0 });
    const slot = seconds[second] as { ok: number; throttled: number };
    if (call.outcome === 'ok') slot.ok += 1;
    else if (call.outcome === 'throttled') slot.throttled += 1;
  }
  return seconds.map((slot, index) => `${index}s ${slot.ok}/${slot.throttled}`).join('  ');
};

const main = async (): Promise<void> => {
  const quick = process.argv.includes('--quick');
  const only = argument('only')?.split(',');
  const outDir = argument('out') ?? (quick ? join(tmpdir(), 'middy-ssm-env-bench-quick') : RESULTS_DIR);
  const wants = (section: string) => !only || only.includes(section);
  const started = Date.now();
  const machine = describeMachine();
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}`,
  );

  const buildDir = await transpileForBench();
  const worker = { path: join(buildDir, 'bench', 'fleet', 'worker.js'), execArgv: [] };
  const allScenarios = scenarios(quick).filter((scenario) => wants('fleet') || wants(scenario.id));
  const candidates = argument('candidates')?.split(',') as CandidateId[] | undefined;
  const variants = argument('variants')
    ?.split(',')
    .map((name) => {
      const variant = VARIANTS.find((candidate) => candidate.name === name);
      if (!variant)
        throw new Error(`unknown variant ${name}; known: ${VARIANTS.map((v) => v.name).join(', ')}`);
      return variant;
    });
  const runs: CandidateRun[] = await runStampede({
    scenarios: allScenarios,
    ...(candidates ? { candidates } : {}),
    ...(variants ? { variants } : {}),
    worker,
    onRun: (run) => {
      console.log(`[${run.scenario.id}] ${stampedeRow(run).join(' | ')}`);
      if (process.argv.includes('--timeline')) console.log(`  per second (ok/throttled): ${perSecond(run)}`);
    },
  });

  const data = fieldData(quick ? 40 : 130, quick ? 20 : 40);
  const warm = wants('warm')
    ? await (async () => {
        const server = await startLocalSsm({ seed: data.seed, throughput: 'high' });
        try {
          return await runWarmPath(server, data.parameterNames.slice(0, 20), { quick });
        } finally {
          await server.close();
        }
      })()
    : undefined;
  for (const result of warm ?? [])
    console.log(
      `[warm] ${result.name}: ${result.meanNs.toFixed(0)} ns, ${result.ratioToBare.toFixed(2)}× bare`,
    );
  const imports = wants('import') ? await measureImportCost(buildDir, quick ? 3 : 21) : undefined;
  for (const cost of imports ?? []) console.log(`[import] ${cost.name}: ${cost.medianMs.toFixed(1)} ms`);
  const memory = wants('memory') ? await measureMemory(buildDir, quick ? 1 : 3) : undefined;
  for (const cost of memory ?? [])
    console.log(`[memory] ${cost.name}: ${(cost.bytesPer1000 / 1024).toFixed(0)} KiB / 1,000`);
  const roundTrips = wants('roundtrips') ? await measureRoundTrips(data, quick ? 2 : 7) : undefined;
  for (const trip of roundTrips ?? [])
    console.log(`[round trips] ${trip.mode}: ${trip.roundTrips.toFixed(2)} (${trip.calls} calls)`);

  const targets = checkTargets({
    runs,
    ...(warm ? { warm } : {}),
    ...(imports ? { imports } : {}),
    ...(roundTrips ? { roundTrips } : {}),
  });
  for (const check of targets)
    console.log(`[target] ${check.met ? 'met ' : 'MISS'} ${check.target}: ${check.measured}`);

  await mkdir(outDir, { recursive: true });
  const fieldRuns = runs.filter((run) => run.scenario.id === 'field');
  if (fieldRuns.length > 0) {
    const svg = renderCallRateChart(
      fieldRuns.map((run) => ({
        title: run.candidate,
        timeline: run.summary.timeline,
        makespanMs: run.summary.makespanMs,
      })),
      { quotaPerSecond: 40, title: fieldRuns[0]?.scenario.title ?? 'field case' },
    );
    await writeFile(join(outDir, 'field-case.svg'), svg);
  }
  const report = await writeReport({
    machine,
    quick,
    dataSource: data.source,
    runs,
    targets,
    ...(warm ? { warm } : {}),
    ...(imports ? { imports } : {}),
    ...(memory ? { memory } : {}),
    ...(roundTrips ? { roundTrips } : {}),
    durationMs: Date.now() - started,
  });
  await writeFile(join(outDir, 'REPORT.md'), report);
  console.log(`wrote ${join(outDir, 'REPORT.md')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
};

main()
  .then(removeBenchBuild)
  .catch(async (error: unknown) => {
    console.error('bench harness error:', error);
    await removeBenchBuild();
    process.exit(1);
  });
